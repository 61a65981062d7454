import type { Core } from '../runtime/core';
import { createAuthService } from './auth.service';
import { createBoardService } from './board.service';
import { createDocsService } from './docs.service';
import { createKioskService } from './kiosk.service';
import { createNoticeService } from './notice.service';

export function createServices(core: Core) {
  const board = createBoardService(core);
  return {
    auth: createAuthService(core),
    kiosks: createKioskService(core),
    board,
    notices: createNoticeService(core, board),
    docs: createDocsService(board)
  };
}

export type Services = ReturnType<typeof createServices>;
