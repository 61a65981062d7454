// A server process for the load benchmarks, started by bench/support/procs.ts. BENCH_MODE:
//   app   Doorstep's runtime and doors (API, socket.io, Yjs; no SvelteKit pages), configured by the
//         environment like server/index.ts, plus POST /__bench/notice, which posts a board notice through
//         the notice service and answers with the moment its transaction committed, and POST
//         /__bench/noop, which reads the body and answers 201 with a small JSON (the HTTP floor);
//   bare  a bare socket.io server with the same options: 'board:subscribe' joins the room, and
//         POST /__bench/emit broadcasts the given payload to it and answers with the moment it did.
// Times are performance.timeOrigin + performance.now(): comparable across processes on one machine.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import type { StaffPrincipal } from '../../src/lib/domain/roles';

const now = () => performance.timeOrigin + performance.now();
const http = createServer();

function body(req: IncomingMessage): Promise<any> {
  return new Promise((resolve) => {
    let s = '';
    req.on('data', (d) => (s += d));
    req.on('end', () => resolve(s ? JSON.parse(s) : {}));
  });
}
function reply(res: ServerResponse, data: unknown) {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(data));
}

if (process.env.BENCH_MODE === 'bare') {
  const io = new Server(http, { path: '/socket.io', serveClient: false, transports: ['websocket'], pingInterval: 20_000, pingTimeout: 20_000 });
  io.on('connection', (socket) => {
    socket.on('board:subscribe', (req: { scope: string }, ack: (r: unknown) => void) => {
      void socket.join(req.scope);
      ack({ data: { scope: req.scope, hw: 0, events: [], resync: false } });
    });
  });
  http.on('request', async (req, res) => {
    if (req.url !== '/__bench/emit') return void res.writeHead(404).end();
    const { scope, payload } = await body(req);
    const at = now();
    io.to(scope).emit('board:event', payload);
    reply(res, { at });
  });
} else {
  // Loaded only here, so the bare server's memory is socket.io's alone.
  const { createApp } = await import('../../server/app');
  const { loadConfig } = await import('../../src/lib/server/config');
  const { createRuntime } = await import('../../src/lib/server/runtime/runtime');
  const { demoKioskPairing, seedDemo } = await import('../../src/lib/server/seed/demo');
  const { findStaffByUsername } = await import('../../src/lib/server/repositories/staff.repository');
  const runtime = await createRuntime(loadConfig());
  if (process.env.BENCH_SEED !== 'false') await seedDemo(runtime.core.db);
  const u = (await findStaffByUsername(runtime.core.db, 'desk'))!;
  const desk: StaffPrincipal = { kind: 'staff', userId: u.id, role: 'agent', streetId: u.streetId, communityId: u.communityId, pointId: u.pointId, companyId: u.companyId };
  let n = 0;
  // The moment a commit returned, before its events are dispatched: the bus hands events that follow its mark
  // to the listeners (the socket.io gateway) inside committed(), so the service's promise resolves after the
  // clients were sent the event. One notice at a time, so the last moment is this notice's.
  let committedAt = 0;
  const committed = runtime.core.bus.committed.bind(runtime.core.bus);
  runtime.core.bus.committed = (events) => {
    committedAt = now();
    committed(events);
  };
  // Before the app's own listener: only this one path.
  http.on('request', async (req, res) => {
    if (req.url === '/__bench/notice') {
      const { scope, text } = await body(req);
      await runtime.services.notices.post(desk, u.displayName, `bench-${process.pid}-${++n}`, { scope, text });
      return reply(res, { at: committedAt });
    }
    // The HTTP floor: the same request and a 201 answer of the same size, nothing else (no express, no database).
    if (req.url === '/__bench/noop') {
      await body(req);
      res.statusCode = 201;
      return reply(res, { data: { caseId: 0, caseNo: 'D00000000-000000', state: 'submitted', version: 1 } });
    }
    if (req.url === '/__bench/kiosk-code') {
      const demo = (await demoKioskPairing(runtime.core.db))!;
      return reply(res, await runtime.services.kiosks.issuePairingCode(demo.admin, demo.kioskId, 3_600_000));
    }
  });
  const app = createApp(http, { runtime, listenOnHttpServer: false });
  http.on('request', (req, res) => {
    if (!req.url?.startsWith('/__bench/')) app.express(req, res);
  });
}

http.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => process.send?.({ ready: true, port: (http.address() as AddressInfo).port }));
