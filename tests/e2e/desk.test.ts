// Proxy cases end to end in Chromium: a desk user takes a walk-in case from submitted to delivered —
// with the community's verifier approving on /verify — while a second desk browser follows live.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, browserSuite, screenshot } from './support';
import { driveToPickup } from './support/kiosk';

const suite = browserSuite({ server: { postgres: true }, signIn: { context: { viewport: { width: 1400, height: 950 } } } });
const signedIn = async (username: string, path: string, live = true) => (await suite.signedIn(username, { path, live })).page;

/** Clicks an action in the open case drawer and waits for the drawer to show the new state. */
async function act(page: Page, action: string, state: string) {
  await page.click(`[data-testid=act-${action}]`);
  await page.locator(`[data-testid=drawer-state][data-state=${state}]`).waitFor();
}

describe('desk board', () => {
  it('takes a walk-in case from submitted to delivered while another desk follows live', async () => {
    const desk = await signedIn('desk', '/desk');
    const watcher = await signedIn('desk', '/desk');
    const verifier = await signedIn('verifier', '/verify');

    // 窗口受理 at the top takes the clerk to the form (on a tablet it is a whole board below).
    await desk.click('[data-testid=jump-intake]');
    expect(await desk.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('intake-item');

    // Another item without home visits takes the channel back to the desk: no blank select, no address left over.
    await desk.selectOption('[data-testid=intake-item]', 'senior-card');
    await desk.selectOption('[data-testid=intake-channel]', 'home_visit');
    await desk.locator('[data-testid=intake-address]').waitFor();
    await desk.selectOption('[data-testid=intake-item]', 'marriage-fertility-cert');
    expect(await desk.locator('[data-testid=intake-channel]').inputValue()).toBe('desk');
    expect(await desk.locator('[data-testid=intake-address]').count()).toBe(0);

    // Walk-in intake: 敬老优待证 needs an ID number.
    await desk.selectOption('[data-testid=intake-item]', 'senior-card');
    // A name with a digit in it is said at once, and the form will not send it.
    await desk.fill('[data-testid=intake-name]', '王小明1');
    expect(await desk.locator('[data-testid=intake-name-error]').innerText()).toBe('姓名只能填写文字，不能有数字或符号');
    expect(await desk.locator('[data-testid=intake-name]').evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
    await desk.fill('[data-testid=intake-name]', '王小明');
    await desk.locator('[data-testid=intake-name-error]').waitFor({ state: 'detached' });
    // A mistyped phone gets the rule in words from the browser's own message, not only "match the requested format".
    expect(await desk.locator('[data-testid=intake-phone]').getAttribute('title')).toBe('请输入11位手机号码');
    await desk.fill('[data-testid=intake-phone]', '13912345678');
    // One digit wrong: said under the field, and the form will not send it.
    await desk.fill('[data-testid=intake-id]', '440304195201011265');
    expect(await desk.locator('[data-testid=intake-id-error]').innerText()).toBe('身份证号校验不符，请逐位核对');
    expect(await desk.locator('[data-testid=intake-id]').evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(false);
    await desk.fill('[data-testid=intake-id]', '440304195201011264');
    await desk.locator('[data-testid=intake-id-error]').waitFor({ state: 'detached' });
    await desk.check('input[value=id_card]');
    await desk.click('[data-testid=intake-submit]');
    const flash = await desk.locator('[data-testid=flash]').textContent();
    const caseNo = /D\d{8}-\d+/.exec(flash ?? '')?.[0];
    expect(caseNo).toBeTruthy();
    // Said beside the button as well: on a tablet the top of the page is a board's height away.
    expect(await desk.locator('[data-testid=intake-received]').innerText()).toBe(`已收件，办件号 ${caseNo}`);
    // The number opens the case: a walk-in with its papers in hand is accepted from there.
    await desk.click('[data-testid=intake-open]');
    await desk.locator(`[data-testid=case-drawer][aria-label="${caseNo}"] [data-testid=drawer-state][data-state=submitted]`).waitFor();
    await desk.click('[data-testid=drawer-close]');

    // The other desk sees it appear in 已提交 without a reload, with the name masked.
    const watched = watcher.locator(`[data-state=submitted] [data-testid=case-${caseNo}]`);
    await watched.waitFor();
    expect(await watched.textContent()).toContain('王*明');
    // A screen reader at the other desk hears it arrive; the clerk who took it in is told by the flash alone.
    await expect.poll(() => watcher.locator('[data-testid=desk-said]').textContent()).toBe(`新到办件 1 件：敬老优待证 ${caseNo}`);
    await desk.locator(`[data-state=submitted] [data-testid=case-${caseNo}]`).waitFor();
    expect(await desk.locator('[data-testid=desk-said]').textContent()).toBe('');
    expect(await watcher.content()).not.toContain('王小明');

    await desk.click(`[data-testid=case-${caseNo}]`);
    await desk.locator('[data-testid=drawer-state][data-state=submitted]').waitFor();
    // The drawer lists every material the item asks for: the one handed in ticked, the others marked as not given.
    const given = await desk.locator('[data-testid=case-drawer] [data-testid^=material-]').evaluateAll((li) => li.map((l) => [l.getAttribute('data-testid'), l.getAttribute('data-ok')]));
    expect(given).toContainEqual(['material-id_card', 'true']);
    expect(given.filter(([, ok]) => ok === 'false').length).toBeGreaterThan(0);
    expect(await desk.locator('[data-testid=case-drawer] [data-ok=false]').first().textContent()).toContain('收件时未提供');
    // 通知补材料 proposes what the checklist says is missing, to edit rather than type.
    expect(await desk.locator('[data-testid=missing-input]').inputValue()).toBe('户口簿、一寸免冠彩色照片2张');
    await act(desk, 'request_materials', 'needs_materials');
    // What to bring is said once, as its own line.
    expect(await desk.locator('[data-testid=drawer-missing]').innerText()).toBe('待补：户口簿、一寸免冠彩色照片2张');
    // 材料已补齐 ticks what was not given; the photo came, the 户口簿 did not: the checklist says exactly that.
    expect(await desk.locator('[data-testid=supply-material-photo]').isChecked()).toBe(true);
    await desk.locator('[data-testid=supply-material-hukou]').uncheck();
    await act(desk, 'supply_materials', 'submitted');
    await expect.poll(() => desk.locator('[data-testid=material-photo]').getAttribute('data-ok')).toBe('true');
    expect(await desk.locator('[data-testid=material-hukou]').getAttribute('data-ok')).toBe('false');
    expect(await desk.locator('[data-testid=drawer-missing]').count()).toBe(0);
    await act(desk, 'accept', 'accepted');
    // The 户口簿 is still not in: 送审 asks once more, naming it, since the community would return the case.
    await desk.click('[data-testid=act-send_for_review]');
    expect(await desk.locator('[data-testid=send_for_review-confirm]').innerText()).toContain('尚未收到：户口簿');
    expect(await desk.locator('[data-testid=drawer-state]').getAttribute('data-state')).toBe('accepted');
    await desk.click('[data-testid=send_for_review-yes]');
    await desk.locator('[data-testid=drawer-state][data-state=in_review]').waitFor();
    await watcher.locator(`[data-state=in_review] [data-testid=case-${caseNo}]`).waitFor();

    // The community verifier sees it arrive in the review queue, claims it and approves it.
    const reviewRow = verifier.locator('tr', { has: verifier.locator(`[data-testid=review-${caseNo}]`) });
    await reviewRow.locator('[data-testid^=claim-case-]').click();
    await reviewRow.locator('[data-testid^=case-holder-]').waitFor();
    await verifier.click(`[data-testid=review-${caseNo}]`);
    await verifier.locator('[data-testid=drawer-state][data-state=in_review]').waitFor();
    await act(verifier, 'approve', 'approved');
    await verifier.locator(`[data-testid=review-${caseNo}]`).waitFor({ state: 'detached' });

    // The desk's open drawer follows the verifier's decision live.
    await desk.locator('[data-testid=drawer-state][data-state=approved]').waitFor();
    await act(desk, 'record_return', 'returned');
    await act(desk, 'issue_pickup', 'ready_for_pickup');
    const code = (await desk.locator('[data-testid=pickup-code] strong').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    // Shown once: focus is on it, so a screen reader reads it and Tab does not skip it; the step is said too.
    await expect.poll(() => desk.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('pickup-code');
    expect(await desk.locator('[data-testid=drawer-said]').textContent()).toBe('待取件');

    // A wrong code is refused; the right one delivers.
    await desk.fill('[data-testid=deliver-code]', code === '000000' ? '111111' : '000000');
    await desk.click('[data-testid=act-deliver]');
    // Said as what to do: check the code in the resident's text, or check the ID document instead.
    expect(await desk.locator('[data-testid=drawer-error]').innerText()).toContain('取件码不正确：请核对居民短信里的6位取件码');
    await desk.fill('[data-testid=deliver-code]', code);
    await act(desk, 'deliver', 'delivered');

    await watcher.locator(`[data-state=delivered] [data-testid=case-${caseNo}]`).waitFor();
    expect(await watcher.locator('[data-testid=count-delivered]').textContent()).toBe('1');
    // The timeline names every step.
    // The timeline names every step: intake, 通知补材料, 材料已补齐 and the six steps to delivery.
    expect(await desk.locator('[data-testid=case-drawer] .timeline li').count()).toBe(9);
    await screenshot(desk, 'desk-delivered');
    await screenshot(watcher, 'desk-watcher');

    // Showing full details is explicit: it asks why (查询事由), and the read is logged with the reason server-side.
    expect(await desk.locator('[data-testid=applicant-name]').textContent()).toBe('王*明');
    await desk.click('[data-testid=reveal]');
    const focused = () => desk.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid);
    expect(await focused()).toBe('reveal-purpose');
    // 取消 gives the keyboard back to the button it replaced.
    await desk.click('[data-testid=reveal-cancel]');
    expect(await focused()).toBe('reveal');
    await desk.click('[data-testid=reveal]');
    await desk.selectOption('[data-testid=reveal-purpose]', 'other');
    // 其他 needs words: the browser will not send it without them.
    await desk.click('[data-testid=reveal-confirm]');
    expect(await desk.locator('[data-testid=reveal-note]').evaluate((el: HTMLInputElement) => el.validity.valueMissing)).toBe(true);
    expect(await desk.locator('[data-testid=applicant-name]').textContent()).toBe('王*明');
    await desk.fill('[data-testid=reveal-note]', '居民来电核对地址');
    await desk.click('[data-testid=reveal-confirm]');
    await expect.poll(() => desk.locator('[data-testid=applicant-name]').textContent()).toBe('王小明');
    // Another card clicked while the drawer is open: that case's own masked name, never the one just revealed,
    // and no pickup code of the last case.
    const other = await (await apiLogin(suite.server.url, 'desk')).post<{ caseNo: string }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: '赵另一', phone: '13912340000', idNumber: '440304195301011245' }, materials: [] });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    await desk.click(`[data-testid=case-${other.body.data!.caseNo}]`);
    await desk.locator(`[data-testid=case-drawer][aria-label="${other.body.data!.caseNo}"] [data-testid=drawer-state][data-state=submitted]`).waitFor();
    expect(await desk.locator('[data-testid=applicant-name]').textContent()).toBe('赵*一');
    expect(await desk.locator('[data-testid=reveal]').count()).toBe(1);
    expect(await desk.locator('[data-testid=pickup-code]').count()).toBe(0);
    await desk.click(`[data-testid=case-${caseNo}]`);
    await desk.locator(`[data-testid=case-drawer][aria-label="${caseNo}"] [data-testid=drawer-state]`).waitFor();
    expect(await desk.locator('[data-testid=applicant-name]').textContent()).toBe('王*明');

    // The month's subsidy statement: prepared by the street office, a preview until the month is over.
    const street = await signedIn('street', '/street', false);
    // Read from a month's view of one company: the forms answer on that same view.
    await street.goto('/street?period=month&scope=company:1');
    await street.selectOption('select[name=companyId]', '1');
    await street.click('[data-testid=prepare]');
    const row = street.locator('[data-testid=statements] tbody tr').first();
    await expect.poll(() => row.textContent()).toContain('月末后审批');
    const view = () => Object.fromEntries(['period', 'scope'].map((k) => [k, new URL(street.url()).searchParams.get(k)]));
    expect(view()).toEqual({ period: 'month', scope: 'company:1' });
    expect(await row.textContent()).toContain('¥10.00');
    expect(await street.locator('[data-testid^=approve-]').count()).toBe(0);
    // Its entries, as an approver reads them: the case, the item, the money.
    await row.locator('[data-testid^=lines-]').click();
    const lines = street.locator('[data-testid=statement-lines]');
    const entry = lines.locator('tbody tr', { hasText: caseNo });
    await expect.poll(() => entry.count()).toBe(1);
    expect(await entry.textContent()).toMatch(/敬老优待证.*¥10\.00/);
    // A wrong entry is reversed with its reason, never edited: the statement is then out of date until prepared again.
    await entry.locator('summary').click();
    await entry.locator('input[name=reason]').fill('重复申报');
    await entry.locator('button.primary').click();
    await expect.poll(() => entry.count()).toBe(2);
    expect(await entry.nth(0).textContent()).toContain('已冲正');
    expect(await entry.nth(1).textContent()).toMatch(/冲正 #\d+：重复申报/);
    expect(await lines.locator('[data-testid=statement-live]').textContent()).toContain('¥0.00');
    expect(view()).toEqual({ period: 'month', scope: 'company:1' });
    await lines.screenshot({ path: await screenshot(street, 'street-statement-lines') });
    await lines.locator('[data-testid^=reprepare-]').click();
    await expect.poll(() => row.textContent()).toContain('¥0.00');
    expect(await street.locator('[data-testid=statement-live]').count()).toBe(0);
    expect(await row.textContent()).toContain('月末后审批');
  });

  it('steps the agenda to tomorrow, where a visit booked for tomorrow waits, and the booked card says when', async () => {
    const api = await apiLogin(suite.server.url, 'desk');
    const dayOf = (iso: string) => new Date(iso).toLocaleDateString('en-CA', { timeZone: 'Asia/Shanghai' });
    const tomorrow = dayOf(new Date(Date.now() + 86_400_000).toISOString());
    const slots = (await api.get<{ id: number; kind: string; startsAt: string }[]>('/api/slots')).body.data!;
    const slot = slots.find((x) => x.kind === 'desk' && dayOf(x.startsAt) === tomorrow)!;
    expect(slot, 'the demo point publishes desk slots for tomorrow').toBeTruthy();
    const booked = await api.post<{ caseNo: string }>('/api/cases', { itemCode: 'senior-card', channel: 'appointment', slotId: slot.id, applicant: { name: '钱明天', phone: '13912340001', idNumber: '440304195201011264' }, materials: ['id_card'] });
    expect(booked.status, JSON.stringify(booked.body)).toBe(201);
    const caseNo = booked.body.data!.caseNo;
    const clock = new Date(slot.startsAt).toLocaleTimeString('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit' });

    const desk = await signedIn('desk', '/desk');
    expect(await desk.locator(`[data-testid=booked-${caseNo}]`).innerText()).toMatch(new RegExp(`^预约时间 \\d{1,2}月\\d{1,2}日周. ${clock}$`));
    const agenda = desk.locator('[data-testid=agenda]');
    expect(await agenda.locator('[data-testid=agenda-day]').innerText()).toMatch(/^今天 · \d{1,2}月\d{1,2}日$/);
    expect(await agenda.locator('[data-testid=agenda-prev]').isDisabled()).toBe(true);
    expect(await agenda.locator('li', { hasText: '钱*天' }).count()).toBe(0);

    await agenda.locator('[data-testid=agenda-next]').click();
    expect(await agenda.locator('[data-testid=agenda-day]').innerText()).toMatch(/^明天 · /);
    const entry = agenda.locator('li', { hasText: '钱*天' });
    await entry.waitFor();
    expect(await entry.locator('time').innerText()).toBe(clock);
    await entry.locator('button').first().click();
    await desk.locator(`[data-testid=case-drawer][aria-label="${caseNo}"] [data-testid=drawer-state][data-state=submitted]`).waitFor();
    await desk.click('[data-testid=drawer-close]');

    // Two days on there is nothing booked yet, and it says so; the switch goes back to today.
    await agenda.locator('[data-testid=agenda-next]').click();
    expect(await agenda.locator('[data-testid=agenda-day]').innerText()).toMatch(/^后天 · /);
    await agenda.getByText('这一天暂无预约').waitFor();
    await agenda.locator('[data-testid=agenda-prev]').click();
    await agenda.locator('[data-testid=agenda-prev]').click();
    expect(await agenda.locator('[data-testid=agenda-day]').innerText()).toMatch(/^今天 · /);

    // Taken in, the case's card no longer carries the booked time.
    await desk.click(`[data-testid=case-${caseNo}]`);
    await act(desk, 'accept', 'accepted');
    await desk.locator(`[data-testid=booked-${caseNo}]`).waitFor({ state: 'detached' });
  });

  it('代领: handing a certificate to a relative asks for their name, relation and checked documents, and keeps them masked', async () => {
    const [api, verifierApi] = [await apiLogin(suite.server.url, 'desk'), await apiLogin(suite.server.url, 'verifier')];
    const made = await api.post<{ caseId: number; caseNo: string }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: '孙代领', phone: '13912340002', idNumber: '440304195301011245' }, materials: [] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const { caseId, caseNo } = made.body.data!;
    const code = await driveToPickup(api, verifierApi, caseId);

    const desk = await signedIn('desk', '/desk');
    await desk.click(`[data-testid=case-${caseNo}]`);
    await desk.locator('[data-testid=drawer-state][data-state=ready_for_pickup]').waitFor();
    await desk.check('[data-testid=collect-proxy]');
    await desk.fill('[data-testid=deliver-code]', code);
    await desk.click('[data-testid=act-deliver]');
    // Nothing is sent until the collector is named and their papers checked.
    expect(await desk.locator('[data-testid=act-deliver-error]').innerText()).toBe('代领须填写代领人姓名、与申请人关系，并查验其身份证件和委托书');
    await desk.fill('[data-testid=collector-name]', '王小红');
    await desk.selectOption('[data-testid=collector-relation]', 'child');
    await desk.click('[data-testid=act-deliver]');
    expect(await desk.locator('[data-testid=act-deliver-error]').count()).toBe(1);
    expect(await desk.locator('[data-testid=drawer-state]').getAttribute('data-state')).toBe('ready_for_pickup');
    await desk.check('[data-testid=collector-proof]');
    await act(desk, 'deliver', 'delivered');

    expect(await desk.locator('[data-testid=drawer-collector]').innerText()).toBe('王*红（子女）');
    expect(await desk.locator('[data-testid=case-drawer] .timeline').innerText()).toContain('代领：王*红（子女）');
    await desk.click('[data-testid=reveal]');
    await desk.selectOption('[data-testid=reveal-purpose]', 'check_documents');
    await desk.click('[data-testid=reveal-confirm]');
    await expect.poll(() => desk.locator('[data-testid=drawer-collector]').innerText()).toBe('王小红（子女）');
  });

  it('prints a 受理回执 from the drawer: what was handed in, what is still to bring, masked, with who took it', async () => {
    const api = await apiLogin(suite.server.url, 'desk');
    const made = await api.post<{ caseId: number; caseNo: string }>('/api/cases', { itemCode: 'senior-card', channel: 'desk', applicant: { name: '李回执', phone: '13912340004', idNumber: '440304195201011264' }, materials: ['id_card'] });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const { caseId, caseNo } = made.body.data!;
    const desk = await signedIn('desk', '/desk', false);
    // A card clicked before the page is hydrated opens nothing.
    await desk.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    // From the keyboard: Enter on a card opens the drawer with focus on its heading; Escape closes it and
    // gives focus back to the card.
    const card = desk.locator(`[data-testid=case-${caseNo}]`);
    await card.focus();
    await desk.keyboard.press('Enter');
    const drawer = desk.locator(`[data-testid=case-drawer][aria-label="${caseNo}"]`);
    await drawer.waitFor();
    expect(await drawer.getAttribute('role')).toBe('dialog');
    await expect.poll(() => desk.evaluate(() => document.activeElement?.tagName)).toBe('H2');
    await desk.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });
    await expect.poll(() => desk.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe(`case-${caseNo}`);
    await desk.click(`[data-testid=case-${caseNo}]`);
    const link = desk.locator('[data-testid=drawer-receipt]');
    expect(await link.getAttribute('href')).toBe(`/desk/cases/${caseId}/receipt`);
    expect(await link.getAttribute('target')).toBe('_blank');

    await desk.goto(`/desk/cases/${caseId}/receipt`);
    const receipt = desk.locator('[data-testid=desk-receipt]');
    expect(await receipt.locator('[data-testid=receipt-caseno]').innerText()).toBe(caseNo);
    expect(await receipt.locator('[data-testid=receipt-applicant]').innerText()).toBe('李*执（139****0004）');
    expect(await receipt.locator('[data-testid=receipt-given] li').allInnerTexts()).toEqual(['✔ 居民身份证原件及复印件']);
    expect((await receipt.locator('[data-testid=receipt-to-bring] li').allInnerTexts()).length).toBeGreaterThan(0);
    expect(await receipt.locator('[data-testid=receipt-staff]').innerText()).toBe('侨香村代办点 张丽');
    expect(await receipt.locator('[data-testid=receipt-qr]').count()).toBe(1);
    // Neither the whole name nor the phone is anywhere in the page.
    const html = await desk.content();
    expect([html.includes('李回执'), html.includes('13912340004')]).toEqual([false, false]);
    // Printed, the page is the receipt alone.
    await desk.emulateMedia({ media: 'print' });
    expect(await desk.locator('header.topbar').isVisible()).toBe(false);
    expect(await desk.locator('[data-testid=receipt-print]').isVisible()).toBe(false);
  });
});
