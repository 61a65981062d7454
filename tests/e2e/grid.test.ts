// The verification board in Debian's Chromium: two verifiers on /verify see each other live — presence,
// a claim (with the holder's name), a decision that takes the record off both boards — while a desk
// files from the phone-sized /grid page. No page trips the CSP or throws.
import { describe, expect, it } from 'vitest';
import { apiLogin, browserSuite, screenshot } from './support';
import { uniqueIdNumber } from '../support/ids';

const suite = browserSuite({ server: { postgres: true }, signIn: { settle: true } });
const signedIn = async (username: string, viewport?: { width: number; height: number }) => (await suite.signedIn(username, viewport ? { context: { viewport } } : {})).page;

const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('grid verification board e2e', () => {
  it('two verifiers see each other, each other’s claims and decisions, live', async () => {
    // One after the other: two sign-ins racing a cold server's first page loads proved flaky.
    const a = await signedIn('verifier');
    const b = await signedIn('verifier2');
    await Promise.all([a.goto('/verify'), b.goto('/verify')]);
    await Promise.all([a, b].map((p) => p.locator('[data-testid=link-status][data-status=live]').waitFor()));
    // Presence: each board lists both verifiers.
    for (const p of [a, b]) {
      await expect.poll(() => p.locator('[data-testid=presence] li').allTextContents()).toEqual(expect.arrayContaining(['侨香社区核查员 陈静', '侨香社区核查员 赵磊']));
    }

    // A desk files a record over the API; both boards show it without a reload.
    const desk = await apiLogin(suite.server.url, 'desk');
    const filed = await desk.post<{ recordId: number }>('/api/grid/records', { kind: 'facility', propertyId: 1, unit: '西门', observedOn: today(), fields: { type: 'manhole', location: '西门人行道', condition: 'missing' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.data!.recordId;
    await Promise.all([a, b].map((p) => p.locator(`[data-testid=grid-row-${id}]`).waitFor()));

    await a.click(`[data-testid=claim-${id}]`);
    await b.locator(`[data-testid=holder-${id}]`, { hasText: '陈静' }).waitFor();
    expect(await b.locator(`[data-testid=claim-${id}]`).count()).toBe(0);
    await screenshot(b, 'verify-claimed-by-other');

    expect(await a.locator(`[data-testid=decide-${id}-verified_new]`).getAttribute('class')).toContain('primary');
    await a.click(`[data-testid=decide-${id}-verified_new]`);
    await Promise.all([a, b].map((p) => p.locator(`[data-testid=grid-row-${id}]`).waitFor({ state: 'detached' })));
    const ledger = await desk.get<{ state: string }>(`/api/grid/records/${id}`);
    expect(ledger.body.data?.state).toBe('verified_new');

    // The other verifier takes the next one; the first sees it held.
    const next = await desk.post<{ recordId: number }>('/api/grid/records', { kind: 'event', propertyId: 1, unit: '3栋大堂', observedOn: today(), fields: { category: 'hazard', severity: 'high', description: '消防通道堆放杂物' } });
    const id2 = next.body.data!.recordId;
    await a.locator(`[data-testid=grid-row-${id2}]`).waitFor();
    await b.click(`[data-testid=claim-${id2}]`);
    await a.locator(`[data-testid=holder-${id2}]`, { hasText: '赵磊' }).waitFor();
    // 不属实 without its reason says what it needs, and the reason field takes focus; nothing is decided.
    await b.click(`[data-testid=decide-${id2}-rejected]`);
    expect(await b.locator(`[data-testid=reason-error-${id2}]`).innerText()).toBe('请先填写不属实的原因，再点“不属实”');
    await expect.poll(() => b.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe(`reason-${id2}`);
    await b.fill(`[data-testid=reason-${id2}]`, '现场已清理');
    await b.locator(`[data-testid=reason-error-${id2}]`).waitFor({ state: 'detached' });
    await b.click(`[data-testid=decide-${id2}-rejected]`);
    await a.locator(`[data-testid=grid-row-${id2}]`).waitFor({ state: 'detached' });
    await screenshot(a, 'verify-board');

    // The manhole verified above, reported again: flagged with the register's label, in the reader's language.
    const again = await desk.post<{ recordId: number }>('/api/grid/records', { kind: 'facility', propertyId: 1, unit: '西门', observedOn: today(), fields: { type: 'manhole', location: '西门人行道', condition: 'missing' } });
    const id3 = again.body.data!.recordId;
    await expect.poll(() => a.locator(`[data-testid=dup-${id3}]`).textContent()).toMatch(/已掌握.*实有部件 · 井盖/);
    // Flagged, it leads with 属实·已掌握 (no incentive), not 属实·新增.
    await a.click(`[data-testid=claim-${id3}]`);
    expect(await a.locator(`[data-testid=decide-${id3}-verified_known]`).getAttribute('class')).toContain('primary');
    expect((await a.locator(`[data-testid=decide-${id3}-verified_new]`).getAttribute('class')) ?? '').not.toContain('primary');
    // The drawer decides too: open it, and the same claim's buttons are there, without closing it first.
    await a.click(`[data-testid=open-${id3}]`);
    const drawer = a.locator('[data-testid=record-drawer]');
    await drawer.locator('[data-testid=drawer-decide-verified_known]').waitFor();
    expect(await drawer.locator('[data-testid=drawer-holder]').innerText()).toContain('陈静');
    // 需上门 keeps the record on the board, marked so, with the verifier's note for the company.
    await drawer.locator('[data-testid=drawer-reason]').fill('周六上午上门核对');
    await drawer.locator('[data-testid=drawer-decide-needs_visit]').click();
    await a.locator(`[data-testid=visit-${id3}]`).waitFor();
    expect(await a.locator(`[data-testid=visit-${id3}]`).innerText()).toBe('需上门');
    const decided = (await (await apiLogin(suite.server.url, 'desk')).get<{ reason: string | null }>(`/api/grid/records/${id3}`)).body.data!;
    expect(decided.reason).toBe('周六上午上门核对');
    await a.click('[data-testid=lang-switch]');
    await a.locator('html[lang=en]').waitFor({ state: 'attached' });
    await expect.poll(() => a.locator(`[data-testid=dup-${id3}]`).textContent()).toMatch(/Known.*City facility · Manhole/i);
  });

  it('a register import says what it did in words, and which lines it skipped and why', async () => {
    const page = await signedIn('verifier');
    await page.goto('/verify');
    const id = uniqueIdNumber();
    const csv = ['类型,小区,房号,身份证号,姓名', `实有人口,侨香村,3栋301,${id},欧阳导入`, '外星人口,侨香村,1栋,,', '实有人口,侨香村,,,缺房号', `实有人口,侨香村,3栋302,${id.slice(0, 17)}${id[17] === '0' ? '1' : '0'},错一位`].join('\r\n');
    await page.locator('[data-testid=register-file]').setInputFiles({ name: '名册.csv', mimeType: 'text/csv', buffer: Buffer.from(`\ufeff${csv}`) });
    await page.getByRole('button', { name: '导入名册' }).click();
    const result = page.locator('[data-testid=register-result]');
    await result.waitFor();
    expect(await result.locator('p').innerText()).toBe('导入完成：4 行 · 新增 1 · 名册中已有 0 · 文件内重复 0 · 有误未导入 3');
    expect(await page.locator('[data-testid=register-errors] li').allInnerTexts()).toEqual([
      '第3行：类型应为：实有人口、出租屋、实有法人、实有部件、实有事件',
      '第4行：缺少：身份证号、房号',
      '第5行：身份证号校验不符，请逐位核对'
    ]);
  });

  it('a verifier opens a record masked and, to check it, shows its full details (a logged read)', async () => {
    const desk = await apiLogin(suite.server.url, 'desk');
    const idNumber = uniqueIdNumber();
    const filed = await desk.post<{ recordId: number }>('/api/grid/records', { kind: 'population', propertyId: 1, unit: '7栋701', observedOn: today(), fields: { change: 'move_in', name: '欧阳核对', idNumber, phone: '13900002222' } });
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = filed.body.data!.recordId;
    const page = await signedIn('verifier');
    await page.goto('/verify');
    await page.click(`[data-testid=open-${id}]`);
    const drawer = page.locator('[data-testid=record-drawer]');
    const name = drawer.locator('[data-testid=record-field-name]');
    await name.waitFor();
    expect(await name.textContent()).toBe('欧**对');
    expect(await drawer.textContent()).not.toContain(idNumber);
    const revealed = page.waitForResponse((r) => r.url().endsWith(`/api/grid/records/${id}/reveal`));
    await drawer.locator('[data-testid=record-reveal]').click();
    // A filer's correction is not a verifier's reason.
    expect(await drawer.locator('[data-testid=record-reveal-purpose] option[value=correct_record]').count()).toBe(0);
    await drawer.locator('[data-testid=record-reveal-purpose]').selectOption('verify_record');
    await drawer.locator('[data-testid=record-reveal-confirm]').click();
    expect((await revealed).status()).toBe(200);
    await drawer.locator('[data-testid=record-field-name]', { hasText: '欧阳核对' }).waitFor();
    expect(await drawer.locator('[data-testid=record-field-idNumber]').textContent()).toBe(idNumber);
    expect(await drawer.locator('[data-testid=record-reveal]').count()).toBe(0);

    // The same person filed again: its drawer names the pending record it may repeat, which opens in its
    // place, masked again (nothing revealed for one record shows under another's number).
    const again = await desk.post<{ recordId: number }>('/api/grid/records', { kind: 'population', propertyId: 1, unit: '7栋701', observedOn: today(), fields: { change: 'move_in', name: '欧阳核对', idNumber, phone: '13900002222' } });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    await page.locator(`[data-testid=open-${again.body.data!.recordId}]`).click();
    await drawer.locator('h2', { hasText: `#${again.body.data!.recordId}` }).waitFor();
    await drawer.locator('[data-testid=record-dup-open]').click();
    await drawer.locator('h2', { hasText: `#${id}` }).waitFor();
    expect(await drawer.locator('[data-testid=record-field-name]').textContent()).toBe('欧**对');

    // Revealed to check it, then decided: the tablet masks it again.
    await drawer.locator('[data-testid=record-reveal]').click();
    await drawer.locator('[data-testid=record-reveal-purpose]').selectOption('home_visit');
    await drawer.locator('[data-testid=record-reveal-confirm]').click();
    await drawer.locator('[data-testid=record-field-name]', { hasText: '欧阳核对' }).waitFor();
    await drawer.locator('[data-testid=drawer-claim]').click();
    await drawer.locator('[data-testid=drawer-decide-verified_known]').click();
    await expect.poll(() => drawer.locator('[data-testid=record-field-name]').textContent()).toBe('欧**对');
    expect(await drawer.textContent()).not.toContain(idNumber);
  });

  it('a desk files a record on the phone-sized page and sees the community’s decision arrive', async () => {
    const phone = await signedIn('desk', { width: 390, height: 844 });
    await phone.goto('/grid');
    await phone.locator('[data-testid=link-status][data-status=live]').waitFor();
    await phone.selectOption('[data-testid=grid-kind]', 'legalEntity');
    await phone.fill('[data-testid=grid-unit]', '商铺 21号');
    await phone.fill('[data-testid=grid-f-name]', '示例·手机上报商店');
    await phone.fill('[data-testid=grid-f-creditCode]', '92440300MA5DEM0218');
    await phone.selectOption('[data-testid=grid-f-category]', 'business');
    await phone.selectOption('[data-testid=grid-f-status]', 'opened');
    await phone.click('[data-testid=grid-submit]');
    const flash = await phone.locator('[data-testid=grid-flash]').textContent();
    const id = Number(/#(\d+)/.exec(flash ?? '')?.[1]);
    expect(id).toBeGreaterThan(0);
    // The answer is on screen, not above it where the form began.
    await expect.poll(async () => {
      const box = (await phone.locator('[data-testid=grid-flash]').boundingBox())!;
      return box.y > -1 && box.y + box.height < 845;
    }).toBe(true);
    await phone.locator(`[data-testid=mine-${id}][data-state=pending]`).waitFor();
    await screenshot(phone, 'grid-phone');

    const v = await apiLogin(suite.server.url, 'verifier');
    expect((await v.post(`/api/grid/claims/record/${id}`, {})).status).toBe(200);
    expect((await v.post(`/api/grid/records/${id}/decision`, { outcome: 'verified_new' })).status).toBe(201);
    await phone.locator(`[data-testid=mine-${id}][data-state=verified_new]`).waitFor();

    // A record found untrue is corrected and filed again from the list: the form comes back filled with
    // what was filed (its full details, for its own company), the reason above it.
    const wrong = await (await apiLogin(suite.server.url, 'desk')).post<{ recordId: number }>('/api/grid/records', { kind: 'legalEntity', propertyId: 1, unit: '商铺 22号', observedOn: today(), fields: { name: '示例·错码商店', creditCode: '92440300MA5DEM022B', category: 'business', status: 'opened', contactPhone: '13900003333' } });
    const wrongId = wrong.body.data!.recordId;
    expect((await v.post(`/api/grid/claims/record/${wrongId}`, {})).status).toBe(200);
    expect((await v.post(`/api/grid/records/${wrongId}/decision`, { outcome: 'rejected', reason: '信用代码与营业执照不符，请核对后重报' })).status).toBe(201);
    await phone.locator(`[data-testid=mine-${wrongId}][data-state=rejected]`).waitFor();
    // A record the community will check on site says what that asks of the agent.
    const visit = await (await apiLogin(suite.server.url, 'desk')).post<{ recordId: number }>('/api/grid/records', { kind: 'facility', propertyId: 1, unit: '南门', observedOn: today(), fields: { type: 'lamp', location: '南门车道', condition: 'damaged' } });
    const visitId = visit.body.data!.recordId;
    expect((await v.post(`/api/grid/claims/record/${visitId}`, {})).status).toBe(200);
    expect((await v.post(`/api/grid/records/${visitId}/decision`, { outcome: 'needs_visit' })).status).toBe(201);
    expect(await phone.locator(`[data-testid=mine-${visitId}-next]`).innerText()).toContain('社区将上门核实');
    // The list reads at a glance: untrue in red, found true in green, and when each was filed.
    expect(await phone.locator(`[data-testid=mine-${wrongId}-state]`).getAttribute('class')).toContain('bad');
    expect(await phone.locator(`[data-testid=mine-${id}-state]`).getAttribute('class')).toContain('good');
    expect(await phone.locator(`[data-testid=mine-${wrongId}]`).innerText()).toMatch(/上报于 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}/);
    await phone.click(`[data-testid=mine-${wrongId}-correct]`);
    const banner = phone.locator('[data-testid=grid-correcting]');
    expect(await banner.innerText()).toContain(`正在修改 #${wrongId}`);
    expect(await banner.innerText()).toContain('信用代码与营业执照不符');
    expect(await phone.locator('[data-testid=grid-kind]').inputValue()).toBe('legalEntity');
    expect(await phone.locator('[data-testid=grid-unit]').inputValue()).toBe('商铺 22号');
    expect(await phone.locator('[data-testid=grid-f-contactPhone]').inputValue()).toBe('13900003333');
    // A correction files the same kind again; given up, it takes the revealed details with it.
    expect(await phone.locator('[data-testid=grid-kind]').isDisabled()).toBe(true);
    await phone.click('[data-testid=grid-correcting-cancel]');
    expect(await phone.locator('[data-testid=grid-f-contactPhone]').inputValue()).toBe('');
    expect(await phone.locator('[data-testid=grid-unit]').inputValue()).toBe('');
    expect(await phone.locator('[data-testid=grid-kind]').isDisabled()).toBe(false);
    await phone.click(`[data-testid=mine-${wrongId}-correct]`);
    await phone.locator('[data-testid=grid-correcting]').waitFor();
    await phone.fill('[data-testid=grid-f-creditCode]', '92440300MA5DEM023E');
    await phone.click('[data-testid=grid-submit]');
    await phone.locator('[data-testid=grid-flash]', { hasText: '已上报' }).waitFor();
    const again = Number(/#(\d+)/.exec((await phone.locator('[data-testid=grid-flash]').textContent()) ?? '')?.[1]);
    await phone.locator(`[data-testid=mine-${wrongId}-refiled]`, { hasText: `#${again}` }).waitFor();
    expect(await phone.locator(`[data-testid=mine-${wrongId}-correct]`).count()).toBe(0);
    expect(await phone.locator('[data-testid=grid-correcting]').count()).toBe(0);
    await screenshot(phone, 'grid-phone-corrected');
  });

  it('the street sets a rate and draws a sample; a verifier records a result with a shared worksheet; the committee link is public', async () => {
    const street = await signedIn('street');
    await street.goto('/grid/street');
    await street.locator('h1').waitFor();
    const street2 = await apiLogin(suite.server.url, 'street');
    const agreements = await street2.get<{ id: number; kind: string }[]>('/api/grid/agreements');
    const whole = agreements.body.data!.find((a) => a.kind === 'whole')!;
    const opened = await street2.post<{ id: number; sample: number[] }>('/api/grid/assessments', { agreementId: whole.id, periodFrom: `${today().slice(0, 4)}-01-01`, periodTo: today(), sampleSize: 2, seed: 'e2e-seed' });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const { id, sample } = opened.body.data!;
    await street.reload();
    await street.locator(`a[href="/grid/assessments/${id}"]`).waitFor();

    const v1 = await signedIn('verifier');
    const v2 = await signedIn('verifier2');
    // The verifier finds the field work at the top of the board, counted, and opens it from there.
    await v1.locator(`[data-testid=spot-task-${id}]`).click();
    await Promise.all([v1.waitForURL(`**/grid/assessments/${id}`), v2.goto(`/grid/assessments/${id}`)]);
    await v1.locator('[data-testid=assessment-meta]').waitFor();
    const first = v1.locator('[data-testid^=spot-]').first();
    const spotId = (await first.getAttribute('data-testid'))!.slice('spot-'.length);
    expect(sample).toHaveLength(2);
    for (const p of [v1, v2]) await p.locator(`[data-testid=spot-${spotId}] button.ghost`).click();
    await v1.locator(`[data-testid=worksheet-${spotId}]`).fill('门牌核对一致，住户在家');
    await expect.poll(() => v2.locator(`[data-testid=worksheet-${spotId}]`).inputValue()).toBe('门牌核对一致，住户在家');
    await v1.locator(`[data-testid=spot-${spotId}] button`, { hasText: '准确' }).first().click();
    await v1.locator(`[data-testid=spot-${spotId}][data-result=accurate]`).waitFor();
    await screenshot(v1, 'spot-check-worksheet');

    const anon = await suite.newContext();
    const c = await anon.newPage();
    suite.watch(c);
    await c.goto('/committee/demo-qiaoxiang-committee-view');
    await c.locator('[data-testid=committee]').waitFor();
    expect(await c.locator('body').textContent()).not.toMatch(/\d{17}[\dX]/);
  });
});
