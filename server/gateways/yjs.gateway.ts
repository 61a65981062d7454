// The Yjs door: /yjs/<doc> upgrades, authenticated and authorised before the protocol starts, the
// document loaded from Postgres before the first sync message is read.
import type { IncomingMessage, Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { docs, getYDoc, setPersistence, setupWSConnection, type WSSharedDoc } from '@y/websocket-server/utils';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { WebSocketServer, type WebSocket } from 'ws';
import { AppError, errorBody, type ErrorCode } from '../../src/lib/protocol/errors';
import { YjsClose } from '../../src/lib/protocol/events';
import { YjsMessage } from '../../src/lib/protocol/yjs-saved';
import { countInstance, releaseInstance } from '../../src/lib/server/runtime/instances';
import type { Runtime } from '../../src/lib/server/runtime/runtime';
import { YjsPersistence } from '../../src/lib/server/yjs/persistence';
import type { YjsRelay } from '../cluster/yjs-relay';
import { toAppError } from '../http/errors';
import { langOf, originAllowed, parseCookies, SESSION_COOKIE } from '../http/request';
import { wsGuard } from './backpressure';

const PREFIX = '/yjs/';
type SharedDoc = WSSharedDoc;

function reject(socket: Duplex, req: IncomingMessage, code: ErrorCode): void {
  const status = new AppError(code).status;
  const body = JSON.stringify(errorBody(code, langOf(req)));
  socket.end(
    `HTTP/1.1 ${status} ${code}\r\nConnection: close\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `X-Doorstep-Error: ${code}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`
  );
}

export function attachYjsGateway(httpServer: HttpServer, rt: Runtime) {
  const { config, metrics } = rt.core;
  const persistence = new YjsPersistence(rt.core);
  let relay: YjsRelay | undefined;
  setPersistence({
    provider: persistence,
    bindState: (name: string, doc: unknown) => {
      persistence.bindState(name, doc as never);
      relay?.bind(name, doc as never);
      guardSlow(doc as SharedDoc);
    },
    writeState: async (name: string) => {
      relay?.unbind(name);
      await persistence.writeState(name);
    }
  });
  countInstance('yjs_registry');
  const wss = new WebSocketServer({ noServer: true, maxPayload: config.maxMessageBytes });
  const bySession = new Map<string, Set<WebSocket>>();

  // The registry broadcasts every update and awareness change to each connection of a document; one
  // that stops reading would keep them all. Checked after each broadcast, as for board sockets.
  const slow = wsGuard(config.sendBufferBytes, () => metrics.socketsCutSlow.inc({ door: 'yjs' }));
  function guardSlow(doc: SharedDoc): void {
    const check = () => slow(doc.conns as unknown as Map<WebSocket, unknown>);
    doc.on('update', check);
    doc.awareness.on('update', check);
  }

  // [SAVE, n] → [SAVED, n] once everything this connection sent before it is committed. Messages on one
  // socket are handled in order, so the updates it covers are already in the persistence queue.
  function onSaveRequest(ws: WebSocket, name: string, data: ArrayBuffer | Buffer): void {
    let n: number;
    try {
      const dec = decoding.createDecoder(new Uint8Array(data as ArrayBuffer));
      if (decoding.readVarUint(dec) !== YjsMessage.SAVE) return; // the registry's own messages
      n = decoding.readVarUint(dec);
    } catch {
      return;
    }
    persistence.settle(name).then(
      () => {
        if (ws.readyState !== ws.OPEN) return;
        const enc = encoding.createEncoder();
        encoding.writeVarUint(enc, YjsMessage.SAVED);
        encoding.writeVarUint(enc, n);
        ws.send(encoding.toUint8Array(enc));
      },
      () => {
        /* not stored: no acknowledgement; the client keeps showing "saving" and asks again on reconnect */
      }
    );
  }

  async function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith(PREFIX)) return; // socket.io's or Vite's
    socket.on('error', () => socket.destroy());
    let name: string;
    try {
      name = decodeURIComponent(url.pathname.slice(PREFIX.length));
    } catch {
      return reject(socket, req, 'BAD_REQUEST');
    }
    if (!originAllowed(req, config.origin, config.secureCookies)) return reject(socket, req, 'BAD_ORIGIN');
    let sessionHash: string;
    try {
      // Staff only (kiosks never open shared documents), by the same session cookie as the pages.
      const s = await rt.services.auth.resolve(parseCookies(req.headers.cookie)[SESSION_COOKIE]);
      sessionHash = s.idHash;
      // A wall screen (大屏) reads and writes nothing: shared notes are not on it.
      if (s.display || !(await rt.services.docs.canOpen(s.principal, name))) throw new AppError('FORBIDDEN');
      const doc = getYDoc(name);
      try {
        await persistence.ready(name);
      } catch (err) {
        // Not loaded (database unreachable): drop the empty shell, or every later open would find it.
        if (docs.get(name) === doc && doc.conns.size === 0) {
          docs.delete(name);
          relay?.unbind(name);
          persistence.discard(name);
          doc.destroy();
        }
        throw err;
      }
    } catch (err) {
      return reject(socket, req, toAppError(err).code);
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      setupWSConnection(ws, req, { docName: name });
      ws.on('message', (data: ArrayBuffer) => onSaveRequest(ws, name, data));
      metrics.yjsDocs.set(docs.size);
      const set = bySession.get(sessionHash) ?? new Set();
      set.add(ws);
      bySession.set(sessionHash, set);
      ws.on('close', () => {
        set.delete(ws);
        if (set.size === 0) bySession.delete(sessionHash);
        metrics.yjsDocs.set(docs.size);
      });
    });
  }

  const listener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void onUpgrade(req, socket, head);
  httpServer.on('upgrade', listener);

  return {
    persistence,
    setRelay(r: YjsRelay | undefined) {
      relay = r;
    },
    sessions: () => [...bySession.keys()],
    endSession(idHash: string) {
      for (const ws of bySession.get(idHash) ?? []) ws.close(YjsClose.SESSION_ENDED, 'SESSION_ENDED');
    },
    async close() {
      httpServer.off('upgrade', listener);
      for (const ws of wss.clients) ws.terminate();
      // Terminated connections run the registry's close path; make sure every document is on disk.
      await Promise.all([...docs.keys()].map((name) => persistence.settle(name).catch(() => {})));
      for (const [name, doc] of docs) {
        doc.destroy();
        docs.delete(name);
      }
      wss.close();
      releaseInstance('yjs_registry');
    }
  };
}
