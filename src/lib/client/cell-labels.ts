// A table that turns into cards on a phone (theme.css `table.list.cards`) loses its header row: each body cell
// gets its column's header words as `data-label`, shown before the cell's value, and again whenever rows or
// headers change (a live refresh, another list opened). Attached as `<table class="list cards" {@attach cellLabels}>`.
// A header said only to a screen reader (`.sr-only`) labels nothing: its cells say it themselves (明细).
const shown = (th: HTMLTableCellElement) => [...th.childNodes].filter((n) => !(n instanceof Element && n.classList.contains('sr-only'))).map((n) => n.textContent).join('').trim();

export function cellLabels(table: HTMLTableElement) {
  const label = () => {
    const heads = [...(table.tHead?.rows[0]?.cells ?? [])].flatMap((th) => Array<string>(th.colSpan).fill(shown(th)));
    for (const body of table.tBodies)
      for (const tr of body.rows) {
        let col = 0;
        for (const td of tr.cells) {
          // A cell across several columns (a row's edit form) belongs to none of them.
          const words = td.colSpan === 1 ? heads[col] : '';
          col += td.colSpan;
          if (words && td.dataset.label !== words) td.dataset.label = words;
          else if (!words && 'label' in td.dataset) delete td.dataset.label;
        }
      }
  };
  label();
  const watch = new MutationObserver(label);
  watch.observe(table, { childList: true, characterData: true, subtree: true });
  return () => watch.disconnect();
}
