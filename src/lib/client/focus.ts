// Focus for controls that replace each other in place (a button that asks once more, then is itself again):
// the one that appears takes focus when `on`, so a keyboard is never dropped to the page's top.
export function focusIf(node: HTMLElement, on: boolean) {
  if (on) node.focus();
}
