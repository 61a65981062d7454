// Assessment grades from three scores, by rules the street stores as data (优秀 / 良好 / 合格 / 不合格).
// Scores are integer basis points (0–10000) so a grade never hangs on a floating-point tie.

export interface GradeRule {
  grade: string;
  zh: string;
  en: string;
  minAccuracyBp: number;
  minTimelinessBp: number;
  minCoverageBp: number;
  /** share of the agreement's base funding paid at this grade */
  fundingBp: number;
}

export interface Scores {
  accuracyBp: number;
  timelinessBp: number;
  coverageBp: number;
}

export const DEFAULT_RULES: GradeRule[] = [
  { grade: 'excellent', zh: '优秀', en: 'Excellent', minAccuracyBp: 9500, minTimelinessBp: 9000, minCoverageBp: 9000, fundingBp: 10000 },
  { grade: 'good', zh: '良好', en: 'Good', minAccuracyBp: 9000, minTimelinessBp: 8000, minCoverageBp: 8000, fundingBp: 9000 },
  { grade: 'pass', zh: '合格', en: 'Pass', minAccuracyBp: 8000, minTimelinessBp: 6000, minCoverageBp: 6000, fundingBp: 7000 },
  { grade: 'fail', zh: '不合格', en: 'Fail', minAccuracyBp: 0, minTimelinessBp: 0, minCoverageBp: 0, fundingBp: 0 }
];

/** num/den in basis points, floored; nothing to measure counts as full marks only when nothing was due. */
export function ratioBp(num: number, den: number): number {
  if (den <= 0) return 10000;
  return Math.min(10000, Math.floor((Math.max(0, num) * 10000) / den));
}

const inBp = (n: number) => Number.isInteger(n) && n >= 0 && n <= 10000;

/** What is wrong with a rule set; empty when it can be used. */
export function validateRules(rules: readonly GradeRule[]): string[] {
  const problems: string[] = [];
  if (rules.length === 0) return ['no rules'];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (!r.grade || seen.has(r.grade)) problems.push(`rule ${i}: grade missing or repeated`);
    seen.add(r.grade);
    for (const k of ['minAccuracyBp', 'minTimelinessBp', 'minCoverageBp', 'fundingBp'] as const) if (!inBp(r[k])) problems.push(`rule ${i}: ${k} must be 0–10000`);
    const prev = rules[i - 1];
    // A better grade must never pay less than a worse one, or a company would be punished for quality.
    if (prev && r.fundingBp > prev.fundingBp) problems.push(`rule ${i}: pays more than the grade above it`);
  });
  const last = rules[rules.length - 1];
  if (last.minAccuracyBp || last.minTimelinessBp || last.minCoverageBp) problems.push('the last rule must accept every score (a catch-all grade)');
  return problems;
}

/** The first rule, in order, whose three minimums are all met. */
export function gradeOf(s: Scores, rules: readonly GradeRule[]): GradeRule {
  const hit = rules.find((r) => s.accuracyBp >= r.minAccuracyBp && s.timelinessBp >= r.minTimelinessBp && s.coverageBp >= r.minCoverageBp);
  if (!hit) throw new RangeError('rule set has no catch-all grade');
  return hit;
}

/** Funding paid at a grade: integer fen, rounded down (the street never pays a fraction of a fen). */
export function fundingFen(baseFen: number, fundingBp: number): number {
  return Math.floor((baseFen * fundingBp) / 10000);
}

/** A record is timely when filed within `days` of the day it reports (both as Shanghai calendar days). */
export function isTimely(observedOn: string, filedDay: string, days: number): boolean {
  const diff = (Date.parse(`${filedDay}T00:00:00Z`) - Date.parse(`${observedOn}T00:00:00Z`)) / 86_400_000;
  return diff <= days;
}
