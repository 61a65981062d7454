// A claim on the verification board counts while it has not run out: past `expiresAt` nobody holds it,
// even before the server's sweep or the next board read says so.
import type { Holder } from '$lib/protocol/grid';

export const liveHolder = (h: Holder | null | undefined, now: number): Holder | null => (h && Date.parse(h.expiresAt) > now ? h : null);
