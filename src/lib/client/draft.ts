// A long form typed on a phone survives a reload (a pull-to-refresh, a tab the browser dropped and reloaded):
// kept in this tab's sessionStorage only — gone with the tab, never sent anywhere — under the signed-in user's
// name, and removed when the form is filed or given up, on sign-out, and on any page shown signed out.
const PREFIX = 'doorstep.draft.';

export function readDraft<T>(name: string): T | null {
  try {
    const s = sessionStorage.getItem(PREFIX + name);
    return s ? (JSON.parse(s) as T) : null;
  } catch {
    return null;
  }
}

export function writeDraft(name: string, value: unknown): void {
  try {
    sessionStorage.setItem(PREFIX + name, JSON.stringify(value));
  } catch {
    // Storage full or refused (a private window): the form works as before, without a copy.
  }
}

export function dropDraft(name: string): void {
  try {
    sessionStorage.removeItem(PREFIX + name);
  } catch {
    // nothing kept
  }
}

export function dropAllDrafts(): void {
  try {
    for (const k of Object.keys(sessionStorage)) if (k.startsWith(PREFIX)) sessionStorage.removeItem(k);
  } catch {
    // nothing kept
  }
}
