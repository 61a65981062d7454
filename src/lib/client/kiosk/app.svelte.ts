// The kiosk, wired: device (token, heartbeat, revoke), outbox (durable submissions), pickup feed (live
// list), the resident's session and the idle timer that wipes it.
import { provisionalRef, refOf } from '$lib/domain/case-no';
import { shanghaiDateKey } from '$lib/domain/sla';
import type { ErrorCode } from '$lib/protocol/errors';
import type { PublicItem } from '$lib/protocol/catalogue';
import type { PublicSurvey } from '$lib/protocol/surveys';
import { KioskDevice } from './device.svelte';
import { IdleTimer } from './idle.svelte';
import { Outbox } from './outbox.svelte';
import { PickupFeed } from './pickups.svelte';
import { KioskSession, type Slot } from './session.svelte';
import { readAloud } from './speech';
import type { SurveyAnswersBody } from './queue';

/** The open surveys as last fetched — questions only, nothing a resident gave — so a kiosk reloaded offline still has them. */
const SURVEYS_KEY = 'doorstep.kiosk.surveys';

function storedSurveys(): PublicSurvey[] | null {
  try {
    const stored = JSON.parse(localStorage.getItem(SURVEYS_KEY) ?? 'null') as unknown;
    return Array.isArray(stored) ? (stored as PublicSurvey[]) : null;
  } catch {
    return null;
  }
}

export class KioskApp {
  readonly device = new KioskDevice();
  readonly outbox = new Outbox(this.device);
  readonly feed = new PickupFeed(this.device);
  readonly session = new KioskSession();
  readonly idle: IdleTimer;
  /** open surveys of the street, as last fetched (null: never fetched on this device since it was paired) */
  surveys = $state<PublicSurvey[] | null>(storedSurveys());
  /** the catalogue: fetched again after every resident, so an item the street switched off or added shows as it is */
  items = $state<PublicItem[]>([]);
  #online = $state(true);
  #cleanup: (() => void)[] = [];

  constructor(idleMs: number, items: PublicItem[]) {
    this.items = items;
    this.idle = new IdleTimer(idleMs, () => this.finish());
  }

  /** Offline, or refused: the list on screen stands. */
  async loadItems(): Promise<void> {
    const r = await this.device.call<PublicItem[]>('GET', '/api/catalogue');
    if (r.ok) this.items = r.data;
  }

  /** The browser thinks it is connected and the server answered the last call. */
  get online() {
    return this.#online && this.device.reachable;
  }

  start(): () => void {
    const on = () => ((this.#online = true), void this.device.heartbeat().then(() => this.outbox.flush()));
    const off = () => (this.#online = false);
    this.#online = navigator.onLine;
    addEventListener('online', on);
    addEventListener('offline', off);
    this.#cleanup.push(() => (removeEventListener('online', on), removeEventListener('offline', off)));
    this.device.onReachable(() => (void this.outbox.flush(), void this.loadSurveys(), void this.loadItems()));
    this.device.onRevoked(() => this.#stopAll());
    // The server ends sockets opened with the old token; the live pickup list comes back on the new one.
    this.device.onRotated(() => this.device.pointId && this.feed.connect(this.device.pointId));
    // SvelteKit registers the worker too (by default on every page); registering here keeps the offline
    // shell working if that is switched off, and is a no-op when it is already registered.
    navigator.serviceWorker?.register('/service-worker.js').catch(() => {});
    this.device.init();
    if (this.device.state === 'active') this.#run();
    return () => this.stop();
  }

  async pair(code: string): Promise<ErrorCode | 'NETWORK' | null> {
    const failed = await this.device.pair(code);
    if (!failed) this.#run();
    return failed;
  }

  #run(): void {
    void this.outbox.start();
    void this.loadSurveys();
    if (this.device.pointId) this.feed.connect(this.device.pointId);
  }

  /** When the live link drops, ask the server at once: a revoke is seen now, not at the next heartbeat. */
  linkDropped(): void {
    if (this.device.state === 'active') void this.device.heartbeat();
  }

  async submit(): Promise<ErrorCode | null> {
    const s = this.session;
    const how = s.form.how;
    const item = this.items.find((i) => i.code === s.form.itemCode)!;
    // Sent with the application, so the number printed offline finds it at 查询进度 once it has landed.
    const kioskRef = provisionalRef(shanghaiDateKey(new Date()));
    const out = await this.outbox.submit({ ...s.toBody(), kioskRef });
    if (out.kind === 'refused') {
      // The item was switched off meanwhile: the list is fetched again, so it is no longer offered.
      if (out.code === 'NOT_FOUND') void this.loadItems();
      return out.code;
    }
    const bring = item.materials.filter((m) => !s.form.materials.includes(m.key)).map(({ zh, en }) => ({ zh, en }));
    s.receipt = out.kind === 'receipt' ? { kind: 'receipt', receipt: out.receipt, how, bring } : { kind: 'queued', ref: refOf(kioskRef), item: item.name, how, bring };
    // What was typed is no longer needed: the receipt is all that stays on screen.
    s.form = { ...s.form, name: '', phone: '', idNumber: '', address: '' };
    s.go('receipt');
    return null;
  }

  /** Questions only, kept on the device until the next fetch; offline, the last list stands. */
  async loadSurveys(): Promise<PublicSurvey[] | null> {
    const r = await this.device.call<PublicSurvey[]>('GET', '/api/kiosk/surveys');
    if (r.ok) {
      this.surveys = r.data;
      localStorage.setItem(SURVEYS_KEY, JSON.stringify(r.data));
    }
    return this.surveys;
  }

  /** Sends the resident's answers through the durable outbox; shows thanks either way unless refused. */
  async submitSurvey(): Promise<ErrorCode | null> {
    const d = this.session.survey;
    const survey = this.surveys?.find((x) => x.id === d.surveyId);
    if (!survey) return 'NOT_FOUND';
    const answers = survey.questions.flatMap((q): SurveyAnswersBody['answers'] => {
      const a = d.answers[q.id];
      if (!a) return [];
      if (q.kind === 'text') return a.text?.trim() ? [{ questionId: q.id, text: a.text.trim() }] : [];
      if (q.kind === 'rating') return a.rating ? [{ questionId: q.id, rating: a.rating }] : [];
      return a.choice?.length ? [{ questionId: q.id, choice: [...a.choice] }] : [];
    });
    const out = await this.outbox.submitSurvey(survey.id, { answers });
    if (out.kind === 'refused') {
      // Closed meanwhile (or changed): fetch the current list so the kiosk stops offering it.
      if (out.code === 'SURVEY_CLOSED' || out.code === 'NOT_FOUND') void this.loadSurveys();
      return out.code;
    }
    // The answers are no longer needed on screen: only the thanks stays.
    this.session.survey = { surveyId: survey.id, step: 0, answers: {}, done: out.kind === 'receipt' ? 'sent' : 'queued' };
    return null;
  }

  /** The free times of the coming days; null when the server could not be asked (not "none free"). */
  async slots(): Promise<Slot[] | null> {
    const r = await this.device.call<Slot[]>('GET', '/api/slots');
    return r.ok ? r.data : null;
  }

  post<T>(path: string, body: unknown) {
    return this.device.call<T>('POST', path, body);
  }

  /** false when this device has no voice for the language (or nothing to read) */
  speak(): boolean {
    return readAloud(this.session.speech, this.session.lang);
  }

  /** Every "finish" and the idle timeout: the next resident starts from nothing. */
  finish(): void {
    this.session.wipe();
    this.idle.arm(false);
    void this.loadItems();
  }

  /**
   * 首页 mid-visit: everything typed goes as with 完成, but the language and text size the resident chose stay
   * (they say nothing about the person; the idle timeout still returns them to the defaults for the next one).
   */
  home(): void {
    const { lang, big } = this.session;
    this.finish();
    this.session.lang = lang;
    this.session.big = big;
  }

  async #stopAll(): Promise<void> {
    this.feed.disconnect();
    this.finish();
    // The street's surveys go with the credential: a device enrolled again may serve another street.
    this.surveys = null;
    localStorage.removeItem(SURVEYS_KEY);
    await this.outbox.discard();
  }

  stop(): void {
    this.device.stop();
    this.outbox.stop();
    this.feed.disconnect();
    this.idle.stop();
    for (const fn of this.#cleanup) fn();
  }
}
