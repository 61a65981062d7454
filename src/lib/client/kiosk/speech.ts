// "Read aloud": the browser's own speech synthesis. Where the device has no voice for the language it
// stays silent rather than reading Chinese with an English voice.
import type { Lang } from '$lib/protocol/errors';

export function speechAvailable(): boolean {
  return typeof window !== 'undefined' && 'speechSynthesis' in window;
}

function voiceFor(lang: Lang): SpeechSynthesisVoice | undefined {
  const want = lang === 'zh' ? /^zh([-_]CN|[-_]Hans)?/i : /^en/i;
  const voices = speechSynthesis.getVoices().filter((v) => want.test(v.lang));
  return voices.find((v) => /CN|Hans/i.test(v.lang)) ?? voices[0];
}

/** Returns false when nothing will be heard (no synthesis, or no voice for the language). */
export function readAloud(text: string, lang: Lang): boolean {
  if (!speechAvailable() || !text) return false;
  speechSynthesis.cancel();
  const voice = voiceFor(lang);
  if (!voice) return false;
  const u = new SpeechSynthesisUtterance(text);
  u.voice = voice;
  u.lang = voice.lang;
  u.rate = 0.9;
  speechSynthesis.speak(u);
  return true;
}

export function stopSpeaking(): void {
  if (speechAvailable()) speechSynthesis.cancel();
}
