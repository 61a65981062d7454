// Board notices: a short line the street office or a desk pins to a board ("系统维护…", "今日下午暂停受理").
import { z } from 'zod';
import { AppError } from '../../protocol/errors';
import { principalKey, type StaffPrincipal } from '../../domain/roles';
import type { Core } from '../runtime/core';
import type { BoardService } from './board.service';
import { ScopeString } from './board.service';
import { command } from './uow';

export const NoticeInput = z.object({
  scope: ScopeString,
  text: z.string().trim().min(1).max(280)
});

export function createNoticeService(core: Core, board: BoardService) {
  async function post(by: StaffPrincipal, displayName: string, key: string, raw: unknown) {
    const input = NoticeInput.parse(raw);
    if (input.scope.startsWith('kiosk:') || !(await board.canWatch(by, input.scope))) throw new AppError('FORBIDDEN');
    return command(core, { principal: principalKey(by), key, name: 'notice.post', input }, async (_tx, emit) => {
      emit('board.notice.v1', [input.scope], { text: input.text, by: displayName });
      return { scope: input.scope, text: input.text };
    });
  }
  return { post };
}
