// A verifier decides an item of the board (a grid record, or a proxy case in community review) only
// while holding their own live claim on it. The decision consumes the claim in its own transaction,
// so a lapsed claim cannot decide and two verifiers can never both decide the same item.
import { AppError } from '../../protocol/errors';
import type { Tx } from '../db/client';
import * as claims from '../repositories/claim.repository';

export async function consumeClaim(tx: Tx, subject: claims.Subject, id: number, holderId: number, now: Date): Promise<void> {
  if (await claims.consume(tx, subject, id, holderId, now)) return;
  const other = await claims.liveHolder(tx, subject, id, now);
  // The holder's name is already on the board every verifier of the community sees.
  throw new AppError('CONFLICT', other ? { reason: 'held_by_other', holder: other.holderName } : { reason: 'claim_required' });
}
