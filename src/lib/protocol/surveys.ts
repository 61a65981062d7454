// Wire shapes of the resident service-needs survey, shared by the server and the kiosk.
import type { QuestionKind } from '../domain/survey';

export interface Bilingual {
  zh: string;
  en: string | null;
}

/** What a kiosk (or a paper-form entry) gets: the questions, never anyone's answers. */
export interface PublicSurvey {
  id: number;
  title: Bilingual;
  questions: PublicQuestion[];
}

export interface PublicQuestion {
  id: number;
  kind: QuestionKind;
  prompt: Bilingual;
  options: ({ key: string } & Bilingual)[];
  /** text questions: the longest answer accepted */
  maxLength: number | null;
}

/** One question's answer as the kiosk holds it while the resident goes through the screens. */
export interface DraftAnswer {
  choice?: string[];
  rating?: number;
  text?: string;
}
