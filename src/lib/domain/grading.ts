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

/** The three scores as the street and the committee read them (tables, the assessment page). */
export const SCORE_TEXT = {
  accuracyBp: { zh: '准确率', en: 'Accuracy' },
  timelinessBp: { zh: '及时率', en: 'Timeliness' },
  coverageBp: { zh: '覆盖率', en: 'Coverage' }
} as const;

/** An assessment's state before it has a grade. */
export const ASSESSMENT_STATE_TEXT: Record<string, { zh: string; en: string }> = {
  open: { zh: '待评定', en: 'Not graded yet' },
  graded: { zh: '已评定', en: 'Graded' }
};

/**
 * A grade code in words, from the rule set it was graded by when given, else the default rules; an unknown
 * code is shown as it is (never hidden), a missing one as a dash.
 */
export function gradeLabel(grade: string | null | undefined, lang: 'zh' | 'en', rules: readonly Pick<GradeRule, 'grade' | 'zh' | 'en'>[] = DEFAULT_RULES): string {
  if (!grade) return '—';
  return (rules.find((r) => r.grade === grade) ?? DEFAULT_RULES.find((r) => r.grade === grade))?.[lang] ?? grade;
}

/** A score in basis points as a percentage with one decimal ("93.5%"); none yet as a dash. */
export const percentOfBp = (bp: number | null) => (bp === null ? '—' : `${(bp / 100).toFixed(1)}%`);

/** num/den in basis points, floored; nothing to measure counts as full marks only when nothing was due. */
export function ratioBp(num: number, den: number): number {
  if (den <= 0) return 10000;
  return Math.min(10000, Math.floor((Math.max(0, num) * 10000) / den));
}

const inBp = (n: number) => Number.isInteger(n) && n >= 0 && n <= 10000;
const MINIMUMS = ['minAccuracyBp', 'minTimelinessBp', 'minCoverageBp'] as const;

export type RuleProblemCode =
  | 'no_rules'
  | 'grade_missing'
  | 'grade_repeated'
  | 'label_missing'
  | 'out_of_range'
  | 'threshold_order'
  | 'unreachable'
  | 'funding_order'
  | 'no_catch_all';

/** One thing wrong with a rule set: which rule (0-based; null: the whole set), which field, what. */
export interface RuleProblem {
  code: RuleProblemCode;
  rule: number | null;
  field?: keyof GradeRule;
}

const FIELD_TEXT: Partial<Record<keyof GradeRule, { zh: string; en: string }>> = {
  minAccuracyBp: { zh: '准确率', en: 'accuracy' },
  minTimelinessBp: { zh: '及时率', en: 'timeliness' },
  minCoverageBp: { zh: '覆盖率', en: 'coverage' },
  fundingBp: { zh: '拨付比例', en: 'funding share' }
};

/** What each problem says to the street user, Chinese first (shared by the service and the form). */
const PROBLEM_TEXT: Record<RuleProblemCode, { zh: (f: string) => string; en: (f: string) => string }> = {
  no_rules: { zh: () => '至少需要一个等级', en: () => 'Add at least one grade' },
  grade_missing: { zh: () => '等级代码不能为空', en: () => 'the grade code is empty' },
  grade_repeated: { zh: () => '等级代码与前面的等级重复', en: () => 'the grade code repeats an earlier grade' },
  label_missing: { zh: () => '中文和英文名称都要填写', en: () => 'needs both a Chinese and an English name' },
  out_of_range: { zh: (f) => `${f}须在 0%–100% 之间（最多两位小数）`, en: (f) => `${f} must be between 0% and 100% (two decimals at most)` },
  threshold_order: { zh: (f) => `${f}门槛高于上一档：门槛须从高到低排列`, en: (f) => `${f} threshold is above the grade before it: thresholds go from high to low` },
  unreachable: { zh: () => '三项门槛都不低于上一档，永远评不到这一档', en: () => 'no threshold is lower than the grade before it, so it can never be reached' },
  funding_order: { zh: () => '拨付比例高于上一档：较好的等级不能拨付更少', en: () => 'pays more than the grade before it: a better grade must never pay less' },
  no_catch_all: { zh: () => '最后一档的三项门槛须都为 0%，保证每个结果都有等级', en: () => 'the last grade must have all thresholds at 0% so every result gets a grade' }
};

/** A problem as one sentence in the user's language, naming the grade it is about. */
export function ruleProblemText(p: RuleProblem, lang: 'zh' | 'en', rules: readonly Partial<GradeRule>[] = []): string {
  const f = p.field ? (FIELD_TEXT[p.field]?.[lang] ?? String(p.field)) : '';
  const body = PROBLEM_TEXT[p.code][lang](f);
  if (p.rule === null) return body;
  const label = rules[p.rule]?.[lang === 'en' ? 'en' : 'zh'];
  if (lang === 'en') return `Grade ${p.rule + 1}${label ? ` (${label})` : ''}: ${body}`;
  return `第 ${p.rule + 1} 档${label ? `（${label}）` : ''}：${body}`;
}

/**
 * What is wrong with a rule set; empty when it can be used. Grades are listed best first: every threshold
 * no higher than the grade above, at least one lower (or the grade is unreachable), funding never higher,
 * and a catch-all last so every score gets a grade.
 */
export function ruleProblems(rules: readonly GradeRule[]): RuleProblem[] {
  if (rules.length === 0) return [{ code: 'no_rules', rule: null }];
  const out: RuleProblem[] = [];
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (!r.grade?.trim()) out.push({ code: 'grade_missing', rule: i, field: 'grade' });
    else if (seen.has(r.grade)) out.push({ code: 'grade_repeated', rule: i, field: 'grade' });
    seen.add(r.grade);
    if (!r.zh?.trim() || !r.en?.trim()) out.push({ code: 'label_missing', rule: i, field: r.zh?.trim() ? 'en' : 'zh' });
    const ranged = [...MINIMUMS, 'fundingBp' as const].filter((k) => {
      if (inBp(r[k])) return true;
      out.push({ code: 'out_of_range', rule: i, field: k });
      return false;
    });
    const prev = rules[i - 1];
    if (!prev || ranged.length < 4) return;
    const above = MINIMUMS.filter((k) => r[k] > prev[k]);
    for (const k of above) out.push({ code: 'threshold_order', rule: i, field: k });
    if (above.length === 0 && MINIMUMS.every((k) => r[k] === prev[k])) out.push({ code: 'unreachable', rule: i });
    // A better grade must never pay less than a worse one, or a company would be punished for quality.
    if (r.fundingBp > prev.fundingBp) out.push({ code: 'funding_order', rule: i, field: 'fundingBp' });
  });
  const last = rules[rules.length - 1];
  if (last.minAccuracyBp || last.minTimelinessBp || last.minCoverageBp) out.push({ code: 'no_catch_all', rule: rules.length - 1 });
  return out;
}

/** The problems as English sentences (logs, tests). */
export function validateRules(rules: readonly GradeRule[]): string[] {
  return ruleProblems(rules).map((p) => ruleProblemText(p, 'en', rules));
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
