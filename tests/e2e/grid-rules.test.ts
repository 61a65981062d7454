// The street edits the grading rules on /grid/street: a set whose thresholds are out of order is refused
// with a sentence naming the grade (Chinese, and English after the switch) and nothing is stored; a good
// set is saved and becomes the set in force for new assessments.
import { describe, expect, it } from 'vitest';
import { browserSuite, screenshot } from './support';

const suite = browserSuite({ signIn: { settle: true } });

describe('grading rules form', () => {
  it('refuses thresholds out of order with a clear message, then saves a good set', async () => {
    const { page } = await suite.signedIn('street');
    await page.goto('/grid/street');
    await page.locator('html[data-hydrated]').waitFor();
    const editor = page.locator('[data-testid=rule-set-editor]');
    await editor.waitFor();
    const inForce = await editor.locator('p.muted').first().textContent();

    // 合格 (row 3) asks 92% accuracy, more than 良好's 90%.
    await page.fill('[data-testid=rule-set-name]', '2027 年考核办法');
    await page.fill('[data-testid=rule-2-acc]', '92');
    await page.click('[data-testid=rule-set-save]');
    await expect.poll(() => page.locator('[data-testid=rule-set-problems] li').allTextContents()).toEqual(['第 3 档（合格）：准确率门槛高于上一档：门槛须从高到低排列']);
    // An empty name and a catch-all that is not one, in the same go.
    await page.fill('[data-testid=rule-set-name]', '');
    await page.fill('[data-testid=rule-3-cover]', '10');
    await page.click('[data-testid=rule-set-save]');
    await expect.poll(() => page.locator('[data-testid=rule-set-problems] li').allTextContents()).toEqual([
      '请填写考核办法名称',
      '第 3 档（合格）：准确率门槛高于上一档：门槛须从高到低排列',
      '第 4 档（不合格）：最后一档的三项门槛须都为 0%，保证每个结果都有等级'
    ]);
    await screenshot(page, 'grid-rules-refused');
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    expect(await editor.locator('p.muted').first().textContent()).toBe(inForce);

    // The same mistake in English after the language switch.
    await page.click('[data-testid=lang-switch]');
    await page.locator('[data-testid=rule-set-editor] h2', { hasText: 'Grading rules' }).waitFor();
    await page.locator('html[data-hydrated]').waitFor();
    await page.fill('[data-testid=rule-set-name]', '2027 rules');
    await page.fill('[data-testid=rule-2-acc]', '92');
    await page.click('[data-testid=rule-set-save]');
    await expect.poll(() => page.locator('[data-testid=rule-set-problems] li').allTextContents()).toEqual(['Grade 3 (Pass): accuracy threshold is above the grade before it: thresholds go from high to low']);

    // Fixed: 合格 at 85% accuracy and 75% funding is saved and in force.
    await page.fill('[data-testid=rule-2-acc]', '85');
    await page.fill('[data-testid=rule-2-funding]', '75');
    await page.click('[data-testid=rule-set-save]');
    await page.locator('[data-testid=rule-set-saved]').waitFor();
    await expect.poll(() => editor.locator('p.muted').first().textContent()).toContain('2027 rules');
    await page.reload();
    await page.locator('html[data-hydrated]').waitFor();
    expect(await page.inputValue('[data-testid=rule-2-acc]')).toBe('85');
    expect(await page.inputValue('[data-testid=rule-2-funding]')).toBe('75');
    expect(await page.locator('[data-testid=rule-set-problems]').count()).toBe(0);
  });
});
