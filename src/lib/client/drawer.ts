// A side drawer a keyboard can use: opening it moves focus to its heading, Escape closes it, and closing it
// gives focus back to what opened it (a board card), or to that card's replacement if the board redrew it.
// The drawer is not modal: the board beside it stays live and usable.

export function drawer(node: HTMLElement, onClose: () => void) {
  let close = onClose;
  const opener = document.activeElement instanceof HTMLElement && document.activeElement !== document.body ? document.activeElement : null;
  const openerId = opener?.dataset.testid;
  const heading = node.querySelector<HTMLElement>('h2');
  if (heading) {
    heading.tabIndex = -1;
    heading.focus();
  }
  function onKey(e: KeyboardEvent) {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    close();
  }
  window.addEventListener('keydown', onKey);
  return {
    update(next: () => void) {
      close = next;
    },
    destroy() {
      window.removeEventListener('keydown', onKey);
      // Only if focus was in the drawer (or lost with it): a click elsewhere has put it where it belongs.
      const active = document.activeElement;
      if (active && active !== document.body && !node.contains(active)) return;
      const back = opener?.isConnected ? opener : openerId ? document.querySelector<HTMLElement>(`[data-testid="${CSS.escape(openerId)}"]`) : null;
      back?.focus();
    }
  };
}
