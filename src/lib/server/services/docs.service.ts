// Who may open which Yjs document. A document's name carries its scope; nothing else grants access.
import type { Principal } from '../../domain/roles';
import type { BoardService } from './board.service';

/** board:<scope> — shared annotations of a board. More kinds (case notes, worksheets) join here. */
export const DOC_NAME = /^board:(street|community|point):\d{1,9}$/;

export function createDocsService(board: BoardService) {
  async function canOpen(p: Principal, name: string): Promise<boolean> {
    if (p.kind === 'kiosk' || !DOC_NAME.test(name)) return false;
    const scope = name.slice('board:'.length);
    return board.canWatch(p, scope);
  }
  return { canOpen };
}

export type DocsService = ReturnType<typeof createDocsService>;
