// Who may open which Yjs document. A document's name carries its scope; nothing else grants access.
import type { Principal } from '../../domain/roles';
import type { BoardService } from './board.service';
import type { CaseQueries } from './case.queries';

/** board:<scope> — shared annotations of a board; case:<id>:notes — a case's shared notes. */
export const DOC_NAME = /^(board:(street|community|point):\d{1,9}|case:\d{1,9}:notes)$/;

export function createDocsService(board: BoardService, cases: CaseQueries) {
  async function canOpen(p: Principal, name: string): Promise<boolean> {
    if (p.kind === 'kiosk' || !DOC_NAME.test(name)) return false;
    if (name.startsWith('board:')) return board.canWatch(p, name.slice('board:'.length));
    const id = Number(name.split(':')[1]);
    // Same object-level rule as reading the case itself.
    return cases.canRead(p, id);
  }
  return { canOpen };
}

export type DocsService = ReturnType<typeof createDocsService>;
