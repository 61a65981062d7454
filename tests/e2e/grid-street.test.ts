// The street's /grid/street page and what it links to, in Chromium: every form field has a label, every
// table its column headers, empty sections say so, grades and scores are in words (never a raw code), a
// reversed period is refused naming the field, drawing a sample says how many were drawn, an empty sample
// cannot be graded; the committee's view spells out its counts and headers; English follows the switch.
import { describe, expect, it } from 'vitest';
import { gradeLabel } from '../../src/lib/domain/grading';
import { DEMO_COMMITTEE_TOKEN } from '../../src/lib/server/seed/demo-grid';
import { apiLogin, browserSuite, screenshot } from './support';

const suite = browserSuite({ signIn: { settle: true } });
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

describe('/grid/street, assessments and the committee view', () => {
  it('labels, headers, empty states, validation and grades in words, in Chinese and English', async () => {
    const { page } = await suite.signedIn('street');
    await page.goto('/grid/street');
    await page.locator('html[data-hydrated]').waitFor();

    // The title says what the header's link says.
    expect(await page.locator('h1').textContent()).toContain('网格与考核');
    expect(await page.title()).toContain('网格与考核');

    // Tables have headers; empty sections say so.
    expect(await page.locator('[data-testid=agreements] thead th').allTextContents()).toEqual(['编号', '类型', '协议名称', '物业公司', '期限', '基础经费', '委托事项']);
    const owed = page.locator('[data-testid=owed]');
    if ((await owed.locator('tbody tr').count()) === 0) expect(await owed.locator('[data-testid=owed-empty]').textContent()).toContain('暂无');
    else expect(await owed.locator('thead th').allTextContents()).toEqual(['物业公司', '条数', '应付金额']);
    expect(await page.locator('[data-testid=assessments-empty]').textContent()).toContain('暂无考核结果');

    // Every field of both forms is found by its label.
    for (const [label, testid] of [
      ['开始日期', 'agreement-starts'],
      ['结束日期', 'agreement-ends'],
      ['委托协议', 'sample-agreement'],
      ['考核开始日期', 'sample-from'],
      ['考核结束日期', 'sample-to'],
      ['样本数量', 'sample-size']
    ]) {
      expect(await page.getByLabel(label, { exact: true }).getAttribute('data-testid', { timeout: 2000 }), label).toBe(testid);
    }
    const pick = page.locator('[data-testid=sample-agreement]');
    expect(await pick.inputValue()).toBe('');
    expect(await pick.locator('option').first().textContent()).toBe('请选择委托协议…');

    // A reversed period is refused by the server, naming the field, and nothing is opened.
    const street = await apiLogin(suite.server.url, 'street');
    const agreements = (await street.get<{ id: number; kind: string; hasCommitteeLink: boolean }[]>('/api/grid/agreements')).body.data!;
    const whole = agreements.find((a) => a.kind === 'whole' && a.hasCommitteeLink)!;
    await pick.selectOption(String(whole.id));
    await page.fill('[data-testid=sample-from]', '2026-11-30');
    await page.fill('[data-testid=sample-to]', '2026-01-01');
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-error]').textContent()).toBe('考核结束日期：不能早于开始日期');
    expect(await page.locator('[data-testid=sample-drawn]').count()).toBe(0);
    expect(await page.locator('[data-testid=assessments-empty]').count()).toBe(1);

    // A good period: the page says how many were drawn, and the new row is in words.
    await page.fill('[data-testid=sample-from]', '2020-01-01');
    await page.fill('[data-testid=sample-to]', today());
    await page.fill('[data-testid=sample-size]', '2');
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-drawn]').textContent()).toMatch(/^考核 #\d+：已从 \d+ 条记录中抽取 2 条样本/);
    expect(await page.locator('[data-testid=sample-error]').count()).toBe(0);
    const id = Number(/#(\d+)/.exec((await page.locator('[data-testid=sample-drawn]').textContent())!)![1]);
    await page.locator(`[data-testid=assessment-grade-${id}]`).waitFor();
    expect(await page.locator(`[data-testid=assessment-grade-${id}]`).textContent()).toBe('待评定');
    expect(await page.locator('[data-testid=assessments] thead th').allTextContents()).toEqual(['编号', '协议', '考核期间', '样本 / 记录', '随机种子', '等次', '准确率', '及时率', '覆盖率', '拨付经费']);

    // Verifiers check the sample, the street grades it: the grade shows in words on both pages.
    const verifier = await apiLogin(suite.server.url, 'verifier');
    const got = await verifier.get<{ spotChecks: { id: number }[] }>(`/api/grid/assessments/${id}`);
    for (const c of got.body.data!.spotChecks) expect((await verifier.post(`/api/grid/spot-checks/${c.id}`, { result: 'accurate' })).status).toBe(200);
    const graded = await street.post<{ grade: string }>(`/api/grid/assessments/${id}/grade`, {});
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    const code = graded.body.data!.grade;
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.locator(`[data-testid=assessment-grade-${id}]`).textContent()).toBe(gradeLabel(code, 'zh'));
    expect(await page.locator('[data-testid=assessments]').textContent()).not.toMatch(/\bseed\b|\b(excellent|good|pass|fail|open|graded)\b/);
    await screenshot(page, 'grid-street-zh');

    await page.goto(`/grid/assessments/${id}`);
    await page.locator('html[data-hydrated]').waitFor();
    const verdict = (await page.locator('[data-testid=assessment-grade]').textContent())!.replace(/\s+/g, ' ');
    expect(verdict).toMatch(new RegExp(`^ ?${gradeLabel(code, 'zh')} · 准确率 [\\d.]+% · 及时率 [\\d.]+% · 覆盖率 [\\d.]+%`));
    expect(verdict).not.toContain(code);
    expect(await page.locator('[data-testid=assessment-meta]').textContent()).toContain('随机种子');

    // A period without records: the note says nothing was drawn, and the assessment offers no grading.
    await page.goto('/grid/street');
    await page.locator('html[data-hydrated]').waitFor();
    await page.locator('[data-testid=sample-agreement]').selectOption(String(whole.id));
    await page.fill('[data-testid=sample-from]', '2000-01-01');
    await page.fill('[data-testid=sample-to]', '2000-01-31');
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-drawn]').textContent()).toContain('该期间内没有记录，未抽到样本，无法评定等次');
    const emptyId = Number(/#(\d+)/.exec((await page.locator('[data-testid=sample-drawn]').textContent())!)![1]);
    await page.goto(`/grid/assessments/${emptyId}`);
    await page.locator('[data-testid=assessment-empty]').waitFor();
    expect(await page.locator('[data-testid=grade]').count()).toBe(0);

    // The committee's view: counts spelled out, headers, grades and scores in words.
    await page.goto(`/committee/${DEMO_COMMITTEE_TOKEN}`);
    await page.locator('[data-testid=committee]').waitFor();
    expect(await page.locator('[data-testid=committee-items]').textContent()).toMatch(/^委托事项（\d+ 类，共 \d+ 项）$/);
    expect(await page.locator('[data-testid=committee-work] thead th').allTextContents()).toEqual(['类型', '状态', '条数']);
    expect(await page.locator('[data-testid=committee-assessments] thead th').allTextContents()).toEqual(['考核期间', '等次', '准确率', '及时率', '覆盖率', '拨付经费']);
    expect(await page.locator('[data-testid=committee-assessments] tbody').textContent()).toContain(gradeLabel(code, 'zh'));
    await screenshot(page, 'committee-zh');

    // English: the committee title without a full-width apostrophe, then the street page.
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'committee' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe("Residents' committee · whole-entrustment work");
    expect(await page.locator('[data-testid=committee-items]').textContent()).toMatch(/^Entrusted items \(\d+ categories, \d+ items\)$/);
    await page.goto('/grid/street');
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.locator('h1').textContent()).toContain('Grid & assessment');
    expect(await page.locator(`[data-testid=assessment-grade-${id}]`).textContent()).toBe(gradeLabel(code, 'en'));
    await page.locator('[data-testid=agreement-form] select').first().selectOption('whole');
    const placeholder = await page.locator('[data-testid=agreement-items]').getAttribute('placeholder');
    expect(placeholder).toBeTruthy();
    expect(placeholder).not.toMatch(CJK);
    await page.locator('[data-testid=sample-agreement]').selectOption(String(whole.id));
    await page.fill('[data-testid=sample-from]', '2026-11-30');
    await page.fill('[data-testid=sample-to]', '2026-01-01');
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-error]').textContent()).toBe('Period end: must not be before the start date');
    await screenshot(page, 'grid-street-en');
  });
});
