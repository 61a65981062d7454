// The socket.io door: authenticate the handshake, join only permitted rooms, replay from the table,
// then forward what the dispatcher hands over. Payloads are validated; answers go through acks.
import type { Server as HttpServer } from 'node:http';
import { Server, type Socket } from 'socket.io';
import { AppError, errorBody, type Lang } from '../../src/lib/protocol/errors';
import { PROTOCOL_MIN, type ClientToServer, type HandshakeAuth, type ServerToClient } from '../../src/lib/protocol/events';
import type { Principal } from '../../src/lib/domain/roles';
import { countInstance, releaseInstance } from '../../src/lib/server/runtime/instances';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { SubscribeInput, toWire } from '../../src/lib/server/services/board.service';
import { toAppError } from '../http/errors';
import { slowClientGuard } from './backpressure';
import { langOf, originAllowed, parseCookies, SESSION_COOKIE } from '../http/request';

export interface SocketData {
  principal: Principal;
  sessionHash?: string;
  lang: Lang;
  boardScope?: string;
}

/** Between processes (through the Redis adapter): "I committed events, read the table". */
export interface InterServer {
  'outbox:nudge': () => void;
}

export type BoardServer = Server<ClientToServer, ServerToClient, InterServer, SocketData>;
type BoardSocket = Socket<ClientToServer, ServerToClient, InterServer, SocketData>;

function refuse(code: AppError['code'], lang: Lang): Error {
  const e = new Error(code) as Error & { data: unknown };
  e.data = errorBody(code, lang);
  return e;
}

export function attachSocketGateway(httpServer: HttpServer, rt: Runtime) {
  const { config, metrics, bus } = rt.core;
  const io: BoardServer = new Server(httpServer, {
    path: '/socket.io',
    serveClient: false,
    maxHttpBufferSize: config.maxMessageBytes,
    // Upgrades for /yjs/* are not engine.io's: leave them to the Yjs route.
    destroyUpgrade: false,
    // WebSocket only (as live-board.svelte.ts connects): a session is one TCP connection, which a load
    // balancer keeps on one process for its life, so several processes need no sticky sessions.
    // Long-polling would spread one session's requests over processes that do not know it.
    transports: ['websocket'],
    pingInterval: 20_000,
    pingTimeout: 20_000
  });
  countInstance('socket_io');

  io.use(async (socket, next) => {
    const req = socket.request;
    const lang = langOf(req);
    const auth = (socket.handshake.auth ?? {}) as Partial<HandshakeAuth>;
    if (typeof auth.protocol !== 'number' || auth.protocol < PROTOCOL_MIN) return next(refuse('PROTOCOL_TOO_OLD', lang));
    if (!originAllowed(req, config.origin, config.secureCookies)) return next(refuse('BAD_ORIGIN', lang));
    try {
      if (typeof auth.token === 'string' && auth.token) {
        const k = await rt.services.kiosks.resolve(auth.token);
        if (k.rotated) rt.realtime.endKiosk(k.principal.kioskId); // before this socket joins: ends the old token's
        socket.data = { principal: k.principal, lang };
        void socket.join(`device:${k.principal.kioskId}`);
      } else {
        const s = await rt.services.auth.resolve(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
        socket.data = { principal: s.principal, sessionHash: s.idHash, lang };
        void socket.join(`session:${s.idHash}`);
      }
      next();
    } catch (err) {
      next(refuse(toAppError(err).code, lang));
    }
  });

  io.on('connection', (socket: BoardSocket) => {
    metrics.socketsConnected.inc();
    socket.on('disconnect', () => metrics.socketsConnected.dec());

    socket.on('board:subscribe', async (raw, ack) => {
      if (typeof ack !== 'function') return;
      try {
        const req = SubscribeInput.parse(raw);
        await rt.services.board.authorize(socket.data.principal, req.scope);
        if (socket.data.boardScope && socket.data.boardScope !== req.scope) await socket.leave(socket.data.boardScope);
        // Join and read the high-water mark in one tick: every later event arrives live, every
        // earlier one is in the replay. The client drops seqs it already has.
        await socket.join(req.scope);
        socket.data.boardScope = req.scope;
        const hw = bus.hw;
        ack({ data: await rt.services.board.replay(req.scope, req.since, hw) });
      } catch (err) {
        ack(errorBody(toAppError(err).code, socket.data.lang));
      }
    });
  });

  const nsp = io.of('/');
  const guard = slowClientGuard(nsp.sockets as never, () => nsp.adapter.rooms, config.sendBufferBytes, (s, bytes) => {
    metrics.socketsCutSlow.inc({ door: 'socket.io' });
    rt.core.log.warn({ bytes, limit: config.sendBufferBytes, scope: s.data.boardScope }, 'board client not reading; connection cut');
  });

  // Every process reads the event table itself and serves its own sockets: `local`, so that with the
  // Redis adapter an event is not delivered once per process.
  const off = bus.on((events) => {
    const rooms = new Set<string>();
    for (const e of events) {
      io.local.to(e.scopes).emit('board:event', toWire(e));
      for (const s of e.scopes) rooms.add(s);
      metrics.eventsPublished.inc();
    }
    // Only sockets that were just written to can have grown.
    guard.touched(rooms);
  });

  return {
    io,
    sessions(): string[] {
      const hashes = new Set<string>();
      for (const s of io.of('/').sockets.values()) if (s.data.sessionHash) hashes.add(s.data.sessionHash);
      return [...hashes];
    },
    async close() {
      off();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      releaseInstance('socket_io');
    }
  };
}

export function endSessionSockets(io: BoardServer, idHash: string): void {
  io.to(`session:${idHash}`).emit('session:ended', { code: 'SESSION_EXPIRED' });
  io.in(`session:${idHash}`).disconnectSockets(true);
}

export function endKioskSockets(io: BoardServer, kioskId: number): void {
  io.in(`device:${kioskId}`).disconnectSockets(true);
}
