// The load generator's HTTP client: node:http with a keep-alive agent. It shares the machine's two cores
// with the servers and Postgres, and costs ≈ 0.3 ms of CPU per request against fetch's ≈ 0.7 ms (measured
// 2026-11-26 with the throughput bench's transitions), so the servers get the CPU fetch would have used.
import http from 'node:http';

const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });

export function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<{ status: number; json: () => any }> {
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers: { ...headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: () => JSON.parse(text) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });
}
