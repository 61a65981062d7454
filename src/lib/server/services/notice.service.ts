// Board notices: a short line the street office or a desk pins to a board ("系统维护…", "今日下午暂停受理").
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import type { Core } from '../runtime/core';
import type { BoardService } from './board.service';
import { ScopeString } from './board.service';
import { communitiesOf, communityStreet, propertiesOf } from '../repositories/org.repository';
import { command } from './uow';

export const NoticeInput = z.object({
  scope: ScopeString,
  text: z.string().trim().min(1).max(280)
});

export function createNoticeService(core: Core, board: BoardService) {
  /**
   * Who reads a notice: the board it is pinned to and every board below it. The street's notice reaches its
   * communities' workstations and every point's desk; a community's, the desks of its points. (It was shown
   * on the street's own board only.)
   */
  async function reach(scope: string): Promise<string[]> {
    const [kind, idText] = scope.split(':');
    const id = Number(idText);
    if (kind !== 'street' && kind !== 'community') return [scope];
    const streetId = kind === 'street' ? id : await communityStreet(core.db, id);
    if (!streetId) return [scope];
    const places = (await propertiesOf(core.db, streetId)).filter((p) => kind === 'street' || p.communityId === id);
    const communities = kind === 'street' ? (await communitiesOf(core.db, streetId)).map((c) => `community:${c.id}`) : [];
    return [scope, ...communities, ...places.flatMap((p) => (p.pointId ? [`point:${p.pointId}`] : []))];
  }

  async function post(by: StaffPrincipal, displayName: string, key: string, raw: unknown) {
    const input = NoticeInput.parse(raw);
    if (input.scope.startsWith('kiosk:') || !(await board.canWatch(by, input.scope))) throw new AppError('FORBIDDEN');
    const scopes = await reach(input.scope);
    return command(core, { principal: principalKey(by), key, name: 'notice.post', input }, async (_tx, emit) => {
      emit('board.notice.v1', scopes, { text: input.text, by: displayName });
      return { scope: input.scope, text: input.text };
    });
  }
  return { post };
}
