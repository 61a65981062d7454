// The three grades of commitment (一网): a company under special or whole entrustment is paid for its grid
// records through its agreement's assessment-graded funding; only a company not (yet) entrusted with a
// community earns the participation incentive, per record verified true and new (参与激励：尚未承接专项委托的企业).

export type AgreementKind = 'special' | 'whole' | 'participation';

export interface AgreementTerm {
  id: number;
  kind: string;
  /** null: every community of the street */
  communityId: number | null;
  /** Shanghai days, inclusive */
  startsOn: string;
  endsOn: string;
}

/** Agreements that pay for a record through funding: special and whole entrustment. */
export const FUNDED_KINDS: readonly AgreementKind[] = ['special', 'whole'];

/**
 * The entrustment that already pays for a record the company filed on `day` in `communityId`, if any:
 * such a record counts in that agreement's assessment (coverage, accuracy), so it earns no incentive too.
 */
export function fundingAgreement<A extends AgreementTerm>(agreements: readonly A[], communityId: number, day: string): A | undefined {
  return agreements.find(
    (a) => (FUNDED_KINDS as readonly string[]).includes(a.kind) && (a.communityId === null || a.communityId === communityId) && a.startsOn <= day && day <= a.endsOn
  );
}
