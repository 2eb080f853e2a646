import { For } from 'solid-js';
import { nameOf } from '../i18n/index.ts';
import { reference } from '../lib/reference.ts';

/** A labelled group of department checkboxes (all but `except`), for co-departments and supports. */
export function DepartmentChecks(props: { legend: string; name: string; except?: string | undefined; selected: string[]; onChange: (next: string[]) => void }) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      <div class="checks">
        <For each={(reference()?.departments ?? []).filter((d) => d.code !== props.except)}>
          {(d) => (
            <label class="inline">
              <input
                type="checkbox"
                name={props.name}
                value={d.code}
                checked={props.selected.includes(d.code)}
                onChange={(e) => props.onChange(e.currentTarget.checked ? [...props.selected, d.code] : props.selected.filter((x) => x !== d.code))}
              />
              {nameOf(d.name)}
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
