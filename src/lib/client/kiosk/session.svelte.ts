// One resident's visit: where they are, what they typed, their receipt. `wipe()` forgets all of it;
// the page re-creates every screen from scratch afterwards (see `generation`).
import type { Lang } from '$lib/protocol/errors';
import type { IntakeBody } from './queue';
import type { Receipt } from './outbox.svelte';
import type { DraftAnswer } from '$lib/protocol/surveys';
import { stopSpeaking } from './speech';

export type View = 'home' | 'items' | 'apply' | 'receipt' | 'pickup' | 'track' | 'survey';
export type HowMode = 'kiosk' | 'appointment' | 'home_visit';

export interface ApplyForm {
  itemCode: string | null;
  name: string;
  phone: string;
  idNumber: string;
  materials: string[];
  how: HowMode;
  slotId: number | null;
  address: string;
}

export interface Slot {
  id: number;
  kind: 'desk' | 'home_visit';
  startsAt: string;
  endsAt: string;
  left: number;
}

/** `bring`: the item's materials the resident did not tick as brought — what the receipt tells them to bring. */
export type ReceiptView = ({ kind: 'receipt'; receipt: Receipt } | { kind: 'queued'; ref: string; item: { zh: string; en: string } }) & { how: HowMode; bring: { zh: string; en: string }[] };

/** The survey a resident is answering: which one, which question is on screen, and what they chose. */
export interface SurveyDraft {
  surveyId: number | null;
  step: number;
  answers: Record<number, DraftAnswer>;
  /** after sending: 'sent' (the server has it) or 'queued' (saved here, sent when the network returns) */
  done: 'sent' | 'queued' | null;
}

const emptySurvey = (): SurveyDraft => ({ surveyId: null, step: 0, answers: {}, done: null });
const emptyForm = (): ApplyForm => ({ itemCode: null, name: '', phone: '', idNumber: '', materials: [], how: 'kiosk', slotId: null, address: '' });

export class KioskSession {
  view = $state<View>('home');
  lang = $state<Lang>('zh');
  big = $state(false);
  /** the item shown in the catalogue screen */
  browsing = $state<string | null>(null);
  /** a case number tapped in the home screen's pickup list */
  picked = $state('');
  /** the application was started from the service guide: its first 返回 goes back there */
  fromGuide = $state(false);
  form = $state<ApplyForm>(emptyForm());
  receipt = $state<ReceiptView | null>(null);
  survey = $state<SurveyDraft>(emptySurvey());
  /** what "read aloud" says for the screen on show; each screen sets it */
  speech = $state('');
  /** bumped by every wipe: the page keys its screens on it so nothing typed survives in the DOM */
  generation = $state(0);

  /** Something a resident did is on show or held: the idle timer runs. */
  get dirty(): boolean {
    return this.view !== 'home' || this.lang !== 'zh' || this.big;
  }

  go(view: View): void {
    this.view = view;
  }

  startSurvey(surveyId: number | null): void {
    this.survey = { ...emptySurvey(), surveyId };
    this.view = 'survey';
  }

  startApply(itemCode: string | null, fromGuide = false): void {
    this.form = { ...emptyForm(), itemCode };
    this.fromGuide = fromGuide;
    this.view = 'apply';
  }

  toBody(): IntakeBody {
    const f = this.form;
    return {
      itemCode: f.itemCode!,
      channel: f.how,
      applicant: { name: f.name.trim(), phone: f.phone, ...(f.idNumber ? { idNumber: f.idNumber } : {}) },
      materials: [...f.materials],
      ...(f.how === 'home_visit' ? { address: f.address.trim() } : {}),
      ...(f.slotId && f.how !== 'kiosk' ? { slotId: f.slotId } : {})
    };
  }

  wipe(): void {
    stopSpeaking();
    this.form = emptyForm();
    this.receipt = null;
    this.survey = emptySurvey();
    this.browsing = null;
    this.picked = '';
    this.fromGuide = false;
    this.view = 'home';
    this.lang = 'zh';
    this.big = false;
    this.speech = '';
    this.generation++;
    // The page keeps nothing personal in storage; these clear whatever else might have (extensions, autofill).
    try {
      sessionStorage.clear();
    } catch {
      /* storage may be disabled */
    }
    if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
    getSelection()?.removeAllRanges();
    // Screens are in-page state, never history entries: Back has no earlier screen to bring back.
  }
}
