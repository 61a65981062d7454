// One Doorstep process without the SvelteKit pages (API, socket.io, Yjs), for tests that need several
// processes on one database. Configured by the environment like the real server; reports its port
// over the IPC channel.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../server/app';
import { loadConfig } from '../../src/lib/server/config';
import { createRuntime } from '../../src/lib/server/runtime/runtime';
import { seedDemo } from '../../src/lib/server/seed/demo';

const runtime = await createRuntime(loadConfig());
await seedDemo(runtime.core.db);
const http = createServer();
createApp(http, { runtime });
// PORT pins the port so a restarted process is found where clients left it (they reconnect by themselves).
http.listen(process.env.PORT ? Number(process.env.PORT) : 0, '127.0.0.1', () => process.send?.({ ready: true, port: (http.address() as AddressInfo).port }));
