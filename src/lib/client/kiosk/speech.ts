// "Read aloud": the browser's own speech synthesis. Where the device has no voice for the language it
// stays silent rather than reading Chinese with an English voice.
import type { Lang } from '../../protocol/errors';

export function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window;
}

function voiceFor(lang: Lang): SpeechSynthesisVoice | undefined {
  const want = lang === 'zh' ? /^zh([-_]CN|[-_]Hans)?/i : /^en/i;
  const voices = speechSynthesis.getVoices().filter((v) => want.test(v.lang));
  return voices.find((v) => /CN|Hans/i.test(v.lang)) ?? voices[0];
}

/**
 * The words as a voice of the language should get them. Screens build their spoken line with Chinese
 * punctuation (。、：), which an English voice reads straight through: in English they become . , : ; with a
 * space, so it pauses where the screen does.
 */
export function spokenText(text: string, lang: Lang): string {
  if (lang === 'zh') return text;
  const stops: Record<string, string> = { '。': '. ', '、': ', ', '，': ', ', '：': ': ', '；': '; ', '！': '! ', '？': '? ' };
  return text.replace(/[。、，：；！？]\s*/g, (m) => stops[m[0]]).trim();
}

/** Returns false when nothing will be heard (no synthesis, or no voice for the language). */
export function readAloud(text: string, lang: Lang): boolean {
  if (!speechAvailable() || !text) return false;
  speechSynthesis.cancel();
  const voice = voiceFor(lang);
  if (!voice) return false;
  const u = new SpeechSynthesisUtterance(spokenText(text, lang));
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.9;
  speechSynthesis.speak(u);
  return true;
}

export function stopSpeaking(): void {
  if (speechAvailable()) speechSynthesis.cancel();
}
