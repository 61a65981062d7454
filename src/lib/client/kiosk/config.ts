// Kiosk settings that a deployment may want to change, in one place.

/** Idle time before a resident's session is wiped (the default: 60 s). */
export const DEFAULT_IDLE_MS = 60_000;
/** The countdown shown before the wipe. */
export const WARN_MS = 10_000;

/** `?idle=<seconds>` on the kiosk URL overrides the default (between 5 s and 10 min). */
export function idleFromUrl(url: URL): number {
  const raw = url.searchParams.get('idle');
  const s = raw === null ? NaN : Number(raw);
  return Number.isFinite(s) && s >= 5 && s <= 600 ? s * 1000 : DEFAULT_IDLE_MS;
}
