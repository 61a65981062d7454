// The wire contract of the board: one typed map per direction, versioned event names.
// A changed payload gets a new name (case.updated.v2); old clients keep working until PROTOCOL_MIN.
import type { Ack } from './errors';

export const PROTOCOL_VERSION = 1;
/** Clients below this version are refused at the handshake with PROTOCOL_TOO_OLD. */
export const PROTOCOL_MIN = 1;

/** Payloads carry no unmasked personal data: events fan out to many screens. */
export interface EventPayloads {
  'case.submitted.v1': { caseId: number; caseNo: string; pointId: number; itemCode: string; channel: string; state: string; applicant: string };
  'case.updated.v1': { caseId: number; caseNo: string; pointId: number; from: string; to: string; action: string; by: string };
  'pickup.ready.v1': { caseId: number; caseNo: string; pointId: number; applicant: string };
  'pickup.cleared.v1': { caseId: number; caseNo: string; pointId: number };
  'kiosk.status.v1': { kioskId: number; pointId: number; online: boolean };
  'board.notice.v1': { text: string; by: string };
  /** grid records (一网): ids, kinds and places only — the board re-reads the masked cards over HTTP */
  'grid.filed.v1': { recordId: number; kind: string; propertyId: number; companyId: number; duplicate: 'known' | 'pending' | null };
  /** a board item taken (holder set) or let go (holder null); expiry needs no event, clients compare expiresAt */
  'grid.claimed.v1': { subject: 'record' | 'case'; id: number; holderId: number | null; holder: string | null; expiresAt: string | null; /** a case's number (events before it carry the id only) */ caseNo?: string };
  'grid.decided.v1': { recordId: number; kind: string; outcome: string; by: string; companyId: number };
  /** the association (一会): a member joined or changed role; a meeting or a decision was recorded */
  'association.member.v1': { companyId: number; role: string };
  'association.meeting.v1': { meetingId: number; kind: string; heldOn: string; decisions: number };
  /** a survey got one more anonymous questionnaire: which survey and how it came, never what it said */
  'survey.answered.v1': { surveyId: number; channel: 'kiosk' | 'staff' };
}

export type EventType = keyof EventPayloads;

export interface BoardEvent<T extends EventType = EventType> {
  seq: number;
  type: T;
  payload: EventPayloads[T];
  at: string;
}

export interface SubscribeRequest {
  scope: string;
  /** last seq this client has applied; omit for "from now" */
  since?: number;
}
export interface SubscribeResult {
  scope: string;
  /** the server's dispatched high-water mark when the replay was cut */
  hw: number;
  events: BoardEvent[];
  /** too far behind to replay: reload the board from HTTP, then resume from hw */
  resync: boolean;
}

export interface ServerToClient {
  'board:event': (e: BoardEvent) => void;
  'session:ended': (reason: { code: string }) => void;
}

export interface ClientToServer {
  'board:subscribe': (req: SubscribeRequest, ack: (res: Ack<SubscribeResult>) => void) => void;
}

export interface HandshakeAuth {
  protocol: number;
  /** kiosk device token; staff use the session cookie */
  token?: string;
}

/** Close codes of the Yjs WebSocket (4000–4999 are the application's). */
export const YjsClose = {
  SESSION_ENDED: 4401,
  FORBIDDEN: 4403,
  TOO_LARGE: 4413
} as const;
