// Why a person's full details are read (查询事由). Every reveal names one, and the access log keeps it beside who,
// what and when, so an admin reading the log sees the reason as well as the read (purpose limitation, PIPL art. 6).
export const REVEAL_PURPOSES = ['check_documents', 'contact_resident', 'home_visit', 'verify_record', 'correct_record', 'other'] as const;
export type RevealPurpose = (typeof REVEAL_PURPOSES)[number];

export const revealPurposeLabel: Record<RevealPurpose, { zh: string; en: string }> = {
  check_documents: { zh: '核对证件材料', en: 'Checking documents' },
  contact_resident: { zh: '联系居民', en: 'Contacting the resident' },
  home_visit: { zh: '上门服务或实地核查', en: 'Home visit or field check' },
  verify_record: { zh: '核查信息真实性', en: 'Verifying the record' },
  correct_record: { zh: '修改后重新上报', en: 'Correcting and filing again' },
  other: { zh: '其他', en: 'Other' }
};

/** What a reveal of each subject may give as its reason (a correction is the filing company's own record). */
export const PURPOSES_FOR = {
  case: ['check_documents', 'contact_resident', 'home_visit', 'other'],
  grid_record: ['verify_record', 'contact_resident', 'home_visit', 'correct_record', 'other']
} as const satisfies Record<string, readonly RevealPurpose[]>;

/** The longest note an `other` reason carries. */
export const REVEAL_NOTE_MAX = 200;
