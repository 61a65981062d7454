// Rows behind the finance exports: a month's ledger of one street with what each entry paid for.
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { community, company, gridRecord, ledgerEntry, point, property, proxyCase, serviceItem } from '../db/schema';

const streetCompanies = (db: DbOrTx, streetId: number) => db.select({ id: company.id }).from(company).where(eq(company.streetId, streetId));

/** What every ledger line says about the money, whatever it paid for. */
const entryCols = {
  entryId: ledgerEntry.id,
  companyId: ledgerEntry.companyId,
  companyZh: company.nameZh,
  amountFen: ledgerEntry.amountFen,
  reversesId: ledgerEntry.reversesId,
  reason: ledgerEntry.reason,
  createdAt: ledgerEntry.createdAt
};

const ofMonth = (db: DbOrTx, kind: 'subsidy' | 'incentive' | 'assessment', streetId: number, period: string) =>
  and(eq(ledgerEntry.kind, kind), eq(ledgerEntry.period, period), inArray(ledgerEntry.companyId, streetCompanies(db, streetId)));

export function subsidyLines(db: DbOrTx, streetId: number, period: string) {
  return db
    .select({
      ...entryCols,
      caseNo: proxyCase.caseNo,
      applicantName: proxyCase.applicantName,
      channel: proxyCase.channel,
      submittedAt: proxyCase.submittedAt,
      closedAt: proxyCase.closedAt,
      itemZh: serviceItem.nameZh,
      pointZh: point.nameZh
    })
    .from(ledgerEntry)
    .innerJoin(company, eq(company.id, ledgerEntry.companyId))
    .leftJoin(proxyCase, eq(proxyCase.id, ledgerEntry.caseId))
    .leftJoin(serviceItem, eq(serviceItem.id, ledgerEntry.itemId))
    .leftJoin(point, eq(point.id, ledgerEntry.pointId))
    .where(ofMonth(db, 'subsidy', streetId, period))
    .orderBy(asc(ledgerEntry.companyId), asc(ledgerEntry.id));
}

export function incentiveLines(db: DbOrTx, streetId: number, period: string) {
  return db
    .select({
      ...entryCols,
      recordId: gridRecord.id,
      kind: gridRecord.kind,
      unit: gridRecord.unit,
      propertyZh: property.nameZh,
      communityZh: community.nameZh,
      decidedAt: gridRecord.decidedAt
    })
    .from(ledgerEntry)
    .innerJoin(company, eq(company.id, ledgerEntry.companyId))
    .leftJoin(gridRecord, eq(gridRecord.id, ledgerEntry.recordId))
    .leftJoin(property, eq(property.id, gridRecord.propertyId))
    .leftJoin(community, eq(community.id, gridRecord.communityId))
    .where(ofMonth(db, 'incentive', streetId, period))
    .orderBy(asc(ledgerEntry.companyId), asc(ledgerEntry.id));
}

/** A grade's funding booked in the month (考核拨付), re-grades' reversals included. */
export function fundingLines(db: DbOrTx, streetId: number, period: string) {
  return db
    .select(entryCols)
    .from(ledgerEntry)
    .innerJoin(company, eq(company.id, ledgerEntry.companyId))
    .where(ofMonth(db, 'assessment', streetId, period))
    .orderBy(asc(ledgerEntry.companyId), asc(ledgerEntry.id));
}
