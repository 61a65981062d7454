// A client that stops reading must not make the server hold its events in memory without bound.
// Socket.io never drops a packet on its own: what the kernel will not take waits in the `ws` sender /
// net.Socket buffer, and behind that in engine.io's per-connection write buffer. Past a configured
// limit the connection is cut (not closed politely: a close frame would queue behind the backlog);
// the client reconnects and resumes from its last seq out of the event table, so nothing is lost.
import type { Socket } from 'socket.io';
import type { WebSocket } from 'ws';

interface Packet {
  data?: unknown;
  options?: { wsPreEncodedFrame?: Buffer[] | Buffer };
}

interface EngineConn {
  writeBuffer: Packet[];
  transport: { name: string; socket?: WebSocket };
}

function packetBytes(p: Packet): number {
  const frame = p.options?.wsPreEncodedFrame;
  if (Array.isArray(frame)) return frame.reduce((n, b) => n + b.length, 0);
  if (frame) return frame.length;
  if (typeof p.data === 'string') return p.data.length; // UTF-16 units: an estimate, never zero
  if (p.data && typeof (p.data as Buffer).length === 'number') return (p.data as Buffer).length;
  return 1;
}

/** Bytes this connection holds for its client: engine.io's queue plus what `ws` / net.Socket still hold. */
export function pendingBytes(socket: Socket): number {
  const conn = socket.conn as unknown as EngineConn;
  let n = conn.transport.socket?.bufferedAmount ?? 0;
  for (const p of conn.writeBuffer) n += packetBytes(p);
  return n;
}

/** Cuts the transport at once, freeing what it buffered; socket.io reports 'transport close'. */
export function cut(socket: Socket): void {
  const ws = (socket.conn as unknown as EngineConn).transport.socket;
  if (ws && typeof ws.terminate === 'function') ws.terminate();
  else socket.disconnect(true);
}

export interface SlowClientGuard {
  /** Sockets in these rooms were just written to: check them once the writes had a chance to go out. */
  touched(rooms: Iterable<string>): void;
}

/**
 * Checked on the next turn of the event loop, not right after the emits: a burst sits in engine.io's
 * queue for every client until the first write's callback returns, so an immediate check would cut
 * healthy clients too. One turn later a client that reads has taken it; one that does not still holds it.
 */
export function slowClientGuard(
  sockets: Map<string, Socket>,
  rooms: () => Map<string, Set<string>>,
  limit: number,
  onCut: (socket: Socket, bytes: number) => void
): SlowClientGuard {
  const due = new Set<string>();
  let scheduled = false;
  const check = () => {
    scheduled = false;
    const seen = new Set<string>();
    const all = rooms();
    for (const room of due) {
      for (const id of all.get(room) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        const s = sockets.get(id);
        if (!s) continue;
        const bytes = pendingBytes(s);
        if (bytes > limit) {
          onCut(s, bytes);
          cut(s);
        }
      }
    }
    due.clear();
  };
  return {
    touched(names) {
      for (const r of names) due.add(r);
      if (scheduled) return;
      scheduled = true;
      setImmediate(check);
    }
  };
}

/** The same limit for the raw `ws` connections of a Yjs document, checked the same way. */
export function wsGuard(limit: number, onCut: () => void): (conns: Map<WebSocket, unknown>) => void {
  const due = new Set<Map<WebSocket, unknown>>();
  return (conns) => {
    if (due.size === 0)
      setImmediate(() => {
        for (const map of due)
          for (const ws of map.keys())
            if (ws.bufferedAmount > limit) {
              onCut();
              ws.terminate();
            }
        due.clear();
      });
    due.add(conns);
  };
}
