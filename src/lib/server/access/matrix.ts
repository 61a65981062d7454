// The access-control matrix: every door into Doorstep (HTTP routes, SvelteKit pages and form actions,
// socket.io events, Yjs documents), who may pass it, and the scope rule that narrows what they reach.
// It is the policy, written once. Tests walk it for every role and fail when a door is missing here
// or listed here but gone (tests/integration/access-matrix.test.ts, tests/e2e/access-pages.test.ts);
// the fuzz suite drives its inputs from it (tests/integration/fuzz.test.ts).
//
// Roles are the people of the threat model (docs/SECURITY.md), placed so object-level rules show:
// every sample object belongs to point X (point 1) in community A (community 1) of street 1.
import type { ClientToServer } from '../../protocol/events';

export const MATRIX_ROLES = ['admin', 'street', 'verifierA', 'verifierB', 'agentX', 'agentY', 'uncertified', 'kiosk', 'anonymous'] as const;
export type MatrixRole = (typeof MATRIX_ROLES)[number];

/** Who each role is, for people reading a failure. */
export const ROLE_NOTES: Record<MatrixRole, string> = {
  admin: 'street admin (street 1)',
  street: 'street office user (street 1)',
  verifierA: 'verifier of community A (community 1, where point X is)',
  verifierB: 'verifier of community B (community 2)',
  agentX: 'certified agent of point X (point 1, company 1)',
  agentY: 'certified agent of point Y (point 4, community 2, company 2)',
  uncertified: 'agent of point X with no passed assessment and no pledge',
  kiosk: 'enrolled kiosk device at point X (Bearer token)',
  anonymous: 'no credentials'
};

/** The scope rules, named once so the table reads as policy. */
export const SCOPE = {
  public: 'public',
  anyPrincipal: 'any signed-in staff member or enrolled kiosk; answers about the caller only',
  anyStaff: 'any signed-in staff member; about their own account',
  ownSession: 'the caller’s own session (none: a no-op)',
  capability: 'the one-time code / link token is the credential',
  kioskOwnPoint: 'enrolled kiosk; its own point',
  kioskOwnStreet: 'enrolled kiosk; cases of its own street, by case number and phone ending',
  boardScope: 'a board scope the caller may watch: its home scope, or a narrower one inside it (street ⊃ community ⊃ point)',
  intake: 'certified agent or kiosk; the case lands at the caller’s own point',
  caseRead: 'case of the caller’s point (agent), community (verifier) or street (street, admin); others: 404',
  caseList: 'cases of one point the caller may read (agent: own point, verifier: own community, street: own street)',
  caseReveal: 'full personal data: certified, pledged agent of the case’s point or verifier of its community; logged first',
  caseAct: 'per action (case.machine): agent of the point (certified, pledged), verifier of the community (approve/reject need own live claim), street/admin of the street',
  reviewQueue: 'verifier; own community’s cases in review',
  agentOwnPoint: 'agent; own point',
  agentAssign: 'certified, pledged agent; a booking at own point, to a certified colleague of the point',
  admin: 'admin; own street',
  pledge: 'admin for anyone of the street, or the staff member themself',
  streetMoney: 'street or admin; companies of own street; approver ≠ preparer',
  gridFiler: 'agent of a company; properties its company runs',
  gridFile: 'certified, pledged agent; a property its company runs',
  gridMine: 'agent; own company’s filings',
  gridBoard: 'verifier; own community',
  recordRead: 'record of the caller’s company (agent), community (verifier) or street (street, admin); others: 404',
  recordReveal: 'full fields: certified, pledged agent of the filing company or verifier of the community; logged first',
  recordPhoto: 'certified, pledged agent of the filing company; open records; typed by bytes',
  verifierDecide: 'verifier of the record’s community, not its filer or filing company; needs own live claim',
  ownClaim: 'the claim’s holder',
  streetCorrect: 'street or admin; records of own street',
  register: 'verifier: own community; street/admin: a community of own street',
  ratesRead: 'street, admin, verifiers; own street',
  streetOnly: 'street or admin; own street',
  agreementsRead: 'street/admin: own street; verifier: agreements of own community',
  assessmentRead: 'street/admin: own street; verifier: agreements of own community',
  spotCheck: 'verifier of the sampled record’s community, not its filer or filing company',
  worksheet: 'verifier of the record’s community; street/admin of its street',
  associationRead: 'association (一会) of own street: street, admin, verifiers, agents of member companies; another street’s meeting: 404',
  associationWrite: 'street or admin; own street; a meeting, member or reference of another street: 404 / unknown_reference',
  surveyKiosk: 'enrolled kiosk; open surveys of its own street, questions only (never answers)',
  surveyRead: 'staff of the survey’s street (agents: open surveys only); other streets: 404',
  surveyResults: 'street, admin, and (read-only) verifiers of the survey’s street; anonymous aggregates; other streets: 404',
  surveyAnswer: 'open survey of the caller’s street; kiosk (its point), agent (own point), street/admin (a place of the street); anonymous',
} as const;

export type Door = 'http' | 'page' | 'socket' | 'yjs';

interface Base {
  /** roles that get through (2xx / ack data / open document) for the sample object of point X */
  allow: readonly MatrixRole[];
  scope: string;
  /**
   * List answers: roles that are let in but answer only their own scope, so the point-X sample must
   * not appear in what they get (the object-level check for lists).
   */
  filtered?: readonly MatrixRole[];
}

export interface HttpRule extends Base {
  /** what the body is: JSON (fuzzed field by field), raw bytes, or nothing */
  body?: 'json' | 'bytes';
  /** the request needs an Idempotency-Key */
  idempotent?: boolean;
  /** query parameters it reads (fuzzed) */
  query?: readonly string[];
  /** ends or replaces the caller's session or password: the walk uses a throw-away credential */
  consumesSession?: boolean;
  /** Open311 answers errors as a GeoReport list, not { error } */
  georeport?: boolean;
}

export type PageRule = Base;
export type SocketRule = Base;
export type YjsRule = Base;

const STAFF = ['admin', 'street', 'verifierA', 'verifierB', 'agentX', 'agentY', 'uncertified'] as const;
const EVERYONE = [...STAFF, 'kiosk', 'anonymous'] as const;
const SIGNED_IN = [...STAFF, 'kiosk'] as const;
const STREET = ['admin', 'street'] as const;
const AGENTS = ['agentX', 'agentY', 'uncertified'] as const;
/** who may read a case or grid record of point X / company 1 in community A */
const X_READERS = ['admin', 'street', 'verifierA', 'agentX', 'uncertified'] as const;
/** who may watch point X's board */
const POINT_X_WATCHERS = ['admin', 'street', 'verifierA', 'agentX', 'uncertified'] as const;

/** Express routes, keyed `METHOD path` exactly as mounted (/api, /open311/v2, /healthz, /metrics). */
export const HTTP: Record<string, HttpRule> = {
  'GET /healthz': { allow: EVERYONE, scope: SCOPE.public },
  // Every role passes here only because the matrix calls from loopback with no proxy hop and no METRICS_TOKEN.
  'GET /metrics': { allow: EVERYONE, scope: 'operator: Bearer METRICS_TOKEN when set, else a direct loopback caller only (no proxy hop)' },

  'POST /api/auth/login': { allow: EVERYONE, scope: SCOPE.public, body: 'json', consumesSession: true },
  'POST /api/auth/logout': { allow: EVERYONE, scope: SCOPE.ownSession, consumesSession: true },
  'GET /api/me': { allow: SIGNED_IN, scope: SCOPE.anyPrincipal },
  'POST /api/me/display': { allow: STREET, scope: SCOPE.ownSession, consumesSession: true },
  'POST /api/me/password': { allow: STAFF, scope: SCOPE.anyStaff, body: 'json', consumesSession: true },

  'POST /api/kiosk/pair': { allow: EVERYONE, scope: SCOPE.capability, body: 'json' },
  'GET /api/kiosk/me': { allow: ['kiosk'], scope: SCOPE.kioskOwnPoint },
  'POST /api/kiosk/track': { allow: ['kiosk'], scope: SCOPE.kioskOwnStreet, body: 'json' },
  'POST /api/kiosk/heartbeat': { allow: ['kiosk'], scope: SCOPE.kioskOwnPoint },
  'POST /api/kiosk/rotate-token': { allow: ['kiosk'], scope: 'enrolled kiosk; its own token (the new one replaces it at first use)', body: 'json' },
  'GET /api/kiosk/pickups': { allow: ['kiosk'], scope: SCOPE.kioskOwnPoint },
  'POST /api/kiosk/pickup': { allow: ['kiosk'], scope: SCOPE.kioskOwnPoint, body: 'json' },

  'POST /api/admin/kiosks': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'POST /api/admin/kiosks/:id/pairing-code': { allow: ['admin'], scope: SCOPE.admin },
  'POST /api/admin/kiosks/:id/revoke': { allow: ['admin'], scope: SCOPE.admin },

  'GET /api/kiosk/surveys': { allow: ['kiosk'], scope: SCOPE.surveyKiosk },
  'GET /api/surveys': { allow: STAFF, scope: SCOPE.surveyRead },
  'GET /api/surveys/:id': { allow: STAFF, scope: SCOPE.surveyRead },
  'GET /api/surveys/:id/results': { allow: [...STREET, 'verifierA', 'verifierB'], scope: SCOPE.surveyResults, query: ['communityId', 'pointId', 'channel'] },
  'POST /api/surveys/:id/responses': { allow: [...STREET, ...AGENTS, 'kiosk'], scope: SCOPE.surveyAnswer, body: 'json', idempotent: true },
  'POST /api/admin/surveys': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'PUT /api/admin/surveys/:id': { allow: ['admin'], scope: `${SCOPE.admin}; refused once open or answered`, body: 'json' },
  'POST /api/admin/surveys/:id/state': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },

  'GET /api/board/events': { allow: POINT_X_WATCHERS, scope: SCOPE.boardScope, query: ['scope'] },
  'POST /api/board/notices': { allow: POINT_X_WATCHERS, scope: SCOPE.boardScope, body: 'json', idempotent: true },

  'GET /api/catalogue': { allow: EVERYONE, scope: SCOPE.public },
  'POST /api/cases': { allow: ['agentX', 'agentY', 'kiosk'], scope: SCOPE.intake, body: 'json', idempotent: true },
  'GET /api/cases/board': { allow: X_READERS, scope: SCOPE.caseList, query: ['pointId'] },
  'GET /api/cases/review': { allow: ['verifierA', 'verifierB'], filtered: ['verifierB'], scope: SCOPE.reviewQueue },
  'GET /api/cases/:id': { allow: X_READERS, scope: SCOPE.caseRead },
  'POST /api/cases/:id/reveal': { allow: ['agentX', 'verifierA'], scope: SCOPE.caseReveal, body: 'json' },
  'POST /api/cases/:id/transitions': { allow: ['admin', 'street', 'verifierA', 'agentX'], scope: SCOPE.caseAct, body: 'json', idempotent: true },

  'GET /api/slots': { allow: [...AGENTS, 'kiosk'], scope: SCOPE.agentOwnPoint },
  'POST /api/slots': { allow: AGENTS, scope: SCOPE.agentOwnPoint, body: 'json' },
  'POST /api/bookings/:caseId/assign': { allow: ['agentX'], scope: SCOPE.agentAssign, body: 'json' },
  'GET /api/agenda': { allow: AGENTS, scope: SCOPE.agentOwnPoint, query: ['from'] },

  'GET /api/committee/:token': { allow: EVERYONE, scope: SCOPE.capability },
  'GET /api/grid/properties': { allow: AGENTS, scope: SCOPE.gridFiler },
  'POST /api/grid/records': { allow: ['agentX'], scope: SCOPE.gridFile, body: 'json', idempotent: true },
  'GET /api/grid/records/mine': { allow: AGENTS, filtered: ['agentY'], scope: SCOPE.gridMine },
  'GET /api/grid/board': { allow: ['verifierA', 'verifierB'], filtered: ['verifierB'], scope: SCOPE.gridBoard, query: ['kind', 'propertyId', 'companyId'] },
  'GET /api/grid/records/:id': { allow: X_READERS, scope: SCOPE.recordRead },
  'POST /api/grid/records/:id/reveal': { allow: ['agentX', 'verifierA'], scope: SCOPE.recordReveal, body: 'json' },
  'POST /api/grid/records/:id/photos': { allow: ['agentX'], scope: SCOPE.recordPhoto, body: 'bytes', idempotent: true },
  'GET /api/grid/records/:id/photos/:photoId': { allow: X_READERS, scope: SCOPE.recordRead },
  'POST /api/grid/claims/:subject/:id': { allow: ['verifierA'], scope: SCOPE.verifierDecide },
  'DELETE /api/grid/claims/:subject/:id': { allow: ['verifierA'], scope: SCOPE.ownClaim },
  'POST /api/grid/records/:id/decision': { allow: ['verifierA'], scope: SCOPE.verifierDecide, body: 'json', idempotent: true },
  'POST /api/grid/records/:id/correction': { allow: STREET, scope: SCOPE.streetCorrect, body: 'json', idempotent: true },
  'POST /api/grid/register/import': { allow: [...STREET, 'verifierA'], scope: SCOPE.register, body: 'bytes', query: ['communityId'] },
  'GET /api/grid/register': { allow: [...STREET, 'verifierA'], scope: SCOPE.register, query: ['communityId'] },
  'GET /api/grid/rates': { allow: [...STREET, 'verifierA', 'verifierB'], scope: SCOPE.ratesRead },
  'POST /api/grid/rates': { allow: STREET, scope: SCOPE.streetOnly, body: 'json' },
  'GET /api/grid/incentives': { allow: STREET, scope: SCOPE.streetOnly, query: ['period'] },
  'GET /api/grid/agreements': { allow: [...STREET, 'verifierA', 'verifierB'], filtered: ['verifierB'], scope: SCOPE.agreementsRead },
  'POST /api/grid/agreements/:id/committee-link': { allow: STREET, scope: SCOPE.streetOnly },
  'POST /api/grid/agreements': { allow: STREET, scope: SCOPE.streetOnly, body: 'json' },
  'POST /api/grid/rule-sets': { allow: STREET, scope: SCOPE.streetOnly, body: 'json' },
  'POST /api/grid/assessments': { allow: STREET, scope: SCOPE.streetOnly, body: 'json' },
  'GET /api/grid/assessments/:id': { allow: [...STREET, 'verifierA'], scope: SCOPE.assessmentRead },
  'POST /api/grid/assessments/:id/grade': { allow: STREET, scope: SCOPE.streetOnly },
  'POST /api/grid/assessments/:id/regrade': { allow: STREET, scope: SCOPE.streetOnly, body: 'json', idempotent: true },
  'POST /api/grid/spot-checks/:id': { allow: ['verifierA'], scope: SCOPE.spotCheck, body: 'json' },

  'GET /api/admin/items': { allow: ['admin'], scope: SCOPE.admin },
  'POST /api/admin/items': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'PATCH /api/admin/items/:id': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'GET /api/admin/org': { allow: ['admin'], scope: SCOPE.admin },
  'POST /api/admin/companies': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'POST /api/admin/properties': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'POST /api/admin/staff': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'GET /api/admin/training': { allow: ['admin'], scope: SCOPE.admin },
  'POST /api/admin/training/sessions': { allow: ['admin'], scope: SCOPE.admin, body: 'json', idempotent: true },
  'POST /api/admin/training/assessments': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'POST /api/admin/staff/:id/pledge': { allow: ['admin'], scope: SCOPE.pledge },
  'POST /api/admin/staff/:id/disable': { allow: ['admin'], scope: SCOPE.admin },
  'POST /api/admin/staff/:id/password': { allow: ['admin'], scope: SCOPE.admin, body: 'json' },
  'POST /api/admin/staff/:id/enable': { allow: ['admin'], scope: SCOPE.admin },
  'GET /api/admin/access-log': { allow: ['admin'], scope: SCOPE.admin, query: ['actor', 'subjectType', 'subjectId', 'caseNo', 'from', 'to', 'limit'] },

  'GET /api/street/statements': { allow: STREET, scope: SCOPE.streetMoney, query: ['period'] },
  'POST /api/street/statements': { allow: STREET, scope: SCOPE.streetMoney, body: 'json' },
  'GET /api/street/statements/:id': { allow: STREET, scope: SCOPE.streetMoney },
  'POST /api/street/statements/:id/approve': { allow: STREET, scope: SCOPE.streetMoney },
  'POST /api/street/ledger/:id/reverse': { allow: STREET, scope: SCOPE.streetMoney, body: 'json' },
  'GET /api/street/dashboard': { allow: STREET, scope: SCOPE.streetOnly, query: ['period', 'from', 'to', 'scope'] },
  'GET /api/street/dashboard/list': { allow: STREET, scope: SCOPE.streetOnly, query: ['period', 'from', 'to', 'scope', 'list', 'state', 'channel', 'itemId', 'reason', 'kioskId', 'pointId', 'companyId', 'kind', 'hour'] },
  'GET /api/street/exports/overdue': { allow: STREET, scope: SCOPE.streetOnly, query: ['period', 'from', 'to', 'scope', 'format'] },
  'GET /api/street/exports/statements': { allow: STREET, scope: SCOPE.streetMoney, query: ['period', 'format'] },

  'GET /api/association': { allow: STAFF, scope: SCOPE.associationRead },
  'GET /api/association/members': { allow: STAFF, scope: SCOPE.associationRead },
  'POST /api/association/members': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },
  'PATCH /api/association/members/:companyId': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },
  'POST /api/association/members/:companyId/leave': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },
  'GET /api/association/charter': { allow: STAFF, scope: SCOPE.associationRead },
  'POST /api/association/charter': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },
  'GET /api/association/meetings': { allow: STAFF, scope: SCOPE.associationRead },
  'POST /api/association/meetings': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },
  'GET /api/association/meetings/:id': { allow: STAFF, scope: SCOPE.associationRead },
  'PATCH /api/association/meetings/:id': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },
  'POST /api/association/meetings/:id/decisions': { allow: STREET, scope: SCOPE.associationWrite, body: 'json', idempotent: true },

  'GET /open311/v2/services.json': { allow: EVERYONE, scope: SCOPE.public, georeport: true },
  'GET /open311/v2/services/:code.json': { allow: EVERYONE, scope: SCOPE.public, georeport: true },
  'GET /open311/v2/requests/:id.json': { allow: EVERYONE, scope: SCOPE.public, georeport: true },
  'GET /open311/v2/requests.json': { allow: EVERYONE, scope: SCOPE.public, georeport: true, query: ['service_request_id'] },
  'POST /open311/v2/requests.json': { allow: ['kiosk'], scope: 'enrolled kiosk, by its token as api_key; lands at its point', georeport: true, body: 'json' }
};

/**
 * SvelteKit pages: `GET <route id>` is the load, `POST <route id>` the default action,
 * `POST <route id>?/<name>` a named action. A kiosk's Bearer token means nothing to pages: it is
 * anonymous there. Anonymous callers of staff pages are redirected to /login (a denial).
 */
export const PAGES: Record<string, PageRule> = {
  'GET /': { allow: EVERYONE, scope: 'public: redirects to the caller’s home page or /login' },
  'GET /login': { allow: EVERYONE, scope: SCOPE.public },
  'POST /login': { allow: EVERYONE, scope: SCOPE.public },
  'GET /logout': { allow: EVERYONE, scope: SCOPE.public },
  'POST /logout': { allow: EVERYONE, scope: SCOPE.ownSession },
  'GET /lang': { allow: EVERYONE, scope: SCOPE.public },
  'POST /lang': { allow: EVERYONE, scope: 'public: a cookie, a local redirect' },
  'GET /kiosk': { allow: EVERYONE, scope: 'public shell: the catalogue; cases only over the API with a device token' },
  'GET /committee/[token]': { allow: EVERYONE, scope: SCOPE.capability },
  'GET /account': { allow: STAFF, scope: SCOPE.anyStaff },
  'GET /desk': { allow: AGENTS, scope: SCOPE.agentOwnPoint },
  'GET /desk/cases/[id]/receipt': { allow: ['agentX', 'uncertified'], scope: 'agent; a case of own point (the sample is point X’s)' },
  'GET /desk/surveys': { allow: AGENTS, scope: SCOPE.surveyRead },
  'GET /desk/surveys/[id]': { allow: AGENTS, scope: SCOPE.surveyRead },
  'POST /desk/surveys/[id]?/answer': { allow: AGENTS, scope: SCOPE.surveyAnswer },
  'GET /verify': { allow: ['verifierA', 'verifierB'], scope: SCOPE.gridBoard },
  'GET /grid': { allow: AGENTS, scope: SCOPE.gridFiler },
  'GET /grid/street': { allow: STREET, scope: SCOPE.streetOnly },
  'GET /grid/assessments/[id]': { allow: [...STREET, 'verifierA'], scope: SCOPE.assessmentRead },
  'GET /street': { allow: STREET, scope: SCOPE.streetMoney },
  'POST /street?/prepare': { allow: STREET, scope: SCOPE.streetMoney },
  'POST /street?/approve': { allow: STREET, scope: SCOPE.streetMoney },
  'POST /street?/reverse': { allow: STREET, scope: SCOPE.streetMoney },
  'GET /association': { allow: STAFF, scope: SCOPE.associationRead },
  'GET /admin': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/addItem': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/openPoint': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/toggleItem': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/editItem': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/addSession': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/certify': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/pledge': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/pairingCode': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/revokeKiosk': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/addCompany': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/addProperty': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/addStaff': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/disableStaff': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin?/addKiosk': { allow: ['admin'], scope: SCOPE.admin },
  'GET /admin/surveys': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin/surveys?/save': { allow: ['admin'], scope: SCOPE.admin },
  'POST /admin/surveys?/setState': { allow: ['admin'], scope: SCOPE.admin },
  'GET /association/surveys': { allow: [...STREET, 'verifierA', 'verifierB'], scope: SCOPE.surveyResults },
  'GET /association/surveys/[id]': { allow: [...STREET, 'verifierA', 'verifierB'], scope: SCOPE.surveyResults },
  'POST /association/surveys/[id]?/answer': { allow: STREET, scope: SCOPE.surveyAnswer }
};

/** socket.io client events; the handshake itself needs a session cookie or a kiosk token. */
export const SOCKET: { [E in keyof ClientToServer]: SocketRule } = {
  'board:subscribe': { allow: POINT_X_WATCHERS, scope: SCOPE.boardScope }
};

/** Yjs documents at /yjs/<name> (services/docs.service.ts DOC_NAME); staff sessions only. */
export const YJS: Record<string, YjsRule> = {
  'board:street:<id>': { allow: STREET, scope: SCOPE.boardScope },
  'board:community:<id>': { allow: [...STREET, 'verifierA'], scope: SCOPE.boardScope },
  'board:point:<id>': { allow: POINT_X_WATCHERS, scope: SCOPE.boardScope },
  // Notes may hold what residents said: agents only once trained and pledged.
  'case:<id>:notes': { allow: ['admin', 'street', 'verifierA', 'agentX'], scope: `${SCOPE.caseRead}; agents certified` },
  'grid:<id>:notes': { allow: ['admin', 'street', 'verifierA', 'agentX'], scope: `${SCOPE.recordRead}; agents certified` },
  'worksheet:<id>': { allow: [...STREET, 'verifierA'], scope: SCOPE.worksheet }
};

/**
 * Cells where the code does not (yet) do what the table says, each a reported finding in a file this
 * table's owners may not change. The walk asserts the *current* answer for these cells, so that fixing
 * the code fails the test until the gap is removed here — a gap cannot be fixed or reopened silently.
 */
export interface KnownGap {
  door: Door;
  key: string;
  role: MatrixRole;
  /** what the code answers today; `leaks existence`: a guessed id of point X's object answers unlike an unknown id */
  actual: 'allowed' | 'denied' | 'leaks existence';
  finding: string;
}


/** Behaviour the matrix knows to be wrong and pins until fixed (empty: every rule holds). */
export const KNOWN_GAPS: readonly KnownGap[] = [];

export function gapFor(door: Door, key: string, role: MatrixRole): KnownGap | undefined {
  return KNOWN_GAPS.find((g) => g.door === door && g.key === key && g.role === role);
}
