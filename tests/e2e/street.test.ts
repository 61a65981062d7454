// The street dashboard in Chromium: it renders with data, reacts live to a case moved in another
// session, its exports download and parse back, and a wall screen shows it in two columns.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { readSheet } from 'read-excel-file/node';
import type { Page } from 'playwright-core';
import { apiLogin, browserSuite } from './support';

// No afterEach: the last test checks every page of the file at once (all console errors, not only thrown ones).
const suite = browserSuite({ server: { postgres: true }, checks: 'none', signIn: { context: { viewport: { width: 1400, height: 950 }, acceptDownloads: true }, live: true } });

/** Chart.js has painted the canvas of a figure: some pixel is not transparent. */
const painted = (page: Page, testid: string) =>
  page.locator(`[data-testid=${testid}] canvas`).evaluate((c: HTMLCanvasElement) => {
    const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    for (let i = 3; i < px.length; i += 4) if (px[i] > 0) return c.width > 0;
    return false;
  });

const signedIn = async (username: string, path: string) => (await suite.signedIn(username, { path })).page;

describe('street dashboard', () => {
  it('renders with data and reacts live to a case taken in and moved by a desk', async () => {
    const desk = await apiLogin(suite.server.url, 'desk');
    const body = (name: string) => ({ itemCode: 'senior-card', channel: 'desk', materials: ['id_card', 'photo'], applicant: { name, phone: '13900002222', idNumber: '440304195201011264' } });
    const first = await desk.post<{ caseId: number; caseNo: string }>('/api/cases', body('欧阳看板'));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const intake = first.body.data!;
    const street = await signedIn('street', '/street');
    const kpi = (id: string) => street.locator(`[data-testid=kpi-${id}]`);
    await expect.poll(async () => Number(await kpi('intake').textContent())).toBeGreaterThanOrEqual(1);
    // Charts are drawn by Chart.js into canvases sized by their boxes: today's hourly line, days, WIP stacked by stage.
    for (const id of ['chart-intake-hourly', 'chart-intake', 'chart-wip']) {
      await street.locator(`[data-testid=${id}][data-drawn=true]`).waitFor();
      expect(await painted(street, id), id).toBe(true);
    }
    expect(await street.locator('[data-testid=chart-intake-hourly] [role=img]').getAttribute('aria-label')).toMatch(/\d/);
    await street.locator('[data-testid=dash-grid]').waitFor();
    // Headings a clerk can read, and an empty section says so instead of showing a bare heading.
    expect(await street.locator('[data-testid=dash-cases]').textContent()).not.toMatch(/No\.|p50|p90/);
    await street.locator('[data-testid=turnaround], [data-testid=turnaround-none]').first().waitFor();
    const intakeBefore = Number(await kpi('intake').textContent());
    const acceptedBefore = Number((await street.locator('[data-testid=wip-table] tr[data-state=accepted] td').nth(1).textContent().catch(() => '0')) ?? 0);

    // Another session (the desk, over the API) takes in a case and moves one: the open page updates itself.
    expect((await desk.post('/api/cases', body('司马看板'))).status).toBe(201);
    await expect.poll(async () => Number(await kpi('intake').textContent()), { timeout: 5_000 }).toBe(intakeBefore + 1);
    expect((await desk.post(`/api/cases/${intake.caseId}/transitions`, { action: 'accept' })).status).toBe(201);
    await expect
      .poll(async () => Number((await street.locator('[data-testid=wip-table] tr[data-state=accepted] td').nth(1).textContent().catch(() => '0')) ?? 0), { timeout: 5_000 })
      .toBe(acceptedBefore + 1);
    // The live feed says the step in words: the state's label, not its name in the database.
    const step = street.locator('[data-testid=feed] li', { hasText: intake.caseNo }).first();
    await expect.poll(() => step.textContent(), { timeout: 5_000 }).toContain('已受理');
    expect(await street.locator('[data-testid=feed]').textContent()).not.toMatch(/\b(accepted|submitted|in_review)\b/);
  });

  it('each figure links to the list behind it, and the list holds as many rows as the figure says', async () => {
    const street = await signedIn('street', '/street');
    for (const id of ['wip', 'intake', 'backlog', 'overdue']) {
      const kpi = street.locator(`[data-testid=kpi-${id}]`);
      const n = Number(await kpi.textContent());
      await kpi.click();
      await street.waitForURL(/[?&]list=/);
      await expect.poll(async () => Number(await street.locator('[data-testid=list-total]').textContent()), { timeout: 5_000 }).toBe(n);
      expect(await street.locator('[data-testid=list-rows] tbody tr').count()).toBe(Math.min(n, 500));
      await street.click('[data-testid=list-close]');
      await street.waitForURL((u) => !u.searchParams.has('list'));
    }
    // Money is booked by month: a day's view says its figure is the whole month's, and so does its list.
    const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
    expect(await street.locator('[data-testid=money-months]').innerText()).toBe(`${month}（按月结算，整月合计）`);
    await street.locator('[data-testid=kpi-subsidy]').click();
    await street.waitForURL(/[?&]list=subsidy/);
    expect(await street.locator('[data-testid=list-range]').innerText()).toBe(`${month}（按月结算，整月合计）`);
    await street.click('[data-testid=list-close]');
    await street.waitForURL((u) => !u.searchParams.has('list'));
    // A chart's numbers are links too (its data table): the WIP of one stage at one point.
    await street.locator('[data-testid=chart-wip] summary').click();
    const cell = street.locator('[data-testid=chart-wip] td a').first();
    const n = Number(await cell.textContent());
    expect(n).toBeGreaterThan(0);
    await cell.click();
    await street.waitForURL(/list=wip.*pointId=/);
    await expect.poll(async () => Number(await street.locator('[data-testid=list-total]').textContent())).toBe(n);
    // Responsive: the chart follows its box when the window narrows.
    const width = () => street.locator('[data-testid=chart-intake] canvas').evaluate((c) => c.getBoundingClientRect().width);
    const wide = await width();
    await street.setViewportSize({ width: 700, height: 900 });
    await expect.poll(width).toBeLessThan(wide);
    expect(await painted(street, 'chart-intake')).toBe(true);
  });

  it('downloads the overdue list and the statements, and they parse back', async () => {
    const street = await signedIn('street', '/street');
    const [csv] = await Promise.all([street.waitForEvent('download'), street.click('[data-testid=export-overdue-csv]')]);
    const text = readFileSync((await csv.path())!);
    expect([...text.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(text.toString('utf8').slice(1).split('\r\n')[0]).toBe('办件编号,代办点,事项,状态,申请人,提交时间,应办结时间,已用天数,超期天数');
    const [xlsx] = await Promise.all([street.waitForEvent('download'), street.click('[data-testid=export-statements-xlsx]')]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    const rows = await readSheet(readFileSync((await xlsx.path())!), 1);
    expect(rows[0]).toEqual(['物业企业', '补贴件数', '补贴金额（元）', '激励条数', '激励金额（元）', '考核拨付（元）', '合计（元）']);
    expect(rows.at(-1)![0]).toBe('合计');
  });

  it('dates picked with 今日 still chosen are shown, as 自定义 (they were ignored)', async () => {
    const street = await signedIn('street', '/street');
    await street.locator('html[data-hydrated]').waitFor({ state: 'attached' });
    const day = new Date(Date.now() + 8 * 3_600_000 - 3 * 86_400_000).toISOString().slice(0, 10);
    await street.fill('[data-testid=dash-from]', day);
    await street.locator('[data-testid=dash-filters] button[type=submit]').click();
    await street.waitForURL((u) => u.searchParams.get('period') === 'custom');
    expect(new URL(street.url()).searchParams.get('from')).toBe(day);
    expect(await street.inputValue('[data-testid=dash-from]')).toBe(day);
  });

  it('on a 1920 px wall screen it uses the width: cases beside the grid, the live feed beside the statements', async () => {
    const box = async (page: Page, testid: string) => (await page.locator(`[data-testid=${testid}]`).boundingBox())!;
    const { page: wall } = await suite.signedIn('street', { path: '/street', context: { viewport: { width: 1920, height: 1080 } } });
    const [cases, grid] = [await box(wall, 'dash-cases'), await box(wall, 'dash-grid')];
    expect(grid.x).toBeGreaterThan(cases.x + cases.width);
    expect(grid.y).toBe(cases.y);
    expect(cases.width + grid.width).toBeGreaterThan(1700);
    // What the street acts on, the overdue cases, starts on the first screen.
    expect((await wall.locator('#overdue').boundingBox())!.y).toBeLessThan(1080 - 100);
    const [statements, feed] = [await box(wall, 'statements-panel'), await box(wall, 'live-feed')];
    expect(feed.x).toBeGreaterThan(statements.x + statements.width - 1);
    expect(await wall.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);
    // A desk-sized window keeps the one column.
    await wall.setViewportSize({ width: 1400, height: 950 });
    await expect.poll(async () => (await box(wall, 'dash-grid')).y).toBeGreaterThan((await box(wall, 'dash-cases')).y + 100);
  });

  it('设为大屏: asked once more, the wall screen says it is read-only, shows no forms, and still follows live', async () => {
    const { page: wall } = await suite.signedIn('street', { path: '/street', context: { viewport: { width: 1920, height: 1080 } } });
    expect(await wall.locator('[data-testid=display-pill]').count()).toBe(0);
    await wall.click('[data-testid=wall-mode]');
    expect(await wall.locator('[data-testid=wall-confirm]').innerText()).toContain('只能查看，不能操作');
    await wall.click('[data-testid=wall-yes]');
    await wall.locator('[data-testid=display-pill]').waitFor();
    expect(await wall.locator('[data-testid=display-pill]').innerText()).toBe('大屏 · 只读');
    await wall.locator('html[data-hydrated]').waitFor();
    for (const id of ['wall-mode', 'prepare', 'notice-text']) expect(await wall.locator(`[data-testid=${id}]`).count(), id).toBe(0);
    // A form posted with its sign-in anyway (the browser's cookies, outside the page) changes nothing and says why.
    const origin = new URL(suite.server.url).origin;
    const posted = await wall.request.post(`${origin}/street?/prepare`, { form: { companyId: '1', period: '1997-01' }, headers: { origin } });
    expect([posted.status(), await posted.text()]).toEqual([403, '这是大屏显示的只读登录，不能操作；请退出后用本人账号重新登录']);
    // Still live: a case taken in elsewhere moves its figure.
    const kpi = wall.locator('[data-testid=kpi-intake]');
    const before = Number(await kpi.textContent());
    const desk = await apiLogin(suite.server.url, 'desk');
    const r = await desk.post('/api/cases', { itemCode: 'senior-card', channel: 'desk', materials: ['id_card'], applicant: { name: '上官大屏', phone: '13900003333', idNumber: '440304195201011264' } });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    await expect.poll(async () => Number(await kpi.textContent()), { timeout: 5_000 }).toBe(before + 1);
    expect(await wall.locator('[data-testid^=reassign-]').count()).toBe(0);
    // The street's other pages read too: no rate, agreement, rule or sample form, no association form.
    await wall.goto('/grid/street');
    await wall.locator('[data-testid=agreements]').waitFor();
    for (const id of ['agreement-form', 'sample-form', 'rate-set-population']) expect(await wall.locator(`[data-testid=${id}]`).count(), id).toBe(0);
    expect(await wall.locator('main form').count()).toBe(0);
    await wall.goto('/association');
    await wall.locator('main h1, main h2').first().waitFor();
    expect(await wall.locator('main form').count()).toBe(0);
  });

  it('ran without CSP violations or page errors', () => {
    expect(suite.watches.flatMap((w) => w.cspViolations)).toEqual([]);
    expect(suite.watches.flatMap((w) => w.errors)).toEqual([]);
  });
});
