// Masking happens on the server before anything leaves it: kiosks stand in public lobbies and
// boards are watched by people who need progress, not identities.
// Everything iterates code points (Array.from) so a surrogate pair is never cut in half.

type Maybe = string | null | undefined;

function chars(s: Maybe): string[] {
  return typeof s === 'string' ? Array.from(s.trim()) : [];
}

const stars = (n: number): string => '*'.repeat(Math.max(0, n));

function keepEnds(cs: string[], head: number, tail: number): string {
  return cs.slice(0, head).join('') + stars(cs.length - head - tail) + cs.slice(cs.length - tail).join('');
}

/**
 * 张三 → 张*, 张小三 → 张*三, 欧阳小明 → 欧**明, John Smith → J********h.
 * A one-character name is fully hidden: showing it would show all of it.
 */
export function maskName(name: Maybe): string {
  const cs = chars(name);
  if (cs.length === 0) return '';
  if (cs.length === 1) return '*';
  if (cs.length === 2) return cs[0] + '*';
  return keepEnds(cs, 1, 1);
}

/**
 * For lists read in public (the lobby's pickup board): the first character and a fixed "**", so neither
 * the given name nor its length shows. 张三 → 张**, 欧阳小明 → 欧**; a one-character name → **.
 */
export function maskSurname(name: Maybe): string {
  const cs = chars(name);
  if (cs.length === 0) return '';
  return (cs.length > 1 ? cs[0] : '') + '**';
}

/** 13812345678 → 138****5678; fewer than 8 characters would reveal too much, so all hidden. */
export function maskPhone(phone: Maybe): string {
  const cs = chars(phone);
  if (cs.length === 0) return '';
  if (cs.length < 8) return stars(cs.length);
  return keepEnds(cs, 3, 4);
}

/** 440304199001011284 → 4403**********1284; shorter than 9 → all hidden. */
export function maskIdNumber(id: Maybe): string {
  const cs = chars(id);
  if (cs.length === 0) return '';
  if (cs.length < 9) return stars(cs.length);
  return keepEnds(cs, 4, 4);
}

/**
 * The tail residents confirm a pickup with. Returns '' whenever maskPhone would hide the tail,
 * so the two together never reveal more than maskPhone alone.
 */
export function last4(phone: Maybe): string {
  const cs = chars(phone);
  if (cs.length < 8) return '';
  return cs.slice(-4).join('');
}
