// Pickup notices and following a case at the kiosk, by touch in Chromium: the live list with masked
// names, the pickup code and planned time, wrong codes refused then rate limited; tracking by case number
// and phone ending (a refusal started again names the new number), throttled per case and per device.
import { describe, expect, it } from 'vitest';
import { apiLogin } from './support';
import { waitFor } from '../support/wait';
import { driveToPickup, expectTouchFriendly, kioskSuite, LANDSCAPE, personalDataIn, resident, shots, submitOnScreen, tap, tapKeys, tid } from './support/kiosk';

const suite = kioskSuite();
const { kiosk, contexts, watches } = suite;

describe('kiosk pickup and tracking', () => {
  it('shows a pickup notice live and confirms the pickup with the code; wrong codes are refused, then rate limited', async () => {
    const page = await kiosk({ viewport: LANDSCAPE });
    const deskApi = await apiLogin(suite.server.url, 'desk');
    const verifier = await apiLogin(suite.server.url, 'verifier');
    const newDeskCase = async () => {
      const a = resident();
      const r = await deskApi.post<{ caseId: number; caseNo: string }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: a.name, phone: a.phone, idNumber: a.idNumber }, materials: ['id_card'] });
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      return { ...r.body.data!, a };
    };
    const c = await newDeskCase();
    const code = await driveToPickup(deskApi, verifier, c.caseId);

    // Live on the always-on list, masked.
    const row = page.locator(`${tid('pickup-board')} ${tid(`pickup-${c.caseNo}`)}`);
    await row.waitFor();
    expect(await row.textContent()).not.toContain(c.a.name);
    await shots(page, 'pickup-board');

    await row.tap();
    await page.locator(tid('pickup-screen')).waitFor();
    expect(await page.textContent(tid('value-pickup-case'))).toBe(c.caseNo);
    // One action, the keypad's wide key, and the whole screen fits a 1920 × 1080 display without scrolling.
    expect(await page.locator(`${tid('pickup-screen')} .primary`).count()).toBe(0);
    expect(await page.textContent(tid('pickup-kp-key-ok'))).toBe('查看');
    const ok = (await page.locator(tid('pickup-kp-key-ok')).boundingBox())!;
    expect(ok.y + ok.height).toBeLessThanOrEqual(LANDSCAPE.height);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(LANDSCAPE.height);
    await expectTouchFriendly(page);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await tapKeys(page, 'pickup-kp', wrong);
    await tap(page, 'pickup-kp-key-ok');
    await expect(page.textContent(tid('pickup-error'))).resolves.toBe('取件码不对，请核对短信里的6位取件码。还可以再试4次，之后本件暂停取件15分钟。');
    await tapKeys(page, 'pickup-kp', code);
    await shots(page, 'pickup-entry');
    await tap(page, 'pickup-kp-key-ok');
    await page.locator(tid('pickup-details')).waitFor();
    await shots(page, 'pickup-details');
    // Who only came to check, or does not know yet, may leave without choosing a time.
    expect(await page.locator(tid('pickup-skip')).innerText()).toBe('暂不选择，完成');
    await expectTouchFriendly(page);
    const desk = (await suite.signedIn('desk', { path: '/desk', live: true })).page;
    await desk.locator(`[data-testid=case-${c.caseNo}]`).waitFor();
    expect(await desk.locator(`[data-testid=planned-${c.caseNo}]`).count()).toBe(0);
    await page.locator('[data-testid^=plan-]').first().tap();
    await page.locator(tid('pickup-planned')).waitFor();
    // The desk sees when the resident will come: on the card, and as a step of the case.
    const card = (await deskApi.get<{ caseNo: string; pickupPlannedAt: string | null }[]>('/api/cases/board')).body.data!.find((x) => x.caseNo === c.caseNo)!;
    expect(card.pickupPlannedAt).not.toBeNull();
    const steps = (await deskApi.get<{ timeline: { action: string; by: string }[] }>(`/api/cases/${c.caseId}`)).body.data!.timeline;
    expect(steps.at(-1)).toMatchObject({ action: 'plan_pickup' });
    // Live on the desk's board, without a reload.
    expect(await desk.locator(`[data-testid=planned-${c.caseNo}]`).innerText()).toMatch(/^居民约定取件 \d{4}\/\d{1,2}\/\d{1,2} \d{2}:\d{2}$/);
    await tap(page, 'pickup-finish');
    await page.locator(tid('home-screen')).waitFor();
    expect(await personalDataIn(page, [c.a.name, c.a.phone, code])).toEqual([]);

    // Guessing: each miss counts down; the fifth locks the case, and the sixth try, even with the right code, gets the rate-limit message.
    const d = await newDeskCase();
    const right = await driveToPickup(deskApi, verifier, d.caseId);
    await page.locator(tid(`pickup-${d.caseNo}`)).first().tap();
    const miss = String((Number(right) + 7) % 1_000_000).padStart(6, '0');
    const check = async () => {
      const answered = page.waitForResponse((r) => r.url().endsWith('/api/kiosk/pickup'));
      await tap(page, 'pickup-kp-key-ok');
      await answered;
    };
    for (let i = 0; i < 4; i++) {
      await tapKeys(page, 'pickup-kp', miss);
      await check();
    }
    await page.locator(`${tid('pickup-error')}:has-text("还可以再试1次")`).waitFor();
    // The fifth miss pauses the case, and says so at once.
    await tapKeys(page, 'pickup-kp', miss);
    await check();
    await page.locator(`${tid('pickup-error')}:has-text("暂停取件15分钟")`).waitFor();
    await tapKeys(page, 'pickup-kp', right);
    await check();
    // Says for how long, and what else the resident can do: the desk hands it over on the ID card.
    await page.locator(`${tid('pickup-error')}:has-text("暂停取件15分钟")`).waitFor();
    expect(await page.textContent(tid('pickup-error'))).toContain('带上身份证');
  });

  it('follows a case by number and phone ending; guessing is throttled per case and per device', async () => {
    const page = await kiosk();
    const a = resident();
    await submitOnScreen(page, a);
    const caseNo = (await page.textContent(tid('receipt-caseno')))!.trim();
    await tap(page, 'receipt-finish');

    await tap(page, 'tile-track');
    // The keypad's wide key is the one action: Next on the case number, Check once both are in.
    expect(await page.textContent(tid('track-kp-key-ok'))).toBe('查看');
    await tapKeys(page, 'track-kp', caseNo.replace(/\D/g, ''));
    expect(await page.textContent(tid('track-kp-key-ok'))).toBe('下一步');
    await tap(page, 'track-kp-key-ok');
    await page.locator(`${tid('field-track-secret')}[aria-pressed=true]`).waitFor();
    expect(await page.locator(tid('track-error')).count()).toBe(0);
    await tapKeys(page, 'track-kp', a.phone.slice(-4));
    expect(await page.textContent(tid('track-kp-key-ok'))).toBe('查看');
    await shots(page, 'track-entry');
    // The network drops: it says so and what else to do, and keeps what was typed for the next try.
    await page.context().setOffline(true);
    await tap(page, 'track-kp-key-ok');
    expect(await page.textContent(tid('track-error'))).toContain('网络中断，暂时无法查询');
    expect(await page.textContent(tid('value-track-secret'))).toBe('●●●●');
    await page.context().setOffline(false);
    await tap(page, 'track-kp-key-ok');
    await page.locator('[data-testid=track-stage][data-state=submitted]').waitFor();
    // What to do next, in words: a submitted case waits for its materials at the office; and by when.
    expect(await page.textContent(tid('track-next'))).toContain('管理处');
    // Written out as on the receipt: one way of writing a date on the kiosk.
    expect(await page.textContent(tid('track-due'))).toMatch(/^预计办结：\d{4}年\d{1,2}月\d{1,2}日$/);
    await shots(page, 'track-result');
    await tap(page, 'track-finish');

    // Refused, then started again at the desk (重新受理): the old number names the one to follow now.
    const deskApi = await apiLogin(suite.server.url, 'desk');
    const verifier = await apiLogin(suite.server.url, 'verifier');
    const board = await deskApi.get('/api/cases/board');
    const id = (board.body.data as { id: number; caseNo: string }[]).find((c) => c.caseNo === caseNo)!.id;
    for (const action of ['accept', 'send_for_review']) expect((await deskApi.post(`/api/cases/${id}/transitions`, { action })).status).toBe(201);
    expect((await verifier.post(`/api/grid/claims/case/${id}`, {})).status).toBe(200);
    expect((await verifier.post(`/api/cases/${id}/transitions`, { action: 'reject', reason: '照片不清晰' })).status).toBe(201);
    const again = await deskApi.post<{ resubmittedAs: { caseNo: string } }>(`/api/cases/${id}/transitions`, { action: 'resubmit', materials: ['id_card'] });
    expect(again.status, JSON.stringify(again.body)).toBe(201);
    await tap(page, 'tile-track');
    await tapKeys(page, 'track-kp', caseNo.replace(/\D/g, ''));
    await tap(page, 'track-kp-key-ok');
    await tapKeys(page, 'track-kp', a.phone.slice(-4));
    await tap(page, 'track-kp-key-ok');
    await page.locator('[data-testid=track-stage][data-state=rejected]').waitFor();
    expect(await page.textContent(tid('track-next'))).toBe(`管理处已为您重新受理，新的办件号是 ${again.body.data!.resubmittedAs.caseNo}。请用新的办件号查询进度。`);
    await tap(page, 'track-finish');

    // A case ready for pickup: 去取件 goes straight to the pickup screen with its number filled in.
    const b = resident();
    const ready = await deskApi.post<{ caseId: number; caseNo: string }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: b.name, phone: b.phone, idNumber: b.idNumber }, materials: ['id_card'] });
    expect(ready.status, JSON.stringify(ready.body)).toBe(201);
    await driveToPickup(deskApi, verifier, ready.body.data!.caseId);
    await tap(page, 'tile-track');
    await tapKeys(page, 'track-kp', ready.body.data!.caseNo.replace(/\D/g, ''));
    await tap(page, 'track-kp-key-ok');
    await tapKeys(page, 'track-kp', b.phone.slice(-4));
    await tap(page, 'track-kp-key-ok');
    await page.locator('[data-testid=track-stage][data-state=ready_for_pickup]').waitFor();
    expect(await page.locator(tid('track-due')).count()).toBe(1);
    await tap(page, 'track-pickup');
    await page.locator(tid('pickup-screen')).waitFor();
    expect(await page.textContent(tid('value-pickup-case'))).toBe(ready.body.data!.caseNo);
    await tap(page, 'kiosk-home');

    const token = await page.evaluate(() => localStorage.getItem('doorstep.kiosk.token'));
    const track = (last4: string, no = caseNo) =>
      fetch(`${suite.server.url}/api/kiosk/track`, { method: 'POST', headers: { authorization: `Bearer ${token}`, origin: suite.server.url, 'content-type': 'application/json' }, body: JSON.stringify({ caseNo: no, last4 }) });
    const wrong = String((Number(a.phone.slice(-4)) + 1) % 10_000).padStart(4, '0');
    for (let i = 0; i < 10; i++) expect((await track(wrong)).status).toBe(404);
    expect((await track(a.phone.slice(-4))).status).toBe(429);
    for (let i = 0; i < 10; i++) expect((await track('0000', `D20000101-${String(i).padStart(6, '0')}`)).status).toBe(404);
    const locked = await track('0000', 'D20000101-999999');
    expect(locked.status).toBe(429);
    expect(((await locked.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });
  it('exchanges its device token once a day: the old token is refused, the kiosk and its live list keep working', async () => {
    const page = await kiosk();
    const token = () => page.evaluate(() => localStorage.getItem('doorstep.kiosk.token'));
    const me = (t: string | null) => fetch(`${suite.server.url}/api/kiosk/me`, { headers: { authorization: `Bearer ${t}` } }).then((r) => r.status);
    const old = await token();
    expect(await me(old)).toBe(200);

    // The token was issued two days ago: the first heartbeat after a reload exchanges it.
    await page.evaluate(() => localStorage.setItem('doorstep.kiosk.rotatedAt', String(Date.now() - 2 * 86_400_000)));
    const offered = page.waitForResponse((r) => r.url().endsWith('/api/kiosk/rotate-token'));
    await page.reload();
    expect((await offered).status()).toBe(200);
    const fresh = await waitFor(async () => ((await token()) !== old ? await token() : null), 15_000);
    await waitFor(async () => (await me(old)) === 401, 15_000);
    expect(await me(fresh)).toBe(200);
    expect(await page.getAttribute(tid('kiosk'), 'data-device')).toBe('active');

    // The pickup list reconnected with the new token: a notice still arrives live.
    const deskApi = await apiLogin(suite.server.url, 'desk');
    const verifier = await apiLogin(suite.server.url, 'verifier');
    const a = resident();
    const r = await deskApi.post<{ caseId: number; caseNo: string }>('/api/cases', { itemCode: 'residence-proof', channel: 'desk', applicant: { name: a.name, phone: a.phone, idNumber: a.idNumber }, materials: ['id_card'] });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await driveToPickup(deskApi, verifier, r.body.data!.caseId);
    await page.locator(`${tid('pickup-board')} ${tid(`pickup-${r.body.data!.caseNo}`)}`).waitFor();
  });
});
