// Who may open which Yjs document. A document's name carries its scope; nothing else grants access.
import type { Principal, StaffPrincipal } from '../../domain/roles';
import type { BoardService } from './board.service';
import type { CaseQueries } from './case.queries';

/**
 * board:<scope> — shared annotations of a board; case:<id>:notes — a case's shared notes;
 * grid:<id>:notes — a grid record's shared notes; worksheet:<id> — a spot check's field worksheet.
 */
export const DOC_NAME = /^(board:(street|community|point):\d{1,9}|(case|grid):\d{1,9}:notes|worksheet:\d{1,9})$/;

/** Grid-record rules, from the grid services (optional so older wiring keeps working). */
export interface GridDocRules {
  records: { canRead(p: StaffPrincipal, id: number): Promise<boolean> };
  worksheets: { canOpenWorksheet(p: StaffPrincipal, spotCheckId: number): Promise<boolean> };
}

export function createDocsService(board: BoardService, cases: CaseQueries, grid?: GridDocRules, certified?: (p: StaffPrincipal) => Promise<boolean>) {
  async function canOpen(p: Principal, name: string): Promise<boolean> {
    if (p.kind === 'kiosk' || !DOC_NAME.test(name)) return false;
    if (name.startsWith('board:')) return board.canWatch(p, name.slice('board:'.length));
    // Notes may hold what residents said: an agent opens them only once trained and pledged.
    if (p.role === 'agent' && certified && !(await certified(p))) return false;
    // Same object-level rules as reading the record, or the spot check's record, itself.
    if (name.startsWith('grid:')) return !!grid && grid.records.canRead(p, Number(name.split(':')[1]));
    if (name.startsWith('worksheet:')) return !!grid && grid.worksheets.canOpenWorksheet(p, Number(name.split(':')[1]));
    const id = Number(name.split(':')[1]);
    // Same object-level rule as reading the case itself.
    return cases.canRead(p, id);
  }
  return { canOpen };
}

export type DocsService = ReturnType<typeof createDocsService>;
