/**
 * Arrow-key navigation inside a list of focusable items (the WAI-ARIA pattern for a
 * composite of links or buttons): ArrowDown/ArrowRight move to the next item, ArrowUp/
 * ArrowLeft to the previous one, Home and End to the first and last. Tab still leaves the
 * list as usual.
 *
 * @param event - the keydown event on the list
 * @param root - the element whose `[data-nav]` descendants are the items
 */
export function navigateList(event: KeyboardEvent, root: ParentNode): void {
  const keys = ['ArrowDown', 'ArrowUp', 'ArrowRight', 'ArrowLeft', 'Home', 'End'];
  if (!keys.includes(event.key)) return;
  const items = [...root.querySelectorAll<HTMLElement>('[data-nav]')];
  if (items.length === 0) return;
  const active = (root as Node).getRootNode() as Document | ShadowRoot;
  const current = items.indexOf(active.activeElement as HTMLElement);
  let next = current;
  if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = items.length - 1;
  else if (event.key === 'ArrowDown' || event.key === 'ArrowRight')
    next = Math.min(items.length - 1, current + 1);
  else next = current <= 0 ? 0 : current - 1;
  event.preventDefault();
  items[next]?.focus();
}
