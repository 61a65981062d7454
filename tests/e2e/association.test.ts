// The association page (/association, 一会) in Chromium: the street user records a joint meeting with a
// decision that names a service item; it shows with its link, survives a reload, reads in English, and a
// member company's agent sees it read-only. Markup typed into the minutes stays text; no CSP violations.
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from './support';

const suite = browserSuite({ signIn: { context: { viewport: { width: 1300, height: 950 } } } });

describe('association page', () => {
  it('the street user records a meeting with a decision, and it shows', async () => {
    const { page, watch } = await suite.signedIn('street');
    await page.click('a.navlink[href="/association"]');
    await page.waitForURL('**/association');
    await page.locator('html[data-hydrated]').waitFor();
    await expect.poll(() => page.locator('[data-testid=assoc-member]').count()).toBe(3);
    expect(await page.locator('[data-testid=assoc-member][data-role=president]').count()).toBe(1);
    expect(await page.locator('[data-testid=assoc-charter]').textContent()).toContain('第三章 政务服务代办');
    const before = await page.locator('[data-testid=assoc-meeting]').count();

    const form = page.locator('[data-testid=assoc-meeting-form]');
    await form.locator('[data-testid=assoc-kind]').selectOption('joint');
    await form.locator('[data-testid=assoc-held-on]').fill('2026-04-08');
    await form.locator('[data-testid=assoc-title]').fill('第七次联席会议（浏览器测试）');
    await form.locator('[data-testid=assoc-place]').fill('侨香村 物业管理处');
    await form.locator('[data-testid=assoc-agenda]').fill('商定新增代办事项');
    // Attending companies are ticked (no Ctrl-click multi-select): two of them, and the legend counts them.
    const companies = form.locator('[data-testid=assoc-companies]');
    for (const v of ['1', '2']) await companies.locator(`input[value="${v}"]`).check();
    expect(await companies.locator('legend').innerText()).toMatch(/· 2$/);
    await form.locator('[data-testid=assoc-guests]').fill('社区居委会 主任');
    await form.locator('[data-testid=assoc-minutes]').fill('纪要：<b>同意</b>新增居住证明代办');
    await form.locator('[data-testid=assoc-decision-text]').first().fill('将“居住证明”纳入物业代办事项');
    await form.locator('[data-testid=assoc-decision-items]').first().getByLabel('居住证明', { exact: true }).check();
    const saved = page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/association/meetings');
    await form.locator('[data-testid=assoc-meeting-save]').click();
    expect((await saved).status()).toBe(201);

    const meeting = page.locator('[data-testid=assoc-meeting]', { hasText: '第七次联席会议（浏览器测试）' });
    await meeting.waitFor();
    expect(await page.locator('[data-testid=assoc-meeting]').count()).toBe(before + 1);
    expect(await meeting.locator('[data-testid=assoc-decision]').textContent()).toContain('将“居住证明”纳入物业代办事项');
    const ticked = await companies.locator('input:checked').evaluateAll((xs) => xs.map((x) => x.parentElement!.textContent!.trim()));
    expect(ticked).toHaveLength(0); // the form is cleared for the next meeting
    expect(await meeting.innerText()).toContain('示例·侨香物业服务有限公司、示例·香蜜湖物业管理有限公司');
    const link = meeting.locator('[data-testid=assoc-ref-item]');
    expect(await link.textContent()).toBe('居住证明');
    expect(await link.getAttribute('href')).toBe('/open311/v2/services/residence-proof.json');
    // What was typed as markup is shown as the characters typed.
    expect(await meeting.textContent()).toContain('<b>同意</b>');
    expect(await meeting.locator('b').count()).toBe(0);
    expect(await page.locator('[data-testid=assoc-msg]').textContent()).toBe('已保存');
    await screenshot(page, 'association-street');

    // Still there after a reload (it is in the database, not just the page), and in English.
    await page.reload();
    await page.locator('[data-testid=assoc-meeting]', { hasText: '第七次联席会议（浏览器测试）' }).waitFor();
    await page.click('[data-testid=lang-switch]');
    await page.locator('h1', { hasText: 'Property Services Development Association' }).waitFor();
    expect(await page.locator('[data-testid=assoc-meeting]', { hasText: '第七次联席会议（浏览器测试）' }).textContent()).toContain('Joint meeting');
    expect(watch.cspViolations).toEqual([]);
    expect(watch.errors).toEqual([]);
  });

  it('an agent of a member company reads the meetings but gets no forms', async () => {
    const { page, watch } = await suite.signedIn('desk');
    await page.goto('/association');
    await page.locator('[data-testid=assoc-meeting]').first().waitFor();
    expect(await page.locator('[data-testid=assoc-decision]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid=assoc-meeting-form]').count()).toBe(0);
    expect(await page.locator('[data-testid=assoc-add-member]').count()).toBe(0);
    expect(watch.cspViolations).toEqual([]);
  });
});
