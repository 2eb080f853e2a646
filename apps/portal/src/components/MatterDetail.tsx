import { A } from '@solidjs/router';
import { legalBasisText } from '../lib/words.ts';
import { Show, createResource } from 'solid-js';
import { nameOf, t } from '../i18n/index.ts';
import { api, failureOf } from '../lib/trpc.ts';
import { ErrorMessage } from './ErrorMessage.tsx';
import { LeadAndSupports } from './LeadAndSupports.tsx';

type Names = Record<string, { zh: string; en: string }>;

/** Drill-down of one matter: who leads, who supports, tier, legal basis. */
export function MatterDetail(props: { code: string; version: number; departments: Names; domains: Names; onClose: () => void }) {
  const [matter] = createResource(
    () => ({ code: props.code, version: props.version }),
    (input) => api.matrix.matter.query(input),
  );
  const dept = (code: string) => nameOf(props.departments[code] ?? { zh: code, en: code });
  return (
    <aside class="card detail" aria-labelledby="matter-title">
      <div class="detail-head">
        <h2 id="matter-title">
          <Show when={matter()} fallback={t().matter.title}>
            {(m) => <>{nameOf(m().name)}</>}
          </Show>
        </h2>
        <button type="button" class="button small secondary" onClick={() => props.onClose()}>
          {t().matter.close}
        </button>
      </div>
      <Show when={matter.error}>
        <ErrorMessage failure={failureOf(matter.error)} />
      </Show>
      <Show when={matter()}>
        {(m) => (
          <dl class="facts">
            <dt>{t().matter.code}</dt>
            <dd>
              <code>{m().code}</code> · {t().matrix.version} {m().matrixVersion}
            </dd>
            <dt>{t().matter.domain}</dt>
            <dd>{nameOf(props.domains[m().domain] ?? { zh: m().domain, en: m().domain })}</dd>
            <LeadAndSupports leadTitle={t().matter.lead} supportsTitle={t().matter.supports} lead={dept(m().lead)} supports={m().supports.map(dept)} />
            <dt>{t().matter.tier}</dt>
            <dd>{t().tier[m().tier]}</dd>
            <dt>{t().matter.legalBasis}</dt>
            <dd>{legalBasisText(m().legalBasis)}</dd>
            <dt>{t().matter.keywords}</dt>
            <dd lang="zh-CN">{m().keywords.join('、')}</dd>
            <dt>{t().matter.joint}</dt>
            <dd>{m().joint ? '✓' : t().matter.notJoint}</dd>
          </dl>
        )}
      </Show>
      <A class="button small" href={`/route?matter=${encodeURIComponent(props.code)}`}>
        {t().matter.previewRoute}
      </A>
    </aside>
  );
}
