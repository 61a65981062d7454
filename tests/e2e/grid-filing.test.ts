// The phone-sized filing form (/grid) when something is wrong: a refused field is named at the field
// (in the page language) with everything typed kept and the earlier success note gone; a refused photo
// says which record was filed and which photo was refused and why, and can be sent again; rental
// housing fits a 390 px phone, its tenant placeholders in the page language only.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { browserSuite, screenshot } from './support';

const suite = browserSuite({ signIn: { settle: true } });
const PHONE = { width: 390, height: 844 };
const phone = async () => {
  const { page } = await suite.signedIn('desk', { context: { viewport: PHONE } });
  await page.goto('/grid');
  await page.locator('html[data-hydrated]').waitFor();
  return page;
};
const flashId = async (page: Page) => Number(/#(\d+)/.exec((await page.locator('[data-testid=grid-flash]').textContent()) ?? '')?.[1]);
/** 上报 once with the answer lost on the way back: the server files it, the page is told the connection failed. */
const sendLosingTheAnswer = async (page: Page) => {
  await page.route('**/api/grid/records', async (route) => {
    await route.fetch();
    await route.abort('connectionreset');
  });
  await page.click('[data-testid=grid-submit]');
  await page.locator('[data-testid=grid-error]').waitFor();
  await page.unroute('**/api/grid/records');
};
const population = async (page: Page, idNumber: string) => {
  await page.selectOption('[data-testid=grid-kind]', 'population');
  await page.fill('[data-testid=grid-unit]', '5栋 702');
  await page.selectOption('[data-testid=grid-f-change]', 'move_in');
  await page.fill('[data-testid=grid-f-name]', '王小明');
  await page.fill('[data-testid=grid-f-idNumber]', idNumber);
  await page.fill('[data-testid=grid-f-relation]', '子女');
};

describe('grid filing form e2e', () => {
  it('names a refused field at the field, keeps what was typed and drops the earlier success note (zh, then en)', async () => {
    const page = await phone();
    await population(page, '440305199001011264');
    await page.click('[data-testid=grid-submit]');
    await page.locator('[data-testid=grid-flash]', { hasText: '已上报，编号 #' }).waitFor();
    expect(await flashId(page)).toBeGreaterThan(0);

    await population(page, '123');
    await page.click('[data-testid=grid-submit]');
    const msg = page.locator('[data-testid=grid-err-fields-idNumber]');
    await msg.waitFor();
    expect(await msg.textContent()).toBe('身份证号格式不正确');
    const id = page.locator('[data-testid=grid-f-idNumber]');
    expect(await id.getAttribute('aria-invalid')).toBe('true');
    expect(await id.getAttribute('aria-describedby')).toBe('grid-err-fields-idNumber');
    expect(await page.locator('[data-testid=grid-f-name]').getAttribute('aria-invalid')).toBeNull();
    expect(await page.locator('[data-testid=grid-flash]').count()).toBe(0);
    expect(await id.inputValue()).toBe('123');
    expect(await page.locator('[data-testid=grid-f-name]').inputValue()).toBe('王小明');
    expect(await page.locator('[data-testid=grid-unit]').inputValue()).toBe('5栋 702');
    expect(await page.locator('[data-testid=grid-f-relation]').inputValue()).toBe('子女');
    expect(await page.locator('[data-testid=grid-f-change]').inputValue()).toBe('move_in');
    await screenshot(page, 'grid-filing-bad-id');
    // Eighteen characters with one wrong: the check digit catches it, and the words say what to do.
    await page.fill('[data-testid=grid-f-idNumber]', '440305199001011265');
    await page.click('[data-testid=grid-submit]');
    await msg.filter({ hasText: '身份证号校验不符，请逐位核对' }).waitFor();

    // A bad credit code in English.
    await page.click('[data-testid=lang-switch]');
    await page.locator('[data-testid=grid-form] h2', { hasText: 'File a grid record' }).waitFor();
    await page.locator('html[data-hydrated]').waitFor();
    await page.selectOption('[data-testid=grid-kind]', 'legalEntity');
    await page.fill('[data-testid=grid-unit]', 'Shop 9');
    await page.fill('[data-testid=grid-f-name]', 'Demo shop');
    await page.fill('[data-testid=grid-f-creditCode]', 'NOT-A-CODE');
    await page.selectOption('[data-testid=grid-f-category]', 'business');
    await page.selectOption('[data-testid=grid-f-status]', 'opened');
    await page.click('[data-testid=grid-submit]');
    await page.locator('[data-testid=grid-err-fields-creditCode]', { hasText: 'Unified credit code: invalid format' }).waitFor();
    expect(await page.locator('[data-testid=grid-f-creditCode]').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid=grid-f-name]').inputValue()).toBe('Demo shop');
    await page.fill('[data-testid=grid-f-creditCode]', '91110000600037341M');
    await page.click('[data-testid=grid-submit]');
    await page.locator('[data-testid=grid-err-fields-creditCode]', { hasText: 'This credit code does not check out; please check each character' }).waitFor();
  });

  it('a refused photo: the record is filed under its number, the photo is named with the reason and can be sent again', async () => {
    const page = await phone();
    await page.selectOption('[data-testid=grid-kind]', 'event');
    await page.fill('[data-testid=grid-unit]', '2栋楼道');
    await page.selectOption('[data-testid=grid-f-category]', 'hazard');
    await page.selectOption('[data-testid=grid-f-severity]', 'medium');
    await page.fill('[data-testid=grid-f-description]', '楼道灯损坏');
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);
    await page.setInputFiles('[data-testid=grid-photos]', [
      { name: 'lamp.png', mimeType: 'image/png', buffer: png },
      { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('this is not an image') },
      { name: 'memo.png', mimeType: 'image/png', buffer: Buffer.from('nor is this') }
    ]);
    await page.click('[data-testid=grid-submit]');
    const notice = page.locator('[data-testid=grid-photo-refused]');
    await notice.waitFor();
    const id = await flashId(page);
    expect(id).toBeGreaterThan(0);
    const text = (await notice.textContent()) ?? '';
    expect(text).toContain(`已上报，编号 #${id}`);
    expect(text).toContain('“notes.png”：不是 JPEG、PNG 或 WebP 图片');
    // The one that went is counted, the one that did not is named.
    expect(await page.locator('[data-testid=grid-flash]').innerText()).toContain('照片 1 张已上传');
    expect(await page.locator('[data-testid=grid-error]').count()).toBe(0);
    // The form is ready for the next record: no photo left in its picker.
    expect(await page.locator('[data-testid=grid-photos]').evaluate((el) => (el as HTMLInputElement).files?.length ?? 0)).toBe(0);
    await screenshot(page, 'grid-filing-photo-refused');

    // Sent again as a real PNG: added to the same record, and one of the two refused is still to replace.
    await page.setInputFiles('[data-testid=grid-photo-retry]', { name: 'hall.png', mimeType: 'image/png', buffer: png });
    await page.click('[data-testid=grid-photo-retry-send]');
    await expect.poll(() => notice.locator('li').count()).toBe(1);
    expect(await page.locator('[data-testid=grid-photo-added]').count()).toBe(0);
    await page.setInputFiles('[data-testid=grid-photo-retry]', { name: 'stairs.png', mimeType: 'image/png', buffer: Buffer.concat([png, Buffer.alloc(8, 7)]) });
    await page.click('[data-testid=grid-photo-retry-send]');
    await page.locator('[data-testid=grid-photo-added]', { hasText: `照片已补传到 #${id}` }).waitFor();
    expect(await notice.count()).toBe(0);
    const detail = await page.evaluate(async (rid) => (await (await fetch(`/api/grid/records/${rid}`)).json()) as { data: { photos: number } }, id);
    expect(detail.data.photos).toBe(3);
  });

  it('photos the connection lost are sent again as they are, and one whose answer was lost is stored once', async () => {
    const page = await phone();
    await page.selectOption('[data-testid=grid-kind]', 'event');
    await page.fill('[data-testid=grid-unit]', '3栋地库');
    await page.selectOption('[data-testid=grid-f-category]', 'hazard');
    await page.selectOption('[data-testid=grid-f-severity]', 'low');
    await page.fill('[data-testid=grid-f-description]', '地库积水');
    const png = (n: number) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, n)]);
    // The first photo reaches the server but its answer is lost; the second never leaves; the third goes.
    let n = 0;
    await page.route('**/api/grid/records/*/photos', async (route) => {
      const i = ++n;
      if (i === 1) {
        await route.fetch();
        await route.abort('connectionreset');
      } else if (i === 2) await route.abort('internetdisconnected');
      else await route.continue();
    });
    await page.setInputFiles('[data-testid=grid-photos]', [
      { name: 'a.png', mimeType: 'image/png', buffer: png(1) },
      { name: 'b.png', mimeType: 'image/png', buffer: png(2) },
      { name: 'c.png', mimeType: 'image/png', buffer: png(3) }
    ]);
    await page.click('[data-testid=grid-submit]');
    const notice = page.locator('[data-testid=grid-photo-refused]');
    await notice.waitFor();
    const id = await flashId(page);
    expect(await notice.locator('li').allInnerTexts()).toEqual(['“a.png”：网络中断，未能上传', '“b.png”：网络中断，未能上传']);
    // Nothing to choose again: one tap sends both as they were.
    expect(await page.locator('[data-testid=grid-photo-resend]').innerText()).toBe('重新上传未能送达的 2 张照片');
    await page.click('[data-testid=grid-photo-resend]');
    await page.locator('[data-testid=grid-photo-added]', { hasText: `照片已补传到 #${id}` }).waitFor();
    expect(await notice.count()).toBe(0);
    // a.png was stored by its first attempt and answered again, not stored twice: three photos, not four.
    const detail = await page.evaluate(async (rid) => (await (await fetch(`/api/grid/records/${rid}`)).json()) as { data: { photos: number } }, id);
    expect(detail.data.photos).toBe(3);
  });

  it('a reload gives back what was typed (not the photos), filing it once; filing, 清空重填 and signing out leave nothing in the tab', async () => {
    const page = await phone();
    const drafts = () => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('doorstep.draft.')).length);
    await page.selectOption('[data-testid=grid-kind]', 'rentalHousing');
    await page.fill('[data-testid=grid-unit]', '7栋 301');
    await page.fill('[data-testid=grid-f-landlordName]', '李房东');
    await page.fill('[data-testid=grid-tenant-0-name]', '赵租客');
    await page.fill('[data-testid=grid-tenant-0-id]', '440305199001011264');
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    await page.locator('[data-testid=grid-restored]').waitFor();
    expect(await page.locator('[data-testid=grid-restored]').innerText()).toContain('已恢复上次未提交的填写内容（照片需重新选择）');
    expect(await page.locator('[data-testid=grid-kind]').inputValue()).toBe('rentalHousing');
    expect(await page.locator('[data-testid=grid-unit]').inputValue()).toBe('7栋 301');
    expect(await page.locator('[data-testid=grid-f-landlordName]').inputValue()).toBe('李房东');
    expect(await page.locator('[data-testid=grid-tenant-0-name]').inputValue()).toBe('赵租客');
    expect(await page.locator('[data-testid=grid-tenant-0-id]').inputValue()).toBe('440305199001011264');
    // 清空重填 gives it up.
    await page.click('[data-testid=grid-restored-clear]');
    expect(await page.locator('[data-testid=grid-unit]').inputValue()).toBe('');
    expect(await drafts()).toBe(0);

    // Typed again and sent; the answer lost and the page reloaded: sent again, it is the same filing, not a second one.
    await page.fill('[data-testid=grid-unit]', '7栋 302');
    await page.fill('[data-testid=grid-tenant-0-name]', '钱租客');
    await page.fill('[data-testid=grid-tenant-0-id]', '440305199001011264');
    await page.fill('[data-testid=grid-f-landlordName]', '孙房东');
    await page.fill('[data-testid=grid-f-landlordPhone]', '13800001234');
    await page.fill('[data-testid=grid-f-leaseStart]', '2026-01-01');
    await sendLosingTheAnswer(page);
    await page.reload();
    await page.locator('[data-testid=grid-restored]').waitFor();
    await page.click('[data-testid=grid-submit]');
    await expect.poll(() => flashId(page)).toBeGreaterThan(0);
    const id = await flashId(page);
    const mine = await page.evaluate(async () => (await (await fetch('/api/grid/records/mine')).json()) as { data: { id: number; unit: string }[] });
    expect(mine.data.filter((r) => r.unit === '7栋 302').map((r) => r.id)).toEqual([id]);
    expect(await drafts()).toBe(0);
    expect(await page.locator('[data-testid=grid-restored]').count()).toBe(0);

    // Lost again, then changed before sending again: another filing under a key of its own, not a conflict.
    await page.selectOption('[data-testid=grid-kind]', 'event');
    await page.fill('[data-testid=grid-unit]', '9栋 大堂');
    await page.selectOption('[data-testid=grid-f-category]', 'hazard');
    await page.selectOption('[data-testid=grid-f-severity]', 'low');
    await page.fill('[data-testid=grid-f-description]', '大堂地面湿滑');
    await sendLosingTheAnswer(page);
    await page.fill('[data-testid=grid-unit]', '9栋 电梯厅');
    await page.click('[data-testid=grid-submit]');
    await page.locator('[data-testid=grid-flash]', { hasText: '已上报' }).waitFor();
    expect(await page.locator('[data-testid=grid-error]').count()).toBe(0);
    const units = (await page.evaluate(async () => (await (await fetch('/api/grid/records/mine')).json()) as { data: { unit: string }[] })).data.map((r) => r.unit);
    expect(units.filter((u) => u.startsWith('9栋')).sort()).toEqual(['9栋 大堂', '9栋 电梯厅']);

    // Something typed, then 退出: the tab keeps nothing of it.
    await page.fill('[data-testid=grid-unit]', '8栋 101');
    await expect.poll(drafts).toBe(1);
    await page.click('[data-testid=logout]');
    await page.waitForURL(/\/login/);
    expect(await drafts()).toBe(0);
  });

  it('rental housing fits a 390 px phone; in English the tenant placeholders are English only', async () => {
    const page = await phone();
    await page.selectOption('[data-testid=grid-kind]', 'rentalHousing');
    await page.locator('[data-testid=grid-add-tenant]').waitFor();
    await page.click('[data-testid=grid-add-tenant]');
    await page.locator('[data-testid=grid-tenant-1-name]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    const box = await page.locator('[data-testid=grid-add-tenant]').boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(390);
    const idBox = await page.locator('[data-testid=grid-tenant-0-id]').boundingBox();
    expect(idBox!.x + idBox!.width).toBeLessThanOrEqual(390);
    expect(await page.locator('[data-testid=grid-tenant-0-name]').getAttribute('placeholder')).toBe('姓名');
    // An 18-digit ID number shows whole; a row added by mistake can be removed (the others move up).
    await page.fill('[data-testid=grid-tenant-0-id]', '110105194912310011');
    expect(await page.locator('[data-testid=grid-tenant-0-id]').evaluate((el: HTMLInputElement) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await page.fill('[data-testid=grid-tenant-1-name]', '上官租客');
    await page.click('[data-testid=grid-tenant-0-remove]');
    expect(await page.inputValue('[data-testid=grid-tenant-0-name]')).toBe('上官租客');
    expect(await page.locator('[data-testid=grid-tenant-1-name]').count()).toBe(0);
    expect(await page.locator('[data-testid=grid-tenant-0-remove]').count()).toBe(0);

    await page.click('[data-testid=lang-switch]');
    await page.locator('[data-testid=grid-form] h2', { hasText: 'File a grid record' }).waitFor();
    await page.locator('html[data-hydrated]').waitFor();
    await page.selectOption('[data-testid=grid-kind]', 'rentalHousing');
    await page.locator('[data-testid=grid-tenant-0-name]').waitFor();
    expect(await page.locator('[data-testid=grid-tenant-0-name]').getAttribute('placeholder')).toBe('Name');
    expect(await page.locator('[data-testid=grid-tenant-0-id]').getAttribute('placeholder')).toBe('ID number');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'grid-filing-rental-en');
  });
});
