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
    // The item it created is named, not a link to the API's raw document.
    const item = meeting.locator('[data-testid=assoc-ref-item]');
    expect(await item.textContent()).toBe('居住证明');
    expect(await item.getAttribute('href')).toBeNull();
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

  it('a form is sent once however often it is clicked, a refusal names its field, and nothing typed is dropped unsaid', async () => {
    const { page } = await suite.signedIn('street');
    await page.goto('/association');
    await page.locator('html[data-hydrated]').waitFor();
    const posted: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && new URL(r.url()).pathname.startsWith('/api/association')) posted.push(new URL(r.url()).pathname);
    });

    // A decision that ticks what it created but says nothing is refused here, not silently left out.
    const form = page.locator('[data-testid=assoc-meeting-form]');
    await form.locator('[data-testid=assoc-held-on]').fill('2026-05-06');
    await form.locator('[data-testid=assoc-title]').fill('第八次联席会议（浏览器测试）');
    await form.locator('[data-testid=assoc-place]').fill('街道会议室');
    await form.locator('[data-testid=assoc-decision-items]').first().getByLabel('敬老优待证', { exact: true }).check();
    await form.locator('[data-testid=assoc-meeting-save]').click();
    expect(await form.locator('[data-testid=assoc-decision-unsaid]').innerText()).toBe('决议已勾选了代办事项或委托协议，请填写决议内容');
    expect(posted).toEqual([]);

    // A guest line too long for the register: the answer names the line, where the eye is.
    await form.locator('[data-testid=assoc-decision-text]').first().fill('同意将敬老优待证纳入上门服务');
    await form.locator('[data-testid=assoc-guests]').fill('社区居委会 主任\n' + '来宾'.repeat(70));
    const scrolled = await page.evaluate(() => window.scrollY);
    await form.locator('[data-testid=assoc-meeting-save]').click();
    await expect.poll(() => page.locator('[data-testid=assoc-msg]').textContent()).toBe('其他来宾第 2 项：太长了，请删减');
    expect(await page.evaluate(() => window.scrollY)).toBe(scrolled);
    expect(await page.locator('[data-testid=assoc-msg]').isVisible()).toBe(true);
    await form.locator('[data-testid=assoc-guests]').fill('社区居委会 主任');
    await form.locator('[data-testid=assoc-meeting-save]').dblclick();
    await expect.poll(() => page.locator('[data-testid=assoc-msg]').textContent()).toBe('已保存');
    await expect.poll(() => page.locator('[data-testid=assoc-meeting]', { hasText: '第八次联席会议（浏览器测试）' }).count()).toBe(1);

    // Its date, title and place are corrected afterwards.
    const id = await page.locator('[data-testid=assoc-meeting]', { hasText: '第八次联席会议（浏览器测试）' }).getAttribute('data-id');
    const meeting = page.locator(`[data-testid=assoc-meeting][data-id="${id}"]`);
    await meeting.locator('[data-testid=assoc-meeting-edit]').click();
    await meeting.locator('[data-testid=assoc-meeting-details] input').nth(2).fill('侨香村 物业管理处');
    await meeting.locator('[data-testid=assoc-meeting-details] button.primary').click();
    await expect.poll(() => meeting.locator('header').innerText()).toContain('2026-05-06 · 侨香村 物业管理处');

    // A charter saved with a double click is one version.
    const versions = await page.locator('[data-testid=assoc-charter-version]').count();
    await page.locator('[data-testid=assoc-charter-new]').click();
    await page.locator('[data-testid=assoc-charter] input[type=date]').fill('2026-06-01');
    await page.locator('[data-testid=assoc-charter-body]').fill('## 第一章 总则\n3. 会员享有选举权\n\n2.5万元以下的支出由秘书处审批。');
    await page.locator('[data-testid=assoc-charter-save]').dblclick();
    await expect.poll(() => page.locator('[data-testid=assoc-charter-version]').count()).toBe(versions + 1);
    expect(posted.filter((p) => p === '/api/association/charter')).toHaveLength(1);
    // The numbers as typed, and the amount is a sentence.
    const current = page.locator('[data-testid=assoc-charter] .charter').first();
    expect(await current.locator('ol li').getAttribute('value')).toBe('3');
    expect(await current.locator('p').innerText()).toBe('2.5万元以下的支出由秘书处审批。');

    // A member leaves, after a question, and is listed as a former member.
    const row = page.locator('[data-testid=assoc-member][data-role=member]').first();
    const company = (await row.locator('td').first().innerText()).trim();
    await row.getByRole('button', { name: '变更' }).click();
    await page.locator('[data-testid^=assoc-leave-]').first().click();
    await page.locator('[data-testid=assoc-leave-yes]').click();
    await page.locator('[data-testid=assoc-leave-form]').getByText('确认退会？').waitFor();
    await page.locator('[data-testid=assoc-leave-yes]').click();
    await page.locator('[data-testid=assoc-former]').getByText(company).waitFor();
    expect(await page.locator('[data-testid=assoc-member]', { hasText: company }).count()).toBe(0);
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
