// `npm run dev`: the same runtime and gateways attached to Vite's own http server.
import type { Plugin } from 'vite';
import { loadConfig } from '../src/lib/server/config';
import { createRuntime } from '../src/lib/server/runtime/runtime';
import { seedDemo } from '../src/lib/server/seed/demo';
import { playDemoActivity } from '../src/lib/server/seed/demo-activity';
import { createApp } from './app';

export function doorstepDev(): Plugin {
  return {
    name: 'doorstep-gateways',
    apply: 'serve',
    async configureServer(server) {
      if (!server.httpServer) return;
      const config = loadConfig(process.env, { port: server.config.server.port ?? 5173 });
      const runtime = await createRuntime(config);
      if (config.demoSeed && (await seedDemo(runtime.core.db)).seeded && config.demoActivity) await playDemoActivity(runtime);
      const app = createApp(server.httpServer as never, { runtime, listenOnHttpServer: false });
      // API, /healthz and /metrics before SvelteKit's middleware; everything else falls through.
      server.middlewares.use(app.express);
      server.httpServer.once('close', () => void app.close().then(() => runtime.close()));
    }
  };
}
