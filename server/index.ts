// Entry point: one process serving SvelteKit, the JSON API, socket.io and Yjs over one runtime.
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { RequestHandler } from 'express';
import { loadConfig } from '../src/lib/server/config';
import { DataDirLockedError } from '../src/lib/server/db/lock';
import { createRuntime } from '../src/lib/server/runtime/runtime';
import { demoKioskPairing, seedDemo } from '../src/lib/server/seed/demo';
import { playDemoActivity } from '../src/lib/server/seed/demo-activity';
import { DEMO_PASSWORD, DEMO_USERS } from '../src/lib/server/seed/demo-data';
import { createApp, PROTO_HEADER } from './app';

const HANDLER = 'build/handler.js';

async function main() {
  const config = loadConfig();
  if (!existsSync(HANDLER)) throw new Error(`${HANDLER} is missing: run \`npm run build\` first (npm start does)`);
  // Without ORIGIN, SvelteKit (adapter-node) would assume https; tell it the scheme we serve, and let
  // it take the host from the request, as our own same-origin checks do.
  if (!config.origin) process.env.PROTOCOL_HEADER = PROTO_HEADER;
  const { handler } = (await import(pathToFileURL(HANDLER).href)) as { handler: RequestHandler };

  const runtime = await createRuntime(config);
  const seed = config.demoSeed ? await seedDemo(runtime.core.db) : { seeded: false, demo: false };
  const played = seed.seeded && config.demoActivity ? await playDemoActivity(runtime) : 0;

  const httpServer = createServer();
  const app = createApp(httpServer, { runtime, kitHandler: handler });
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const addr = httpServer.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.port;
  const base = config.origin ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}`;

  const lines = [
    `Doorstep (家门口) listening on ${base}  —  database: ${runtime.core.database.kind}${config.databaseUrl ? '' : ` (${config.dataDir})`}`,
    `  desk 代办点:     ${base}/desk  (paper surveys: ${base}/desk/surveys)`,
    `  verify 社区核查: ${base}/verify`,
    `  street 街道:     ${base}/street`,
    `  association 促进会: ${base}/association  (surveys: ${base}/association/surveys)`,
    `  admin 管理:      ${base}/admin  (surveys: ${base}/admin/surveys)`,
    `  kiosk 自助机:    ${base}/kiosk`
  ];
  if (seed.demo) {
    lines.push(`Demo logins (password "${DEMO_PASSWORD}"): ${DEMO_USERS.map((u) => `${u.username} (${u.role})`).join(', ')}`);
    if (played) lines.push(`Demo activity: ${played} cases of the past two weeks at 侨香村 (desk) and 香蜜湖一号 (desk2), two of them overdue`);
    const demo = await demoKioskPairing(runtime.core.db);
    if (demo) {
      const { code } = await runtime.services.kiosks.issuePairingCode(demo.admin, demo.kioskId, 24 * 3_600_000);
      lines.push(`Demo kiosk pairing code (valid 24 h): ${code}`);
    }
  }
  console.log(lines.join('\n'));
  process.send?.({ ready: true, port });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    runtime.core.log.info({ signal }, 'shutting down');
    httpServer.closeIdleConnections();
    await app.close();
    httpServer.closeAllConnections();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((err) => {
  if (err instanceof DataDirLockedError) console.error(`Doorstep cannot start: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
