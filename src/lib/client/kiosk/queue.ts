// The kiosk's durable outbox: submissions waiting for the server, in IndexedDB so a reload or a power cut
// keeps them. Each entry is only what the intake (or an anonymous survey answer) needs — the request body
// and its idempotency key — and is deleted as soon as the server acknowledges it.

export interface IntakeBody {
  itemCode: string;
  channel: 'kiosk' | 'appointment' | 'home_visit';
  applicant: { name: string; phone: string; idNumber?: string };
  materials: string[];
  address?: string;
  slotId?: number;
  /** the 临时编号 printed should the application have to wait in this queue (domain/case-no.ts) */
  kioskRef?: string;
}

/** An anonymous survey questionnaire (no name, phone or ID; free text is length-limited). */
export interface SurveyAnswersBody {
  answers: { questionId: number; choice?: string[]; rating?: number; text?: string }[];
}

interface Queued {
  /** auto-increment: the order residents submitted in */
  seq?: number;
  key: string;
  queuedAt: string;
}

/** A case intake (to /api/cases, the original entry shape) or a survey answer (to its own path). */
export type QueuedSubmission = Queued & ({ path?: undefined; body: IntakeBody } | { path: `/api/surveys/${number}/responses`; body: SurveyAnswersBody });

export const DB_NAME = 'doorstep-kiosk';
const STORE = 'outbox';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function open(): Promise<IDBDatabase> {
  const r = indexedDB.open(DB_NAME, 1);
  r.onupgradeneeded = () => r.result.createObjectStore(STORE, { keyPath: 'seq', autoIncrement: true });
  return req(r);
}

async function withStore<T>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
  const db = await open();
  try {
    const tx = db.transaction(STORE, mode, { durability: 'strict' });
    // Resolved only once the write is on disk ('strict'), so a power cut right after still keeps it.
    const done = new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = tx.onabort = () => reject(tx.error);
    });
    const out = await req(fn(tx.objectStore(STORE)));
    await done;
    return out;
  } finally {
    db.close();
  }
}

export const outboxStore = {
  add: (e: QueuedSubmission) => withStore('readwrite', (s) => s.add(e)) as Promise<number>,
  all: () => withStore('readonly', (s) => s.getAll() as IDBRequest<QueuedSubmission[]>),
  count: () => withStore('readonly', (s) => s.count()),
  /** replaces an entry in place, keeping its place in the line */
  put: (e: QueuedSubmission) => withStore('readwrite', (s) => s.put(e)),
  remove: (seq: number) => withStore('readwrite', (s) => s.delete(seq)),
  clear: () => withStore('readwrite', (s) => s.clear())
};
