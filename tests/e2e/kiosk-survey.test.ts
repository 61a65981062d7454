// The resident service-needs survey at the kiosk, by touch in Chromium: one question per screen, thanks,
// home; offline answers land once when the network returns; the idle wipe clears a half-answered survey;
// the street office sees the count on /association/surveys, live on an open results page; paper forms typed
// in at the desk and on the results page. Screenshots of each survey screen, both ways.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { apiLogin, login, newAppContext, screenshot } from './support';
import { expectTouchFriendly, kioskSuite, LANDSCAPE, personalDataIn, queuedCount, shots, tap, tid } from './support/kiosk';

const suite = kioskSuite();

interface Question {
  id: number;
  kind: string;
  options: { key: string }[];
}

async function openSurvey(title: string): Promise<{ id: number; questions: Question[] }> {
  const body = {
    titleZh: title,
    titleEn: 'Service needs',
    questions: [
      { kind: 'single', promptZh: '您最常办理哪类事务？', promptEn: 'Which service do you use most?', options: [ { key: 'senior', zh: '敬老优待证' }, { key: 'allowance', zh: '高龄津贴' }, { key: 'other', zh: '其他' } ] },
      { kind: 'multiple', promptZh: '希望增加哪些服务？', options: [ { key: 'home', zh: '上门服务' }, { key: 'evening', zh: '晚间办理' }, { key: 'online', zh: '网上预约' } ] },
      { kind: 'rating', promptZh: '您对代办服务的满意度' },
      { kind: 'text', promptZh: '其他建议（选填）', maxLength: 60 }
    ]
  };
  const c = await suite.admin.post<{ id: number }>('/api/admin/surveys', body);
  expect(c.status, JSON.stringify(c.body)).toBe(201);
  const id = c.body.data!.id;
  expect((await suite.admin.post(`/api/admin/surveys/${id}/state`, { state: 'open' })).status).toBe(200);
  const got = await suite.admin.get<{ questions: Question[] }>(`/api/surveys/${id}`);
  return { id, questions: got.body.data!.questions };
}

async function responses(id: number, filter = ''): Promise<number> {
  const r = await suite.admin.get<{ responses: number }>(`/api/surveys/${id}/results${filter}`);
  return r.body.data!.responses;
}

/** Home → survey (→ pick it when several are open): the first question on screen. */
async function startSurvey(page: Page, id: number): Promise<void> {
  await tap(page, 'tile-survey');
  await page.locator(`${tid('survey-question')}, ${tid(`survey-pick-${id}`)}`).first().waitFor();
  if (await page.locator(tid(`survey-pick-${id}`)).count()) await tap(page, `survey-pick-${id}`);
  await page.locator(tid('survey-question')).waitFor();
}

async function answerAll(page: Page, o: { text?: string; shoot?: boolean } = {}): Promise<void> {
  await tap(page, 'survey-option-allowance');
  await tap(page, 'survey-next');
  await page.locator('[data-testid=survey-question][data-kind=multiple]').waitFor();
  await tap(page, 'survey-option-home');
  await tap(page, 'survey-option-evening');
  if (o.shoot) await shots(page, 'survey-multiple');
  await tap(page, 'survey-next');
  await page.locator('[data-testid=survey-question][data-kind=rating]').waitFor();
  await tap(page, 'survey-rate-4');
  if (o.shoot) await shots(page, 'survey-rating');
  await tap(page, 'survey-next');
  await page.locator('[data-testid=survey-question][data-kind=text]').waitFor();
  if (o.text) await page.fill(tid('survey-text'), o.text);
  if (o.shoot) await shots(page, 'survey-text');
}

describe('kiosk survey', () => {
  it('a resident answers by touch, the kiosk thanks them and goes home; the street office sees the count', async () => {
    const x = await openSurvey('居民服务需求调查（浏览器测试）');
    // The street office has the results open before anyone answers: they update live, without a reload.
    const ctx = await newAppContext(suite.browser, suite.server.url);
    suite.contexts.push(ctx);
    const street = await ctx.newPage();
    await login(street, 'street');
    await street.goto(`/association/surveys/${x.id}`);
    await street.locator('[data-testid=link-status][data-status=live]').waitFor();
    expect(await street.textContent(tid('survey-total'))).toBe('0');
    await street.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));

    const page = await suite.kiosk();
    await startSurvey(page, x.id);
    // One question per screen, with tappable progress; big targets and text.
    expect(await page.textContent(tid('survey-progress'))).toContain('1');
    await expectTouchFriendly(page);
    await shots(page, 'survey-single');
    // Answering is required before moving on (the text question is optional).
    await tap(page, 'survey-next');
    await page.locator(tid('survey-error')).waitFor();
    const comment = `希望周末也能办理<script>alert(1)</script>${process.pid}`;
    await answerAll(page, { text: comment, shoot: true });
    await expectTouchFriendly(page);
    await tap(page, 'survey-send');
    await page.locator('[data-testid=survey-thanks][data-done=sent]').waitFor();
    await shots(page, 'survey-thanks');
    await tap(page, 'survey-finish');
    await page.locator(tid('home-screen')).waitFor();
    expect(await personalDataIn(page, [comment])).toEqual([]);
    await expect.poll(() => responses(x.id), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => street.textContent(tid('survey-total')), { timeout: 15_000 }).toBe('1');
    expect(await street.textContent(tid('survey-count-0-allowance'))).toBe('1');
    expect(await street.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);

    // The street office, in a browser, sees the response, the counts and the comment as text.
    await street.goto('/association/surveys');
    expect(await street.textContent(tid(`survey-responses-${x.id}`))).toBe('1');
    await street.click(tid(`survey-link-${x.id}`));
    await street.locator(tid('survey-total')).waitFor();
    expect(await street.textContent(tid('survey-total'))).toBe('1');
    expect(await street.textContent(tid('survey-count-0-allowance'))).toBe('1');
    expect(await street.textContent(tid('survey-count-0-senior'))).toBe('0');
    expect(await street.textContent(tid('survey-count-1-evening'))).toBe('1');
    // Beside each count, its share of those who answered the question (the chart's table has the counts alone).
    expect(await street.textContent(tid('survey-share-0-allowance'))).toBe('100%');
    expect(await street.textContent(tid('survey-share-0-senior'))).toBe('0%');
    expect(await street.textContent(tid('survey-average-2'))).toBe('4');
    expect(await street.textContent(tid('survey-texts-3'))).toContain(comment);
    // Escaped: the resident's "<script>" is text, not an element.
    expect(await street.locator(`${tid('survey-texts-3')} script`).count()).toBe(0);
    await street.locator(tid('survey-chart-0')).waitFor();
    await screenshot(street, 'association-survey-results');
    // Filtered to paper forms only: none yet.
    await street.selectOption(`${tid('survey-filter-channel')}`, 'staff');
    await Promise.all([street.waitForURL(/channel=staff/), street.click(`${tid('survey-filter')} button[type=submit]`)]);
    expect(await street.textContent(tid('survey-total'))).toBe('0');
  });

  it('answers given offline, before and after a reload, wait in the outbox and land exactly once when the network returns', async () => {
    const x = await openSurvey('离线调查（浏览器测试）');
    const page = await suite.kiosk({ viewport: LANDSCAPE });
    // The questions are fetched while online; then the network goes.
    await startSurvey(page, x.id);
    await tap(page, 'kiosk-home');
    const ctx = suite.contexts.at(-1)!;
    await ctx.setOffline(true);
    /** One resident's answers with no network: the thanks says they will be sent. */
    const answerOffline = async () => {
      await startSurvey(page, x.id);
      await answerAll(page);
      await tap(page, 'survey-send');
      await page.locator('[data-testid=survey-thanks][data-done=queued]').waitFor();
      await tap(page, 'survey-finish');
    };
    await answerOffline();
    await answerOffline();
    expect(await queuedCount(page)).toBe(2);
    // Reloaded with no network (the service worker serves the shell): the questions were kept on the device.
    const shell = await page.reload();
    expect(shell?.fromServiceWorker()).toBe(true);
    await page.locator('[data-testid=kiosk][data-device=active]').waitFor();
    await answerOffline();
    expect(await queuedCount(page)).toBe(3);
    expect(await responses(x.id)).toBe(0);
    await ctx.setOffline(false);
    await expect.poll(() => queuedCount(page), { timeout: 30_000 }).toBe(0);
    expect(await responses(x.id)).toBe(3);
    // Sending again (a reload re-runs the queue) adds nothing.
    await page.reload();
    await page.locator('[data-testid=kiosk][data-device=active]').waitFor();
    await expect.poll(() => queuedCount(page), { timeout: 15_000 }).toBe(0);
    expect(await responses(x.id)).toBe(3);
  });

  it('paper forms: an agent types one in at the desk (their own point), the street office on the results page (a place it names)', async () => {
    const x = await openSurvey('纸质问卷（代办点录入）');
    const me = await (await apiLogin(suite.server.url, 'desk')).get<{ principal: { pointId: number } }>('/api/me');
    const pointId = me.body.data!.principal.pointId;
    const ctx = await newAppContext(suite.browser, suite.server.url);
    suite.contexts.push(ctx);
    const page = await ctx.newPage();
    await login(page, 'desk');
    await page.click('nav a[href="/desk/surveys"]');
    await page.click(tid(`desk-survey-${x.id}`));
    await page.locator(tid('survey-paper')).waitFor();
    // The answers belong to the agent's point: no place to choose.
    expect(await page.locator('select[name=where]').count()).toBe(0);
    const [single, multiple, rating, text] = x.questions;
    await page.check(`input[name=a${single.id}][value=senior]`);
    await page.check(`input[name=a${multiple.id}][value=home]`);
    await page.check(`input[name=a${multiple.id}][value=online]`);
    await page.check(`input[name=a${rating.id}][value="5"]`);
    await page.fill(`textarea[name=a${text.id}]`, '希望代办点延长服务时间');
    await screenshot(page, 'desk-survey-paper');
    // Saved with the network down: the answers stay in the form and say so; saved again once online.
    await ctx.setOffline(true);
    await page.click(tid('survey-paper-save'));
    expect(await page.locator(tid('survey-paper-offline')).innerText()).toContain('答案还在表单里');
    expect(await page.isChecked(`input[name=a${multiple.id}][value=online]`)).toBe(true);
    expect(await page.inputValue(`textarea[name=a${text.id}]`)).toBe('希望代办点延长服务时间');
    await ctx.setOffline(false);
    await page.click(tid('survey-paper-save'));
    await page.locator(tid('survey-paper-saved')).waitFor();
    expect(await page.locator(tid('survey-paper-offline')).count()).toBe(0);
    // Whoever types in a stack of forms keeps count.
    expect(await page.textContent(tid('survey-paper-saved'))).toBe('已录入。本页共录入 1 份，可接着录入下一份');
    // A fresh form for the next questionnaire.
    expect(await page.isChecked(`input[name=a${single.id}][value=senior]`)).toBe(false);
    expect(await responses(x.id, `?channel=staff&pointId=${pointId}`)).toBe(1);
    expect(await responses(x.id, '?channel=kiosk')).toBe(0);
    const r = await suite.admin.get<{ questions: { options: { key: string; count: number }[] }[] }>(`/api/surveys/${x.id}/results`);
    expect(Object.fromEntries(r.body.data!.questions[1].options.map((o) => [o.key, o.count]))).toEqual({ home: 1, online: 1, evening: 0 });
    // A bad answer is the form's error, in Chinese, and files nothing.
    await page.check(`input[name=a${rating.id}][value="3"]`);
    await page.evaluate((name) => ((document.querySelector(`input[name=${name}][value="3"]`) as HTMLInputElement).value = '9'), `a${rating.id}`);
    await page.click(tid('survey-paper-save'));
    await page.locator(tid('survey-paper-error')).waitFor();
    expect(await page.textContent(tid('survey-paper-error'))).toMatch(/[\u4e00-\u9fff]/);
    expect(await responses(x.id)).toBe(1);

    // The street office types one in on the results page, saying where it was filled in.
    const streetCtx = await newAppContext(suite.browser, suite.server.url);
    suite.contexts.push(streetCtx);
    const street = await streetCtx.newPage();
    await login(street, 'street');
    await street.goto(`/association/surveys/${x.id}`);
    expect(await street.textContent(tid('survey-total'))).toBe('1');
    await street.selectOption('select[name=where]', `p${pointId}`);
    await street.check(`input[name=a${single.id}][value=other]`);
    await street.check(`input[name=a${multiple.id}][value=evening]`);
    await street.check(`input[name=a${rating.id}][value="4"]`);
    await street.click(tid('survey-paper-save'));
    await street.locator(tid('survey-paper-saved')).waitFor();
    expect(await street.textContent(tid('survey-total'))).toBe('2');
    // The answers are cleared for the next form of the stack; the place it was filled in stays.
    expect(await street.isChecked(`input[name=a${rating.id}][value="4"]`)).toBe(false);
    expect(await street.inputValue('select[name=where]')).toBe(`p${pointId}`);
    expect(await responses(x.id, `?channel=staff&pointId=${pointId}`)).toBe(2);
  });

  it('a survey closed while a resident answers it says so when they send, instead of dropping back without a word', async () => {
    const x = await openSurvey('答题中结束调查（浏览器测试）');
    const page = await suite.kiosk();
    await startSurvey(page, x.id);
    await answerAll(page);
    expect((await suite.admin.post(`/api/admin/surveys/${x.id}/state`, { state: 'closed' })).status).toBe(200);
    await tap(page, 'survey-send');
    await page.locator(`${tid('survey-error')}:has-text("这项调查刚刚结束，您的回答没有提交")`).waitFor();
    expect(await page.locator(tid(`survey-pick-${x.id}`)).count()).toBe(0);
    expect(await responses(x.id)).toBe(0);
  });

  it('the idle wipe clears a half-answered survey', async () => {
    const x = await openSurvey('空闲清除调查（浏览器测试）');
    const page = await suite.kiosk({ idleSeconds: 5 });
    await startSurvey(page, x.id);
    await answerAll(page, { text: `只答了一半${process.pid}` });
    await page.locator(tid('home-screen')).waitFor({ timeout: 20_000 });
    expect(await personalDataIn(page, [`只答了一半${process.pid}`])).toEqual([]);
    // Starting again begins from nothing.
    await startSurvey(page, x.id);
    expect(await page.getAttribute(tid('survey-option-allowance'), 'aria-checked')).toBe('false');
    expect(await responses(x.id)).toBe(0);
  });
});
