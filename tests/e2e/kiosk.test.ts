// The lobby kiosk end to end in Debian's Chromium with touch emulation: pairing on the keypad, a full
// submission that appears on the desk's board live, the print stylesheet, language and large text, the
// idle wipe, and a revoked kiosk. Pickup and tracking: kiosk-pickup.test.ts; offline: kiosk-offline.test.ts.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { login, newAppContext, watchConsole } from './support';
import { expectTouchFriendly, kioskSuite, LANDSCAPE, newKioskCode, PORTRAIT, openKiosk, pairOnScreen, personalDataIn, resident, shots, submitOnScreen, tap, tapKeys, tid } from './support/kiosk';

const suite = kioskSuite();
const { kiosk, contexts, watches } = suite;

describe('kiosk', () => {
  it('pairs with the printed code; a submission by touch lands on the desk board live', async () => {
    const deskCtx = await newAppContext(suite.browser, suite.server.url);
    contexts.push(deskCtx);
    const desk = await deskCtx.newPage();
    await login(desk, 'desk');
    await desk.goto('/desk');
    await desk.locator(tid('kanban')).waitFor();

    const tab = await openKiosk(suite.browser, suite.server.url);
    contexts.push(tab.ctx);
    watches.push(watchConsole(tab.page));
    const page = tab.page;
    await shots(page, 'pair');
    // Whoever sets the kiosk up is told where the code comes from, in either language, on big targets.
    const pairScreen = page.locator(tid('pair-screen'));
    expect(await pairScreen.textContent()).toContain('「街道管理 → 自助机」');
    await tap(page, 'kiosk-lang');
    expect(await pairScreen.textContent()).toContain('Administration → Kiosks');
    await expectTouchFriendly(page);
    await tap(page, 'kiosk-lang');
    // 确定 on a short code says what is wrong instead of doing nothing.
    await tapKeys(page, 'pair', '1234');
    await tap(page, 'pair-key-ok');
    expect(await page.textContent(tid('pair-error'))).toContain('8位数字');
    for (let i = 0; i < 4; i++) await tap(page, 'pair-key-del');
    expect(suite.server.pairingCode).toMatch(/^\d{8}$/);
    await pairOnScreen(page, suite.server.pairingCode!);
    await expectTouchFriendly(page);
    await shots(page, 'home');

    await tap(page, 'tile-items');
    await shots(page, 'items');
    await tap(page, 'item-senior-card');
    await shots(page, 'item-detail');
    // Applying from the guide, 返回 on the first step comes back to that service's guide, not to a list.
    await tap(page, 'apply-senior-card');
    await page.locator('[data-testid=apply-screen][data-step=who]').waitFor();
    await tap(page, 'apply-back');
    await page.locator(tid('apply-senior-card')).waitFor();
    await tap(page, 'kiosk-home');

    const a = resident();
    // Free times still on their way read as being looked up, never as "no free times".
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route('**/api/slots', async (route) => {
      await held;
      await route.continue();
    });
    const submitted = submitOnScreen(page, a, { how: 'appointment', shoot: true });
    await page.locator(tid('slots-loading')).waitFor();
    expect(await page.locator(tid('no-slots')).count()).toBe(0);
    release();
    await submitted;
    await page.unroute('**/api/slots');
    const caseNo = (await page.textContent(tid('receipt-caseno')))!.trim();
    expect(caseNo).toMatch(/^D\d{8}-\d{6,}$/);
    // Only the ID card was ticked as ready: the receipt names what is still to get, not just "the materials".
    expect(await page.textContent(tid('receipt-bring'))).toMatch(/^还需准备：.*户口簿/);
    expect(await page.textContent(tid('receipt-bring'))).not.toContain('身份证');
    await expect(page.locator(`${tid('receipt-qr')} path`).getAttribute('d')).resolves.toMatch(/^M\d/);
    await expectTouchFriendly(page);
    await shots(page, 'receipt');
    // The print stylesheet: one 80 mm wide page holding the receipt alone.
    const pdf = await page.pdf({ path: 'test-results/screens/kiosk-receipt-80mm.pdf', preferCSSPageSize: true, printBackground: true });
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\]/.exec(pdf.toString('latin1'));
    expect(Number(box?.[1])).toBeCloseTo((80 / 25.4) * 72, 0);
    expect(pdf.toString('latin1').match(/\/Type\s*\/Page\b/g)).toHaveLength(1);

    // The desk sees it without a reload, with the name masked.
    const card = desk.locator(tid(`case-${caseNo}`));
    await card.waitFor();
    expect(await card.textContent()).not.toContain(a.name);

    await tap(page, 'receipt-finish');
    await page.locator(tid('home-screen')).waitFor();
    expect(await personalDataIn(page, [a.name, a.phone, a.idNumber, caseNo])).toEqual([]);

    // English, extra-large text and read-aloud work on every screen; a kiosk with no voice says so.
    await tap(page, 'kiosk-lang');
    await page.locator('[data-testid=kiosk][lang=en]').waitFor();
    await tap(page, 'kiosk-big');
    await tap(page, 'kiosk-speak');
    if (await page.evaluate(() => speechSynthesis.getVoices().length)) expect(await page.locator(tid('no-voice')).count()).toBe(0);
    else await page.locator(tid('no-voice')).getByText('cannot read aloud').waitFor();
    expect(await page.textContent(tid('tile-items'))).toContain('Services handled here');
    await expectTouchFriendly(page);
    await shots(page, 'home-en-large');
    await tap(page, 'tile-items');
    await tap(page, 'item-high-age-allowance');
    await tap(page, 'kiosk-speak');
    await shots(page, 'item-detail-en-large');
    // Home keeps the resident's language and 大字: only 完成 and the idle timeout reset them for the next one.
    await tap(page, 'kiosk-home');
    await page.locator(tid('tile-items')).waitFor();
    expect(await page.getAttribute('[data-testid=kiosk]', 'lang')).toBe('en');
    expect(await page.getAttribute(tid('kiosk-big'), 'aria-pressed')).toBe('true');
  });

  it('the who step: kiosk-sized text that grows with 大字, errors that go as soon as a field is right, all on a landscape screen', async () => {
    const page = await kiosk();
    const fontSize = (selector: string) => page.$eval(selector, (e) => parseFloat(getComputedStyle(e).fontSize));
    const nameLabel = 'label:has([data-testid="input-name"])';
    await tap(page, 'tile-apply');
    await tap(page, 'choose-senior-card');
    // The staff stylesheet's rem-sized label must not shrink the kiosk's text, nor ignore 大字.
    const base = await fontSize(tid('kiosk'));
    expect(await fontSize(nameLabel)).toBeGreaterThanOrEqual(base);
    await expectTouchFriendly(page);
    await tap(page, 'kiosk-big');
    const big = await fontSize(tid('kiosk'));
    expect(big).toBeGreaterThan(base);
    expect(await fontSize(nameLabel)).toBeGreaterThanOrEqual(big);
    await tap(page, 'kiosk-big');

    const a = resident();
    await tap(page, 'apply-next');
    for (const f of ['name', 'phone', 'idNumber']) await page.locator(tid(`error-${f}`)).waitFor();
    await expectTouchFriendly(page);
    await tapKeys(page, 'kp-phone', a.phone.slice(0, 10));
    expect(await page.locator(tid('error-phone')).count()).toBe(1);
    await tapKeys(page, 'kp-phone', a.phone.slice(10));
    await page.locator(tid('error-phone')).waitFor({ state: 'detached' });
    await page.fill(tid('input-name'), `${a.name}8`);
    await page.locator(tid('error-name')).filter({ hasText: '姓名只能填写文字' }).waitFor();
    await page.fill(tid('input-name'), a.name);
    await page.locator(tid('error-name')).waitFor({ state: 'detached' });
    expect(await page.locator(tid('error-idNumber')).count()).toBe(1);

    // Landscape: the form takes the whole width and fits the screen, errors and all, with no scrolling.
    await page.setViewportSize(LANDSCAPE);
    const fit = () =>
      page.evaluate(() => ({
        pageHeight: document.documentElement.scrollHeight,
        width: document.querySelector('[data-testid=apply-screen]')!.getBoundingClientRect().width,
        nextBottom: document.querySelector('[data-testid=apply-next]')!.getBoundingClientRect().bottom
      }));
    const who = await fit();
    expect(who.pageHeight).toBeLessThanOrEqual(LANDSCAPE.height);
    expect(who.nextBottom).toBeLessThanOrEqual(LANDSCAPE.height);
    expect(who.width).toBeGreaterThan(LANDSCAPE.width * 0.9);
    // A wrong ID number is cleared with one tap: X has the 清除 place, 清除 a row of its own.
    await tapKeys(page, 'kp-idNumber', '44030419');
    expect((await page.textContent(tid('value-idNumber')))!.replace(/\s/g, '')).toBe('44030419');
    await tap(page, 'kp-idNumber-key-clear');
    expect(await page.locator(`${tid('value-idNumber')} .ph`).count()).toBe(1);
    // One digit wrong: the check digit catches it here, in words, before anything is sent.
    await tapKeys(page, 'kp-idNumber', a.idNumber.slice(0, 17) + (a.idNumber[17] === '0' ? '1' : '0'));
    await page.locator(tid('error-idNumber')).filter({ hasText: '身份证号校验不符，请逐位核对' }).waitFor();
    await tap(page, 'kp-idNumber-key-clear');
    await tapKeys(page, 'kp-idNumber', a.idNumber);
    await page.locator(tid('error-idNumber')).waitFor({ state: 'detached' });
    // The field being typed in shows every digit; a finished one the resident has left shows its ends only,
    // for whoever stands behind them. Tapping it shows it whole again.
    expect((await page.textContent(tid('value-idNumber')))!.replace(/\s/g, '')).toBe(a.idNumber);
    expect((await page.textContent(tid('value-phone')))!.replace(/\s/g, '')).toBe(`${a.phone.slice(0, 3)}****${a.phone.slice(-4)}`);
    await tap(page, 'field-phone');
    expect((await page.textContent(tid('value-phone')))!.replace(/\s/g, '')).toBe(a.phone);
    expect((await page.textContent(tid('value-idNumber')))!.replace(/\s/g, '')).toBe(`${a.idNumber.slice(0, 4)}**********${a.idNumber.slice(-4)}`);
    await shots(page, 'apply-who-corrected');
    await tap(page, 'apply-next');
    await page.locator('[data-testid=apply-screen][data-step=materials]').waitFor();
    expect((await fit()).pageHeight).toBeLessThanOrEqual(LANDSCAPE.height);
  });

  it('at 大字 the screens that grow most still fit, landscape and portrait, in Chinese and in English', async () => {
    const page = await kiosk({ viewport: LANDSCAPE });
    const overflow = async () => page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
    const misfits: string[] = [];
    for (const [viewport, lang] of [[LANDSCAPE, 'zh'], [LANDSCAPE, 'en'], [PORTRAIT, 'en']] as const) {
      await page.setViewportSize(viewport);
      // Set the language and 大字 wanted on every visit (Home keeps them; a finished visit resets them).
      const from = async (tile: string) => {
        if (await page.locator(tid('kiosk-home')).count()) await tap(page, 'kiosk-home');
        if ((await page.getAttribute('[data-testid=kiosk]', 'lang')) !== (lang === 'zh' ? 'zh-CN' : 'en')) await tap(page, 'kiosk-lang');
        if ((await page.getAttribute(tid('kiosk-big'), 'aria-pressed')) !== 'true') await tap(page, 'kiosk-big');
        await tap(page, tile);
      };
      const check = async (screen: string) => {
        const over = await overflow();
        if (over > 0) misfits.push(`${viewport.width}×${viewport.height} ${lang} ${screen}: ${over} px`);
      };
      await from('tile-items');
      await check('catalogue');
      await expectTouchFriendly(page);
      await tap(page, 'item-senior-card');
      await check('item');
      await from('tile-apply');
      await check('choose item');
      await tap(page, 'choose-senior-card');
      await tap(page, 'apply-next'); // three fields' errors at once
      await check('who, with errors');
      const a = resident();
      await page.fill(tid('input-name'), a.name);
      await tapKeys(page, 'kp-phone', a.phone);
      await check('who, ID number keypad');
      await tapKeys(page, 'kp-idNumber', a.idNumber);
      await tap(page, 'apply-next');
      await tap(page, 'material-id_card');
      await tap(page, 'apply-next');
      await tap(page, 'how-home_visit');
      await check('how, home visit');
    }
    expect(misfits).toEqual([]);
  });

  it('idle timeout: a countdown, then the form, the DOM and every storage are wiped; Back brings nothing back', async () => {
    const page = await kiosk({ idleSeconds: 8 });
    const historyLength = await page.evaluate(() => history.length);
    const a = resident();
    // In English at 大字, as the next resident must not find it.
    await tap(page, 'kiosk-lang');
    await tap(page, 'kiosk-big');
    await tap(page, 'tile-apply');
    await tap(page, 'choose-senior-card');
    await page.fill(tid('input-name'), a.name);
    await tapKeys(page, 'kp-phone', a.phone);
    await tapKeys(page, 'kp-idNumber', a.idNumber);
    expect((await personalDataIn(page, [a.name, a.phone])).length).toBeGreaterThan(0);

    await page.locator(tid('idle-countdown')).waitFor({ timeout: 10_000 });
    // Said once (not a live region ticking every second), with 继续 focused for whoever is still there.
    expect(await page.locator(tid('idle-countdown')).getAttribute('aria-live')).toBeNull();
    expect(await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)).toBe('idle-continue');
    await shots(page, 'idle-countdown');
    await page.locator(tid('home-screen')).waitFor({ timeout: 10_000 });
    await page.locator(tid('idle-countdown')).waitFor({ state: 'detached' });
    expect(await personalDataIn(page, [a.name, a.phone, a.idNumber, a.idNumber.slice(0, 6) + ' ' + a.idNumber.slice(6, 14)])).toEqual([]);
    expect(await page.evaluate(() => history.length)).toBe(historyLength);
    expect(await page.getAttribute('[data-testid=kiosk]', 'lang')).toBe('zh-CN');
    expect(await page.getAttribute(tid('kiosk-big'), 'aria-pressed')).toBe('false');

    // A submission, then the idle wipe on its receipt: nothing of it is left either.
    const b = resident();
    await submitOnScreen(page, b);
    const caseNo = (await page.textContent(tid('receipt-caseno')))!.trim();
    await page.locator(tid('home-screen')).waitFor({ timeout: 15_000 });
    expect(await personalDataIn(page, [b.name, b.phone, b.idNumber, caseNo])).toEqual([]);
    await page.goBack().catch(() => null);
    if (new URL(page.url()).pathname === '/kiosk') expect(await personalDataIn(page, [b.name, b.phone, b.idNumber, caseNo])).toEqual([]);
  });

  it('the catalogue follows the street: an item added appears after the next resident, one switched off mid-application says so and goes', async () => {
    const page = await kiosk();
    const code = `kiosk-live-${process.pid}`;
    const made = await suite.admin.post<{ id: number }>('/api/admin/items', {
      code,
      nameZh: '临时代办事项',
      nameEn: 'Temporary item',
      descriptionZh: '测试',
      materials: [{ key: 'id_card', zh: '居民身份证原件及复印件', en: 'ID card' }],
      needsIdNumber: false,
      homeVisit: false,
      slaDays: 3,
      subsidyFen: 100
    });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    await tap(page, 'tile-apply');
    expect(await page.locator(tid(`choose-${code}`)).count()).toBe(0);
    // One resident later (finish), it is offered.
    await tap(page, 'kiosk-home');
    await submitOnScreen(page, resident());
    await tap(page, 'receipt-finish');
    await tap(page, 'tile-apply');
    await page.locator(tid(`choose-${code}`)).waitFor();

    const a = resident();
    await tap(page, `choose-${code}`);
    await page.fill(tid('input-name'), a.name);
    await tapKeys(page, 'kp-phone', a.phone);
    await tap(page, 'apply-next');
    await tap(page, 'material-id_card');
    await tap(page, 'apply-next');
    await page.locator('[data-testid=apply-screen][data-step=how]').waitFor();
    expect((await suite.admin.patch(`/api/admin/items/${made.body.data!.id}`, { active: false })).status).toBe(200);
    await tap(page, 'apply-submit');
    expect(await page.textContent(tid('apply-refused'))).toBe('这项业务刚刚暂停受理，申请没有提交。请到物业管理处窗口咨询。');
    // The list is fetched again: the item is no longer offered, and the words stay above it.
    await page.locator('[data-testid=apply-screen][data-step=item]').waitFor();
    expect(await page.locator(tid(`choose-${code}`)).count()).toBe(0);
    expect(await page.locator(tid('choose-senior-card')).count()).toBe(1);
  });

  it('every free time of the coming days can be booked, twelve to a page', async () => {
    const page = await kiosk();
    const token = await page.evaluate(() => localStorage.getItem('doorstep.kiosk.token'));
    const listed = (await (await fetch(`${suite.server.url}/api/slots`, { headers: { authorization: `Bearer ${token}` } })).json()) as { data: { id: number; kind: string }[] };
    const deskTimes = listed.data.filter((x) => x.kind === 'desk').map((x) => `slot-${x.id}`);
    await tap(page, 'tile-apply');
    await tap(page, 'choose-senior-card');
    const a = resident();
    await page.fill(tid('input-name'), a.name);
    await tapKeys(page, 'kp-phone', a.phone);
    await tapKeys(page, 'kp-idNumber', a.idNumber);
    await tap(page, 'apply-next');
    await tap(page, 'apply-next');
    await tap(page, 'how-appointment');
    await page.locator('[data-testid^=slot-]').first().waitFor();
    const seen: string[] = [];
    for (let p = 0; ; p++) {
      const onPage = await page.locator('[data-testid=apply-screen] [role=radiogroup] [data-testid^=slot-]').evaluateAll((b) => b.map((x) => x.getAttribute('data-testid')!));
      expect(onPage.length).toBeLessThanOrEqual(12);
      seen.push(...onPage);
      const later = page.locator(tid('slots-later'));
      if (!(await later.count()) || (await later.isDisabled())) break;
      await expectTouchFriendly(page);
      await later.tap();
      await expect.poll(async () => page.locator('[data-testid=apply-screen] [role=radiogroup] [data-testid^=slot-]').first().getAttribute('data-testid')).not.toBe(onPage[0]);
    }
    // Every free desk time the server lists is on some page, once, in the server's order.
    expect(seen).toEqual(deskTimes);
  });

  it('a revoked kiosk shows the revoked screen and the server refuses its token', async () => {
    const { id, code } = await newKioskCode(suite.admin);
    const page = await kiosk({}, code);
    const token = await page.evaluate(() => localStorage.getItem('doorstep.kiosk.token'));
    const surveys = () => page.evaluate(() => localStorage.getItem('doorstep.kiosk.surveys'));
    await expect.poll(surveys).not.toBeNull();
    const revoke = await suite.admin.post(`/api/admin/kiosks/${id}/revoke`, {});
    expect(revoke.status).toBe(200);
    await page.locator(tid('revoked-screen')).waitFor({ timeout: 35_000 });
    await shots(page, 'revoked');
    expect(await page.evaluate(() => localStorage.getItem('doorstep.kiosk.token'))).toBeNull();
    // The street's survey questions, kept for offline reloads, go with the credential.
    expect(await surveys()).toBeNull();
    const me = await fetch(`${suite.server.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(401);
    expect(((await me.json()) as { error: { code: string } }).error.code).toBe('DEVICE_REVOKED');
  });
});
