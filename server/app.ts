// createApp: one http.Server, four doors (SvelteKit pages, JSON API, socket.io, Yjs), one runtime.
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import express, { type RequestHandler } from 'express';
import helmet from 'helmet';
import { publishRuntime } from '../src/lib/server/runtime/handoff';
import type { Runtime } from '../src/lib/server/runtime/runtime';
import { apiRouter } from './http/api';
import { open311Router } from './http/open311.api';
import { metricsAccess, sameOriginWrites } from './http/auth';
import { errorHandler, sendError } from './http/errors';
import { langOf } from './http/request';
import { attachSocketGateway, endKioskSockets, endSessionSockets } from './gateways/socket.gateway';
import { attachYjsGateway } from './gateways/yjs.gateway';
import { attachCluster } from './cluster';

export interface AppDeps {
  runtime: Runtime;
  /** SvelteKit's request handler (build/handler.js); absent in API-only tests and under `vite dev` */
  kitHandler?: RequestHandler;
  /** false under `vite dev`, whose own server mounts `express` as a middleware */
  listenOnHttpServer?: boolean;
}

export interface App {
  express: express.Express;
  io: ReturnType<typeof attachSocketGateway>['io'];
  yjs: ReturnType<typeof attachYjsGateway>;
  endSession(idHash: string): void;
  close(): Promise<void>;
}

const JSON_LIMIT = '64kb';
/** Set on every request from config, never taken from the client (see server/index.ts). */
export const PROTO_HEADER = 'x-doorstep-proto';

export function createApp(httpServer: HttpServer, deps: AppDeps): App {
  const rt = deps.runtime;
  const { config, metrics, log } = rt.core;
  publishRuntime(rt);

  const sockets = attachSocketGateway(httpServer, rt);
  const yjs = attachYjsGateway(httpServer, rt);
  const cluster = attachCluster(rt, sockets.io, yjs);
  const endSession = (idHash: string) => {
    endSessionSockets(sockets.io, idHash);
    yjs.endSession(idHash);
  };
  rt.realtime = { endSession, endKiosk: (id) => endKioskSockets(sockets.io, id) };

  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // Pages get SvelteKit's hashed CSP (svelte.config.js); everything else a deny-all one.
  // Referrer-Policy no-referrer would make Chromium send `Origin: null` on same-origin form posts.
  app.use(helmet({ contentSecurityPolicy: false, referrerPolicy: { policy: 'same-origin' }, hsts: config.secureCookies ? { maxAge: 31_536_000 } : false }));
  app.use((req, res, next) => {
    req.headers[PROTO_HEADER] = config.secureCookies ? 'https' : 'http';
    const reqId = randomUUID();
    res.locals.reqId = reqId;
    res.setHeader('X-Request-Id', reqId);
    const end = metrics.httpDuration.startTimer({ method: req.method });
    res.on('finish', () => {
      const route = req.path.startsWith('/api/') ? (req.route?.path ? `/api${req.route.path}` : '/api/*') : req.path.startsWith('/_app/') ? '/_app' : 'page';
      end({ route, status: String(res.statusCode) });
      // The path only: query strings may carry what a person typed.
      log.info({ reqId, method: req.method, path: req.path, status: res.statusCode }, 'http');
    });
    next();
  });

  const strictCsp: RequestHandler = (_req, res, next) => {
    res.setHeader('Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'");
    res.setHeader('Cache-Control', 'no-store');
    next();
  };

  app.get('/healthz', strictCsp, async (_req, res) => {
    try {
      await rt.core.database.ping();
      res.json({ data: { status: 'ok', db: rt.core.database.kind, hw: rt.core.bus.hw } });
    } catch {
      res.status(503).json({ error: { code: 'UNAVAILABLE', message: 'database unreachable' } });
    }
  });
  // The operator's: a Bearer METRICS_TOKEN, or a direct loopback caller when no token is set (docs/DEPLOY.md).
  app.get('/metrics', strictCsp, metricsAccess(rt), async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });
  app.use('/metrics', errorHandler(log));

  app.use(
    '/api',
    strictCsp,
    sameOriginWrites(rt),
    express.json({ limit: JSON_LIMIT, strict: true }),
    apiRouter(rt)
  );
  app.use('/api', (req, res) => sendError(res, 'NOT_FOUND', langOf(req)));
  app.use('/open311/v2', strictCsp, open311Router(rt));
  app.use('/api', errorHandler(log));

  if (deps.kitHandler) {
    // Defence in depth: SvelteKit checks Origin for form content types only; refuse every cross-origin write.
    app.use(sameOriginWrites(rt), deps.kitHandler);
    app.use(errorHandler(log));
  }
  const listen = deps.listenOnHttpServer !== false;
  if (listen) httpServer.on('request', app);

  // Sessions also end by timeout or account disable: sweep live sockets of both kinds.
  const sweep = setInterval(async () => {
    const hashes = new Set([...sockets.sessions(), ...yjs.sessions()]);
    if (hashes.size === 0) return;
    try {
      for (const h of await rt.services.auth.ended([...hashes])) endSession(h);
    } catch (err) {
      log.warn({ err }, 'session sweep failed');
    }
  }, config.sessionSweepMs);
  sweep.unref();

  return {
    express: app,
    io: sockets.io,
    yjs,
    endSession,
    async close() {
      clearInterval(sweep);
      if (listen) httpServer.off('request', app);
      await yjs.close();
      await sockets.close();
      await cluster?.close();
      publishRuntime(undefined);
    }
  };
}
