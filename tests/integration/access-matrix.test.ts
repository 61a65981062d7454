// The access-control matrix, walked: every HTTP route, socket event and Yjs document of
// src/lib/server/access/matrix.ts, for every role, with a valid request against point X's objects.
// Allowed → 2xx; denied → 401/403/404, a well-formed error, and nothing written. Doors that exist but
// are missing from the table (or listed but gone) fail the discovery test. Pages: tests/e2e/access-pages.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gapFor, HTTP, MATRIX_ROLES, PAGES, SOCKET, YJS, type Door, type MatrixRole } from '../../src/lib/server/access/matrix';
import { buildWorld, countDiff, errorShapeProblems, rowCounts, SAMPLES, send, type World } from '../support/access';
import { compareDoors, expressRoutes, pageDoors, socketEvents, yjsPatterns } from '../support/doors';
import { connectSocket, refusal, subscribe } from '../support/socket';
import { startTestServer, type TestServer } from '../support/server';
import { openDoc, upgradeRefusal } from '../support/yjs';

let s: TestServer;
let w: World;

beforeAll(async () => {
  s = await startTestServer();
  w = await buildWorld(s);
});
afterAll(() => s?.close());

const DENIED = new Set([401, 403, 404]);

/** What the walk expects of a cell: the table's word, unless a known gap pins today's answer. */
function expectation(door: Door, key: string, allow: readonly MatrixRole[], role: MatrixRole): { allowed: boolean; note: string } {
  const gap = gapFor(door, key, role);
  if (gap && gap.actual !== 'leaks existence') return { allowed: gap.actual === 'allowed', note: ` [known gap: ${gap.finding}]` };
  return { allowed: allow.includes(role), note: '' };
}

describe('discovery: the table lists every door that exists, and nothing else', () => {
  it('express routes (/api, /open311/v2, /healthz, /metrics)', () => {
    const real = expressRoutes(s.app.express as never);
    expect(real.length).toBeGreaterThan(50);
    expect(compareDoors(real, Object.keys(HTTP))).toEqual({ missing: [], stale: [] });
    // Every listed route has a valid sample request to walk it with.
    expect(Object.keys(HTTP).filter((k) => !SAMPLES[k])).toEqual([]);
    expect(Object.keys(SAMPLES).filter((k) => !HTTP[k])).toEqual([]);
  });

  it('SvelteKit pages and form actions (src/routes/**/+page.server.ts)', () => {
    expect(compareDoors(pageDoors(), Object.keys(PAGES))).toEqual({ missing: [], stale: [] });
  });

  it('socket.io client events and Yjs document names', () => {
    expect(compareDoors(socketEvents(), Object.keys(SOCKET))).toEqual({ missing: [], stale: [] });
    expect(compareDoors(yjsPatterns(), Object.keys(YJS))).toEqual({ missing: [], stale: [] });
  });

  it('the table is consistent: filtered roles are allowed roles; every role is known', () => {
    for (const [key, rule] of [...Object.entries(HTTP), ...Object.entries(PAGES), ...Object.entries(SOCKET), ...Object.entries(YJS)]) {
      for (const r of [...rule.allow, ...(rule.filtered ?? [])]) expect(MATRIX_ROLES, key).toContain(r);
      for (const r of rule.filtered ?? []) expect(rule.allow, `${key}: filtered ${r}`).toContain(r);
    }
  });
});

describe('HTTP: every route × every role', () => {
  it.each(Object.keys(HTTP))('%s', async (key) => {
    const rule = HTTP[key];
    const method = key.split(' ')[0];
    const problems: string[] = [];
    for (const role of MATRIX_ROLES) {
      const req = await SAMPLES[key](w, role);
      const { allowed, note } = expectation('http', key, rule.allow, role);
      const before = method === 'GET' ? undefined : await rowCounts(s);
      const res = await send(s, method, req, w.who[role]);
      const said = `${role} ${method} ${req.path} → ${res.status} ${JSON.stringify(res.body).slice(0, 160)}${note}`;
      if (res.status >= 500) problems.push(`5xx: ${said}`);
      if (allowed) {
        if (res.status < 200 || res.status > 299) problems.push(`should be allowed: ${said}`);
        if (req.marker && res.status < 300) {
          const has = JSON.stringify(res.body).includes(req.marker);
          if (rule.filtered?.includes(role) && has) problems.push(`sees point X's object it must not: ${said}`);
          if (!rule.filtered?.includes(role) && !has) problems.push(`does not see point X's object: ${said}`);
        }
      } else {
        if (!DENIED.has(res.status)) problems.push(`should be denied (401/403/404): ${said}`);
        problems.push(...errorShapeProblems(res, rule.georeport).map((p) => `${role}: ${p}`));
        if (before) {
          const diff = countDiff(before, await rowCounts(s));
          if (diff.length) problems.push(`denied but wrote ${diff.join(', ')}: ${said}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('object level: another point or community cannot tell point X’s objects exist', () => {
  it('guessing ids of point X’s case and record answers exactly like an id that does not exist', async () => {
    const c = w.caseX.caseId;
    const r = w.recordX.recordId;
    // [method, path, table key (for known gaps), body]
    const probes: [string, string, string, unknown?][] = [
      ['GET', '/api/cases/:id', 'GET /api/cases/:id'],
      ['POST', '/api/cases/:id/reveal', 'POST /api/cases/:id/reveal', { purpose: 'check_documents' }],
      ['POST', '/api/cases/:id/transitions', 'POST /api/cases/:id/transitions', { action: 'accept' }],
      ['POST', '/api/cases/:id/transitions', 'POST /api/cases/:id/transitions', { action: 'approve' }],
      ['POST', '/api/cases/:id/transitions', 'POST /api/cases/:id/transitions', { action: 'cancel' }],
      ['POST', '/api/bookings/:hid/assign', 'POST /api/bookings/:caseId/assign', {}],
      ['GET', '/api/grid/records/:rid', 'GET /api/grid/records/:id'],
      ['POST', '/api/grid/records/:rid/reveal', 'POST /api/grid/records/:id/reveal', { purpose: 'verify_record' }],
      ['GET', `/api/grid/records/:rid/photos/${w.recordX.photoId}`, 'GET /api/grid/records/:id/photos/:photoId'],
      ['POST', '/api/grid/claims/record/:rid', 'POST /api/grid/claims/:subject/:id'],
      ['POST', '/api/grid/claims/case/:id', 'POST /api/grid/claims/case/:id'],
      ['POST', '/api/grid/records/:rid/decision', 'POST /api/grid/records/:id/decision', { outcome: 'verified_known' }]
    ];
    const problems: string[] = [];
    for (const role of ['agentY', 'verifierB'] as const) {
      for (const [method, pattern, key, body] of probes) {
        const real = pattern.replace(':id', String(c)).replace(':rid', String(r)).replace(':hid', String(w.homeVisitX.caseId));
        const ghost = pattern.replace(/:(id|rid|hid)/, '99999999');
        const opts = { ...w.who[role], body, headers: { 'Idempotency-Key': `guess-${role}-${method}-${real.replace(/\W/g, '')}` } };
        const a = await s.api(method, real, opts);
        const b = await s.api(method, ghost, { ...opts, headers: { 'Idempotency-Key': `ghost-${role}-${method}-${real.replace(/\W/g, '')}` } });
        // Alike: both 404 with the same body, or both refused for the role alone (it may do this to nothing).
        const alike = (a.status === 404 || a.status === 403) && a.status === b.status && JSON.stringify(a.body) === JSON.stringify(b.body);
        const said = `${role} ${method} ${pattern}: real ${a.status} ${JSON.stringify(a.body)} vs unknown ${b.status} ${JSON.stringify(b.body)}`;
        const gap = gapFor('http', key, role);
        if (gap?.actual === 'leaks existence') {
          if (alike) problems.push(`known gap fixed, remove it from KNOWN_GAPS: ${said}`);
        } else if (!alike) problems.push(said);
      }
    }
    expect(problems).toEqual([]);
    // Nothing moved: the case is still submitted and the record still open.
    expect((await s.api('GET', `/api/cases/${c}`, w.who.agentX)).body.data.state).toBe('submitted');
    expect((await s.api('GET', `/api/grid/records/${r}`, w.who.agentX)).body.data.state).toBe('pending');
  });

  it('point Y’s desk and community B’s board answer nothing about point X in their lists', async () => {
    const lists = ['/api/cases/review', '/api/grid/board', '/api/grid/records/mine', '/api/agenda', '/api/slots', '/api/board/events'];
    for (const role of ['agentY', 'verifierB'] as const)
      for (const path of lists) {
        const res = await s.api('GET', path, w.who[role]);
        const text = JSON.stringify(res.body);
        for (const marker of [w.caseX.caseNo, w.reviewX.caseNo, w.readyX.caseNo, w.homeVisitX.caseNo, w.recordX.unit]) expect(text, `${role} ${path}`).not.toContain(marker);
      }
  });
});

describe('socket.io: every client event × every role', () => {
  it.each(Object.keys(SOCKET) as (keyof typeof SOCKET)[])('%s (scope point:1)', async (event) => {
    const rule = SOCKET[event];
    const problems: string[] = [];
    for (const role of MATRIX_ROLES) {
      const { allowed, note } = expectation('socket', event, rule.allow, role);
      const { cookie, token } = w.who[role];
      const auth = { protocol: 1, ...(token ? { token } : {}) };
      if (!cookie && !token) {
        const err = await refusal(s, { auth });
        if (allowed || !['UNAUTHENTICATED'].includes(err.data?.error.code ?? '')) problems.push(`${role}: handshake ${err.data?.error.code}${note}`);
        continue;
      }
      const sock = await connectSocket(s, { cookie, auth });
      try {
        const ack = await subscribe(sock, 'point:1');
        const got = 'data' in ack ? 'data' : `error ${ack.error.code}`;
        if (allowed !== ('data' in ack)) problems.push(`${role}: ${got}${note}`);
        if ('error' in ack && !['FORBIDDEN', 'NOT_FOUND'].includes(ack.error.code)) problems.push(`${role}: refused with ${ack.error.code}`);
        expect(sock.connected).toBe(true);
      } finally {
        sock.close();
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('Yjs: every document pattern × every role', () => {
  const concrete = (pattern: string): string => {
    switch (pattern) {
      case 'case:<id>:notes':
        return `case:${w.caseX.caseId}:notes`;
      case 'grid:<id>:notes':
        return `grid:${w.recordX.recordId}:notes`;
      case 'worksheet:<id>':
        return `worksheet:${w.assessmentX.spotCheckId}`;
      default:
        return pattern.replace('<id>', '1');
    }
  };

  it.each(Object.keys(YJS))('%s', async (pattern) => {
    const rule = YJS[pattern];
    const name = concrete(pattern);
    const problems: string[] = [];
    for (const role of MATRIX_ROLES) {
      const { allowed, note } = expectation('yjs', pattern, rule.allow, role);
      const { cookie, token } = w.who[role];
      if (allowed) {
        if (!cookie) {
          problems.push(`${role}: allowed by the table but has no session${note}`);
          continue;
        }
        try {
          const doc = await openDoc(s, name, cookie);
          doc.destroy();
        } catch (err) {
          problems.push(`${role}: should open ${name}: ${String(err)}${note}`);
        }
      } else {
        const headers: Record<string, string> = { origin: s.origin };
        if (cookie) headers.cookie = cookie;
        if (token) headers.authorization = `Bearer ${token}`;
        try {
          const r = await upgradeRefusal(s, name, headers);
          if (!DENIED.has(r.status)) problems.push(`${role}: ${name} refused with ${r.status}${note}`);
        } catch (err) {
          problems.push(`${role}: should be refused ${name}: ${String(err)}${note}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
