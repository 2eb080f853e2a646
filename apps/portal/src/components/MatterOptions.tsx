import { For } from 'solid-js';
import { nameOf } from '../i18n/index.ts';
import { grid } from '../lib/reference.ts';

/** The current matrix's matters as <option>s grouped by domain, for any matter <select>. */
export function MatterOptions(props: { selected?: string }) {
  return (
    <For each={grid()?.domains}>
      {(d) => (
        <optgroup label={nameOf(d.name)}>
          <For each={(grid()?.matters ?? []).filter((m) => m.domain === d.code)}>
            {(m) => (
              <option value={m.code} selected={m.code === props.selected}>
                {`${m.code} ${nameOf(m.name)}`}
              </option>
            )}
          </For>
        </optgroup>
      )}
    </For>
  );
}
