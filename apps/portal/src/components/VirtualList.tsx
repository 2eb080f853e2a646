import { For, createMemo, createSignal, onCleanup, onMount, type JSX } from 'solid-js';

/**
 * Renders only the rows in view (plus a margin) of a long list with rows of one fixed height, so a
 * 10,000-task inbox scrolls as smoothly as a short one. The list is one keyboard-focusable region.
 */
export function VirtualList<T>(props: { items: readonly T[]; rowHeight: number; height: string; label: string; children: (item: T) => JSX.Element }) {
  let viewport: HTMLDivElement | undefined;
  const [scrollTop, setScrollTop] = createSignal(0);
  const [viewHeight, setViewHeight] = createSignal(600);
  const overscan = 8;
  const range = createMemo(() => {
    const first = Math.max(0, Math.floor(scrollTop() / props.rowHeight) - overscan);
    const last = Math.min(props.items.length, Math.ceil((scrollTop() + viewHeight()) / props.rowHeight) + overscan);
    return { first, last };
  });
  // The same item objects from one scroll to the next, so <For> keeps their rows (and a dialog a row opened) instead of making them anew.
  const visible = createMemo(() => props.items.slice(range().first, range().last));
  onMount(() => {
    const observer = new ResizeObserver(() => setViewHeight(viewport?.clientHeight ?? 600));
    if (viewport) observer.observe(viewport);
    onCleanup(() => observer.disconnect());
  });
  return (
    <div
      ref={(el) => (viewport = el)}
      class="virtual"
      style={{ height: props.height, overflow: 'auto', position: 'relative' }}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      role="list"
      aria-label={props.label}
      aria-rowcount={props.items.length}
      tabindex="0"
    >
      <div style={{ height: `${props.items.length * props.rowHeight}px`, position: 'relative' }}>
        <For each={visible()}>
          {(item, i) => (
            <div
              role="listitem"
              style={{ position: 'absolute', top: `${(range().first + i()) * props.rowHeight}px`, left: 0, right: 0, height: `${props.rowHeight}px` }}
            >
              {props.children(item)}
            </div>
          )}
        </For>
      </div>
    </div>
  );
}
