// The street's /grid/street page and what it links to, in Chromium: every form field has a label, every
// table its column headers, empty sections say so, grades and scores are in words (never a raw code), a
// reversed period, one outside the agreement's term and one without records are refused in words, drawing a
// sample says how many were drawn, grading waits for the community's decisions; the committee's view spells out its counts and headers; English follows the switch.
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

    // A period outside the agreement's term, and one of its days without records: each refused in words.
    const year = today().slice(0, 4);
    await page.fill('[data-testid=sample-from]', '2020-01-01');
    await page.fill('[data-testid=sample-to]', today());
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-error]').textContent()).toBe('考核开始日期：考核期间须在协议期限内');
    await page.fill('[data-testid=sample-from]', `${year}-01-01`);
    await page.fill('[data-testid=sample-to]', `${year}-01-01`);
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-error]').textContent()).toBe('该考核期间内没有该企业的记录，抽不到样本，无法考核；请换一个考核期间');
    expect(await page.locator('[data-testid=assessments-empty]').count()).toBe(1);

    // A good period: the page says how many were drawn, and the new row is in words.
    await page.fill('[data-testid=sample-from]', `${year}-01-01`);
    await page.fill('[data-testid=sample-to]', today());
    await page.fill('[data-testid=sample-size]', '2');
    await page.click('[data-testid=sample-draw]');
    await expect.poll(() => page.locator('[data-testid=sample-drawn]').textContent()).toMatch(/^考核 #\d+：已从 \d+ 条记录中抽取 2 条样本/);
    expect(await page.locator('[data-testid=sample-error]').count()).toBe(0);
    const id = Number(/#(\d+)/.exec((await page.locator('[data-testid=sample-drawn]').textContent())!)![1]);
    await page.locator(`[data-testid=assessment-grade-${id}]`).waitFor();
    expect(await page.locator(`[data-testid=assessment-grade-${id}]`).textContent()).toBe('待评定');
    expect(await page.locator('[data-testid=assessments] thead th').allTextContents()).toEqual(['编号', '协议', '考核期间', '样本 / 记录', '随机种子', '等次', '准确率', '及时率', '覆盖率', '拨付经费']);

    // Before any field result, the page says how far the checking is and grading is not offered yet.
    await page.goto(`/grid/assessments/${id}`);
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.locator('[data-testid=grade-progress]').innerText()).toMatch(/^已抽检 0\/2 · 期间内还有 \d+ 条记录待社区核查$/);
    expect(await page.locator('[data-testid=grade]').isDisabled()).toBe(true);
    // Verifiers check the sample, the street grades it: the grade shows in words on both pages.
    const verifier = await apiLogin(suite.server.url, 'verifier');
    const got = await verifier.get<{ spotChecks: { id: number }[] }>(`/api/grid/assessments/${id}`);
    for (const c of got.body.data!.spotChecks) expect((await verifier.post(`/api/grid/spot-checks/${c.id}`, { result: 'accurate' })).status).toBe(200);
    // Grading waits until the community has decided every record of the period (coverage counts decided ones):
    // the page says so, and the API refuses it in words.
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.locator('[data-testid=grade-progress]').innerText()).toMatch(/^已抽检 2\/2 · 期间内还有 \d+ 条记录待社区核查$/);
    expect(await page.locator('[data-testid=grade]').isDisabled()).toBe(true);
    const early = await street.post(`/api/grid/assessments/${id}/grade`, {});
    expect(early.status).toBe(409);
    expect(early.body.error?.message).toContain('待社区核查');
    for (;;) {
      const board = (await verifier.get<{ records: { id: number }[] }>('/api/grid/board')).body.data!.records;
      if (!board.length) break;
      for (const r of board) {
        expect((await verifier.post(`/api/grid/claims/record/${r.id}`, {})).status).toBe(200);
        expect((await verifier.post(`/api/grid/records/${r.id}/decision`, { outcome: 'rejected', reason: '查无此人' })).status).toBe(201);
      }
    }
    // Now it may be graded: 评定等次 asks once more (the funding goes to the ledger); 取消 grades nothing.
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.locator('[data-testid=grade-progress]').innerText()).toBe('已抽检 2/2');
    await page.click('[data-testid=grade]');
    expect(await page.locator('[data-testid=grade-confirm]').innerText()).toContain('经费立即记入该企业台账');
    await page.click('[data-testid=grade-no]');
    expect(await page.locator('[data-testid=grade-confirm]').count()).toBe(0);
    expect((await street.get<{ assessment: { state: string } }>(`/api/grid/assessments/${id}`)).body.data!.assessment.state).toBe('open');
    const graded = await street.post<{ grade: string }>(`/api/grid/assessments/${id}/grade`, {});
    expect(graded.status, JSON.stringify(graded.body)).toBe(200);
    const code = graded.body.data!.grade;
    await page.goto('/grid/street');
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.locator(`[data-testid=assessment-grade-${id}]`).textContent()).toBe(gradeLabel(code, 'zh'));
    expect(await page.locator('[data-testid=assessments]').textContent()).not.toMatch(/\bseed\b|\b(excellent|good|pass|fail|open|graded)\b/);
    await screenshot(page, 'grid-street-zh');

    await page.goto(`/grid/assessments/${id}`);
    await page.locator('html[data-hydrated]').waitFor();
    // What is assessed, in words, and the way back.
    expect(await page.locator('[data-testid=assessment-agreement]').innerText()).toContain('侨香社区工作站服务整体委托（示例）');
    expect(await page.locator('[data-testid=assessment-back]').getAttribute('href')).toBe('/grid/street');
    const verdict = (await page.locator('[data-testid=assessment-grade]').textContent())!.replace(/\s+/g, ' ');
    expect(verdict).toMatch(new RegExp(`^ ?${gradeLabel(code, 'zh')} · 准确率 [\\d.]+% · 及时率 [\\d.]+% · 覆盖率 [\\d.]+%`));
    expect(verdict).not.toContain(code);
    expect(await page.locator('[data-testid=assessment-meta]').textContent()).toContain('随机种子');

    await page.goto('/grid/street');
    await page.locator('html[data-hydrated]').waitFor();
    // Setting an incentive rate says what it was set to, beside the row.
    await page.fill('[aria-label="实有人口 新标准（元）"]', '6.5');
    // Who earns it is said beside the rates: not a company whose entrustment already pays for the record.
    expect(await page.locator('[data-testid=rate-who]').textContent()).toContain('不再按条激励');
    await page.click('[data-testid=rate-set-population]');
    await expect.poll(() => page.locator('[data-testid=rate-done-population]').textContent()).toMatch(/^已设为 ¥6\.50（\d{4}-\d{2} 核查属实的新增信息按此标准计）$/);
    // A whole entrustment: a line without “类别：事项” is named, not dropped; once added, the form is cleared
    // and the committee's link is shown beside it, so a second click has nothing to add twice.
    const rowsBefore = await page.locator('[data-testid=agreements] tbody tr').count();
    const form = page.locator('[data-testid=agreement-form]');
    await form.locator('#gs-agreement-kind').selectOption('whole');
    await form.locator('#gs-agreement-company').selectOption({ index: 1 });
    await form.locator('#gs-agreement-title').fill('界面整体委托');
    await form.locator('[data-testid=agreement-starts]').fill(`${year}-01-01`);
    await form.locator('[data-testid=agreement-ends]').fill(`${year}-12-31`);
    await form.locator('[data-testid=agreement-items]').fill('出租屋管理：出租屋登记\n没有冒号的一行');
    await page.click('[data-testid=agreement-add]');
    expect(await page.locator('[data-testid=agreement-error]').innerText()).toBe('委托事项第 2 行（“没有冒号的一行”）：请写成“类别：事项”');
    // Too long for the server: named by the list and the entry, not by the wire's path (items.1.name).
    await form.locator('[data-testid=agreement-items]').fill(`出租屋管理：出租屋登记\n人口计生：${'很长的事项'.repeat(30)}`);
    await page.click('[data-testid=agreement-add]');
    await expect.poll(() => page.locator('[data-testid=agreement-error]').innerText()).toBe('委托事项第 2 项：超出允许的长度或数值');
    await form.locator('[data-testid=agreement-items]').fill('出租屋管理：出租屋登记\n人口计生：流动人口登记');
    await page.click('[data-testid=agreement-add]');
    await expect.poll(() => page.locator('[data-testid=agreement-added]').textContent()).toMatch(/^已新增协议 #\d+。居委会监督 · 整体委托工作情况（只显示这一次，请现在复制交给居委会）：http:\/\/.+\/committee\/[\w-]{30,}$/);
    expect(await page.locator('[data-testid=agreement-error]').count()).toBe(0);
    expect(await form.locator('#gs-agreement-title').inputValue()).toBe('');
    await expect.poll(() => page.locator('[data-testid=agreements] tbody tr').count()).toBe(rowsBefore + 1);
    expect(await page.locator('[data-testid=agreements] tbody tr').last().innerText()).toContain('2 项');
    // A lost committee link is replaced, after a warning that the old one stops working.
    const first = (await page.locator('[data-testid=agreement-added]').textContent())!;
    const newId = Number(/#(\d+)/.exec(first)![1]);
    const oldLink = /http\S+$/.exec(first)![0];
    await page.click(`[data-testid=relink-${newId}]`);
    expect(await page.locator(`[data-testid=agreement-row-${newId}]`).innerText()).toContain('旧链接将立即失效');
    await page.click(`[data-testid=relink-yes-${newId}]`);
    await expect.poll(() => page.locator('[data-testid=agreement-added]').textContent()).not.toBe(first);
    const newLink = /http\S+$/.exec((await page.locator('[data-testid=agreement-added]').textContent())!)![0];
    expect((await fetch(newLink)).status).toBe(200);
    const gone = await fetch(oldLink);
    expect(gone.status).toBe(404);
    // The committee holding the old link hears the likely cause and what to do.
    expect(await gone.text()).toContain('街道办可能已更换链接，请向街道办索取新的链接');

    // The committee's view: counts spelled out, headers, grades and scores in words.
    await page.goto(`/committee/${DEMO_COMMITTEE_TOKEN}`);
    await page.locator('[data-testid=committee]').waitFor();
    expect(await page.locator('[data-testid=committee-items]').textContent()).toMatch(/^委托事项（\d+ 类，共 \d+ 项）$/);
    // Which company the community entrusted, by name.
    expect(await page.locator('[data-testid=committee-company]').textContent()).toMatch(/物业/);
    expect(await page.locator('[data-testid=committee-work] thead th').allTextContents()).toEqual(['类型', '状态', '条数']);
    expect(await page.locator('[data-testid=committee-assessments] thead th').allTextContents()).toEqual(['考核期间', '等次', '准确率', '及时率', '覆盖率', '拨付经费']);
    expect(await page.locator('[data-testid=committee-assessments] tbody').textContent()).toContain(gradeLabel(code, 'zh'));
    await screenshot(page, 'committee-zh');

    // English: the committee title without a full-width apostrophe, then the street page.
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'committee' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe("Residents' committee · whole-entrustment work");
    expect(await page.locator('[data-testid=committee-items]').textContent()).toMatch(/^Entrusted items \(\d+ categories, \d+ items\)$/);
    expect(await page.locator('[data-testid=committee] li').first().textContent()).toMatch(/^[^：、]+: [^：、]+(, [^：、]+)*$/);
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
