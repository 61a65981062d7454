// Reads of grid records: the verification board, a record's detail, its photos, the desk's own list.
// Everything is masked; `reveal` is the one full read and it is logged first.
import { AppError } from '../../protocol/errors';
import { GRID_KINDS } from '../../domain/grid.kinds';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import { mayReadRecord } from '../../domain/verification';
import type { BoardFilters, GridCard, GridDetail, MineCard, ReviewCase, VerifyBoardData } from '../../protocol/grid';
import { requireCertified } from './training.service';
import { appendAccess } from '../repositories/access-log.repository';
import { casesInReview } from '../repositories/case.repository';
import { liveClaims } from '../repositories/claim.repository';
import * as grid from '../repositories/grid.repository';
import type { Core } from '../runtime/core';
import type { RequestContext } from './case.queries';
import { toCard as caseCard } from './case.views';
import { BoardQuery } from './grid.inputs';
import { toCard, toDetail } from './grid.views';
import { GRID_IDS_PURPOSE, openGridFields } from './grid.ids';
import { decryptOrRefuse } from './pii.cipher';
import { revealReason } from './reveal.inputs';

export const CLAIM_TTL_MS = 10 * 60_000;
/** The board shows the oldest open records; filters narrow it, the total says how many wait. */
const BOARD_LIMIT = 200;

export function createGridQueries(core: Core) {
  const { db } = core;

  async function load(p: StaffPrincipal, id: number): Promise<grid.RecordWithPlace> {
    const x = await grid.findRecord(db, id);
    // Someone else's record does not exist for you: 404, not 403.
    if (!x || !mayReadRecord(p, { ...x.r, streetId: x.streetId })) throw new AppError('NOT_FOUND');
    return x;
  }

  async function filters(communityId: number): Promise<BoardFilters> {
    const props = await grid.communityProperties(db, communityId);
    const companies = new Map(props.map((x) => [x.companyId, { id: x.companyId, name: { zh: x.companyZh, en: x.companyEn } }]));
    return { kinds: [...GRID_KINDS], properties: props.map((x) => ({ id: x.id, name: { zh: x.nameZh, en: x.nameEn }, companyId: x.companyId })), companies: [...companies.values()] };
  }

  /** The shared board of a community: open grid records and proxy cases under review, with claims. */
  async function board(p: StaffPrincipal, rawQuery: unknown = {}): Promise<VerifyBoardData> {
    if (p.role !== 'verifier' || !p.communityId) throw new AppError('FORBIDDEN');
    const f = BoardQuery.parse(rawQuery);
    const now = core.now();
    const [rows, total, cases, claims, opts] = await Promise.all([
      grid.boardRows(db, p.communityId, f, now, BOARD_LIMIT),
      grid.countOpen(db, p.communityId, f),
      casesInReview(db, p.communityId),
      liveClaims(db, p.communityId, 'case', now),
      filters(p.communityId)
    ]);
    const held = new Map(claims.map((c) => [c.subjectId, { userId: c.holderId, name: c.holderName, expiresAt: c.expiresAt.toISOString() }]));
    const reviewCases: ReviewCase[] = cases.map((c) => ({ ...caseCard(c, now), holder: held.get(c.c.id) ?? null }));
    return { records: rows.map(toCard), total, cases: reviewCases, filters: opts, claimTtlMs: CLAIM_TTL_MS };
  }

  async function detail(p: StaffPrincipal, id: number): Promise<GridDetail> {
    const x = await load(p, id);
    const row = await grid.boardRowOf(db, id, core.now());
    const card = row ? toCard(row) : null;
    return toDetail(x, { holder: card?.holder ?? null, match: card?.match ?? null, photos: await grid.photosOf(db, id) });
  }

  /** A desk's view of its company's recent filings and how they were decided. */
  async function mine(p: StaffPrincipal): Promise<MineCard[]> {
    if (p.role !== 'agent' || !p.companyId) throw new AppError('FORBIDDEN');
    const rows = await grid.recordsOfCompany(db, p.companyId, core.now(), 100);
    const corrected = new Map(rows.filter((row) => row.r.resubmittedFrom !== null).map((row) => [row.r.resubmittedFrom!, row.r.id]));
    return rows.map((row) => ({ ...toCard(row), reason: row.r.reason, refiles: row.r.resubmittedFrom, refiledAs: corrected.get(row.r.id) ?? null }));
  }

  /** The bytes of a photo, to whoever may read its record. */
  async function photo(p: StaffPrincipal, recordId: number, photoId: number) {
    await load(p, recordId);
    const ph = await grid.findPhoto(db, recordId, photoId);
    if (!ph) throw new AppError('NOT_FOUND');
    return { contentType: ph.contentType, bytes: ph.bytes, sha256: ph.sha256 };
  }

  /** Unmasked fields for the community's verifiers and the filing company; logged before returned. */
  async function reveal(p: StaffPrincipal, id: number, ctx: RequestContext, raw: unknown) {
    const x = await load(p, id);
    if (p.role !== 'agent' && p.role !== 'verifier') throw new AppError('FORBIDDEN');
    const why = revealReason('grid_record', raw);
    // 修改后重新上报 is the filing company's reason for its own refused record, and no one else's.
    if (why.purpose === 'correct_record' && (p.role !== 'agent' || x.r.state !== 'rejected')) throw new AppError('VALIDATION', [{ path: 'purpose', code: 'not_refused' }]);
    // Agents carry the confidentiality duty only once trained and pledged.
    if (p.role === 'agent') await requireCertified(db, p.userId, core.now());
    // Decrypted before the log entry: a wrong or missing key answers KEY_UNAVAILABLE and reveals nothing.
    const ids = x.r.idCipher ? (JSON.parse(decryptOrRefuse(core, x.r.idCipher, GRID_IDS_PURPOSE)) as Record<string, string>) : {};
    await appendAccess(db, { actor: principalKey(p), action: 'reveal', subjectType: 'grid_record', subjectId: String(id), fields: Object.keys(x.r.fields), ip: ctx.ip, requestId: ctx.requestId, ...why });
    return { fields: openGridFields(x.r.fields, ids) };
  }

  async function canRead(p: StaffPrincipal, id: number): Promise<boolean> {
    const x = await grid.findRecord(db, id);
    return !!x && mayReadRecord(p, { ...x.r, streetId: x.streetId });
  }

  return { board, detail, mine, photo, reveal, canRead };
}

export type GridQueries = ReturnType<typeof createGridQueries>;
