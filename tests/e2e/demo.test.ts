// `npm start` on an empty database: the demo street is seeded and a morning's cases are played through the
// services (DEMO_ACTIVITY), so the first screens a visitor opens show work in every column.
import { describe, expect, it } from 'vitest';
import { browserSuite } from './support';

const suite = browserSuite({ server: { seedDataDir: false, env: { DEMO_ACTIVITY: 'true' } }, signIn: { context: { viewport: { width: 1400, height: 950 } }, live: true } });

describe('demo activity on a first start', () => {
  it('says what it played, and the desk board shows the point’s cases in their columns', async () => {
    expect(suite.server.output()).toContain('Demo activity: 16 cases');
    const { page } = await suite.signedIn('desk', { path: '/desk' });
    const counts: Record<string, number> = {};
    for (const state of ['submitted', 'needs_materials', 'accepted', 'in_review', 'approved', 'returned', 'ready_for_pickup', 'delivered', 'rejected', 'cancelled']) {
      counts[state] = Number(await page.locator(`[data-testid=count-${state}]`).textContent());
    }
    expect(counts).toEqual({ submitted: 3, needs_materials: 1, accepted: 2, in_review: 1, approved: 1, returned: 1, ready_for_pickup: 1, delivered: 2, rejected: 1, cancelled: 0 });
    // An appointment's case says when it is booked for, whatever the day (the agenda shows one day at a time).
    await page.locator('[data-testid=kanban] button.case', { hasText: '预约服务' }).first().click();
    expect(await page.locator('[data-testid=drawer-booking]').innerText()).toMatch(/^\d{1,2}月\d{1,2}日周. \d{2}:\d{2}$/);
  });

  it('the verifier’s queue says an overdue case is overdue in words, and puts the nearest deadline first', async () => {
    const { page } = await suite.signedIn('verifier', { path: '/verify' });
    const rows = page.locator('[data-testid=review-queue] tbody tr');
    await rows.first().waitFor();
    const late = page.locator('[data-testid=review-queue] tbody tr.overdue');
    expect(await late.count()).toBeGreaterThan(0);
    expect(await late.first().locator('[data-testid^=review-due-]').innerText()).toMatch(/已超期\d+天$/);
    expect(await rows.first().getAttribute('class')).toContain('overdue');
  });

  it('the street dashboard lists work in progress in the board’s column order and names every point on its chart', async () => {
    const { page } = await suite.signedIn('street', { path: '/street' });
    const states = await page.locator('[data-testid=wip-table] tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-state')));
    expect(states).toEqual(['submitted', 'needs_materials', 'accepted', 'in_review', 'approved', 'returned', 'ready_for_pickup']);
    const chart = page.locator('[data-testid=chart-wip][data-drawn=true]');
    await chart.waitFor();
    // Two points have work: both names are drawn beside their bars (Chart.js used to skip the second).
    expect(await chart.getAttribute('data-labels-shown')).toBe('2');
    expect(await chart.locator('tbody th[scope=row]').allTextContents()).toEqual(['侨香村代办点', '香蜜湖一号代办点']);
    // The demo kiosk waits for its pairing code: the kiosk panel says so rather than showing bare headings.
    expect(await page.locator('[data-testid=dash-kiosks]').textContent()).toContain('暂无已配对的自助终端');
    expect(await page.locator('[data-testid=dash-kiosks] table').count()).toBe(0);
    // Which point is slow: every point has a row, the one with overdue cases first, its number a link to them.
    const points = page.locator('[data-testid=point-table] tbody tr');
    expect(await points.count()).toBe(11);
    const first = points.first();
    expect(await first.locator('td').first().innerText()).toBe('侨香村代办点');
    expect(await first.getAttribute('class')).toContain('late');
    expect(Number(await first.locator('td').nth(2).innerText())).toBeGreaterThan(0);
    // Nor is any grid assessment graded yet on a new street.
    expect(await page.locator('[data-testid=dash-ranking]').textContent()).toContain('尚无已定等次的考核');
  });

  it('the desk’s agenda names each visit’s kind in words, and a desk takes the home visit a resident booked at the kiosk', async () => {
    const { page } = await suite.signedIn('desk', { path: '/desk' });
    const agenda = page.locator('[data-testid=agenda]');
    // No emoji: offices' PCs without an emoji font showed an empty box there.
    expect(await agenda.locator('li .tag').allTextContents()).toEqual(['预约服务', '上门服务']);
    const take = agenda.locator('[data-testid^=assign-]');
    await expect.poll(() => take.count()).toBe(1);
    await take.click();
    await agenda.getByText('上门人员： 侨香村代办点 张丽').waitFor();
    expect(await take.count()).toBe(0);
  });

  it('the street moves an overdue case to another point only once a point is chosen and the move confirmed', async () => {
    const { page } = await suite.signedIn('street', { path: '/street' });
    // A case in community review is not offered: the papers are at the workstation.
    const waiting = page.locator('[data-testid=overdue] tbody tr', { has: page.locator('[data-testid^=reassign-wait-]') });
    expect(await waiting.count()).toBeGreaterThan(0);
    expect(await waiting.first().locator('select').count()).toBe(0);
    const first = page.locator('[data-testid=overdue] tbody tr', { has: page.locator('select') }).first();
    const caseNo = (await first.locator('td').first().textContent())!.trim();
    const row = page.locator('[data-testid=overdue] tbody tr', { hasText: caseNo });
    const move = row.locator('[data-testid^=reassign-]:not([data-testid^=reassign-to-])');
    // No office is chosen for the street: the button waits for one.
    expect(await row.locator('select').inputValue()).toBe('');
    expect(await move.isDisabled()).toBe(true);
    const to = (await row.locator('select option').nth(1).textContent())!.trim();
    await row.locator('select').selectOption({ index: 1 });
    await move.click();
    // Nothing moves before the question is answered, and it names both offices.
    const question = row.locator('[data-testid^=reassign-question-]');
    expect(await question.textContent()).toContain(`改派到 ${to}？`);
    await row.locator('[data-testid^=reassign-confirm-]').click();
    await page.locator('[data-testid=reassign-done]').getByText(`改派到 ${to}`).waitFor();
    // The overdue list now names the new office for that case (its second column).
    await expect.poll(() => page.locator('[data-testid=overdue] tbody tr', { hasText: caseNo }).locator('td').nth(1).textContent()).toBe(to);
    // Nothing stays chosen on the moved row: a second move starts from a choice again.
    const moved = page.locator('[data-testid=overdue] tbody tr', { hasText: caseNo });
    expect(await moved.locator('select').inputValue()).toBe('');
    expect(await moved.locator('[data-testid^=reassign-]:not([data-testid^=reassign-to-])').isDisabled()).toBe(true);
    // The live feed says what happened: a move, not the stage the case kept.
    await page.locator('[data-testid=feed]').getByText('改派').first().waitFor();
  });
});
