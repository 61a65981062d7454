// Real socket.io clients against a test server, as a browser page or a kiosk would open them.
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../src/lib/protocol/errors';
import { PROTOCOL_VERSION, type BoardEvent, type ClientToServer, type ServerToClient, type SubscribeResult } from '../../src/lib/protocol/events';
import type { TestServer } from './server';
import { waitFor } from './wait';

export type BoardClient = Socket<ServerToClient, ClientToServer>;
export type RefusedError = Error & { data?: { error: { code: string; message: string } } };

export interface ConnectOptions {
  cookie?: string;
  /** defaults to the server's own origin; null sends none */
  origin?: string | null;
  /** the handshake's `auth`; defaults to `{ protocol: PROTOCOL_VERSION }` */
  auth?: Record<string, unknown>;
}

/** Opens a socket (no automatic reconnection: a test reconnects on purpose). */
export function openSocket(server: TestServer, o: ConnectOptions = {}): BoardClient {
  const headers: Record<string, string> = {};
  if (o.cookie) headers.cookie = o.cookie;
  const origin = o.origin === undefined ? server.origin : o.origin;
  if (origin) headers.origin = origin;
  return io(server.url, {
    path: '/socket.io',
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: o.auth ?? { protocol: PROTOCOL_VERSION },
    extraHeaders: headers
  });
}

/** Resolves once connected; rejects with the server's refusal. */
export function connected(socket: BoardClient, timeoutMs = 5_000): Promise<BoardClient> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket did not connect in time')), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

export async function connectSocket(server: TestServer, o: ConnectOptions = {}): Promise<BoardClient> {
  const socket = openSocket(server, o);
  try {
    return await connected(socket);
  } catch (err) {
    socket.close();
    throw err;
  }
}

/** The refusal of a handshake that must fail. */
export async function refusal(server: TestServer, o: ConnectOptions = {}): Promise<RefusedError> {
  const socket = openSocket(server, o);
  try {
    const err = await waitFor<RefusedError>([socket as never, 'connect_error']);
    return err;
  } finally {
    socket.close();
  }
}

export function subscribe(socket: BoardClient, scope: string, since?: number): Promise<Ack<SubscribeResult>> {
  return socket.timeout(5_000).emitWithAck('board:subscribe', since === undefined ? { scope } : { scope, since });
}

/** Everything this socket receives on the board, in arrival order. */
export function collect(socket: BoardClient): BoardEvent[] {
  const got: BoardEvent[] = [];
  socket.on('board:event', (e) => got.push(e));
  return got;
}
