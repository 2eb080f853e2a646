/**
 * Puts a header panel (search results, notifications) just below its anchor, right-aligned with it
 * and kept inside the window whatever row of the wrapped header the anchor ended up in.
 */
export function placeBelow(anchor: Element, panel: HTMLElement): void {
  const r = anchor.getBoundingClientRect();
  const width = Math.min(panel.offsetWidth, window.innerWidth - 16);
  const left = Math.max(8, Math.min(r.right - width, window.innerWidth - width - 8));
  Object.assign(panel.style, { position: 'fixed', top: `${Math.round(r.bottom + 4)}px`, left: `${Math.round(left)}px`, right: 'auto' });
}
