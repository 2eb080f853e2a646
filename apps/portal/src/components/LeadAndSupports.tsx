import { For, Show } from 'solid-js';
import { t } from '../i18n/index.ts';

/** The lead and supporting parties of a matter or route, as two rows of a fact list (<dl>). */
export function LeadAndSupports(props: { leadTitle: string; supportsTitle: string; lead: string; supports: string[] }) {
  return (
    <>
      <dt>{props.leadTitle}</dt>
      <dd>
        <span class="badge lead">{t().matrix.lead}</span> {props.lead}
      </dd>
      <dt>{props.supportsTitle}</dt>
      <dd>
        <Show when={props.supports.length > 0} fallback={t().matter.noSupports}>
          <ul class="plain">
            <For each={props.supports}>
              {(s) => (
                <li>
                  <span class="badge support">{t().matrix.support}</span> {s}
                </li>
              )}
            </For>
          </ul>
        </Show>
      </dd>
    </>
  );
}
