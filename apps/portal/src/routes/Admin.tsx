import { createResource, createSignal, For, Index, Show } from 'solid-js';
import type { ALLIANCE_CITIES, DepartmentCode, Membership, Role } from '@gongzhi/domain';
import { fill, formatTime, t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';
import { valueOf } from '../lib/resource.ts';
import { cityName, departmentName, reference } from '../lib/reference.ts';
import { hasRole, principal } from '../lib/session.ts';
import { createAction } from '../lib/action.ts';
import { Dialog } from '../components/Dialog.tsx';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { failureOf } from '../lib/trpc.ts';
import { ApiKeys } from '../components/ApiKeys.tsx';
import { PeopleImport } from '../components/PeopleImport.tsx';
import { RegisterUpload } from '../components/RegisterUpload.tsx';

type Person = Awaited<ReturnType<typeof api.users.list.query>>[number];
type AuditEntry = Awaited<ReturnType<typeof api.users.audit.query>>[number];
type Draft = { role: Role; cityAdcode: string | null; departmentCode: string | null };

/** A draft row as the API takes it (the selects only offer alliance cities and known departments). */
const toInput = (r: Draft) => ({
  role: r.role,
  cityAdcode: r.cityAdcode as (typeof ALLIANCE_CITIES)[number] | null,
  departmentCode: r.departmentCode as DepartmentCode | null,
});

const ROLES: Role[] = ['liaison', 'supervisor', 'coordinator', 'leadership', 'alliance', 'admin'];
const needsCity = (r: Role) => r === 'liaison' || r === 'supervisor' || r === 'coordinator';
const needsDepartment = (r: Role) => r === 'liaison' || r === 'supervisor';

/** A membership in words: role, city, department (never codes). */
export function membershipText(m: Pick<Membership, 'role' | 'cityAdcode' | 'departmentCode'>): string {
  const where = m.cityAdcode ? cityName(m.cityAdcode) : t().admin.allianceLevel;
  return [t().user.roles[m.role], where, m.departmentCode ? departmentName(m.departmentCode) : null].filter(Boolean).join(' · ');
}

/** The memberships editor: each row a role, and the city and department it needs. */
function MembershipRows(props: { rows: Draft[]; onChange: (rows: Draft[]) => void }) {
  const set = (i: number, patch: Partial<Draft>) => {
    const rows = props.rows.map((r, j) => (j === i ? { ...r, ...patch } : r));
    const r = rows[i];
    if (r) {
      if (!needsCity(r.role) && r.role !== 'admin') r.cityAdcode = null;
      if (needsCity(r.role) && !r.cityAdcode) r.cityAdcode = '510100';
      if (!needsDepartment(r.role)) r.departmentCode = null;
      if (needsDepartment(r.role) && !r.departmentCode) r.departmentCode = 'urban';
    }
    props.onChange(rows);
  };
  return (
    <fieldset class="memberships">
      <legend>{t().admin.memberships}</legend>
      <Index each={props.rows}>
        {(row, i) => (
          <div class="membership-row">
            <label>
              {t().admin.role}
              <select value={row().role} onChange={(e) => set(i, { role: e.currentTarget.value as Role })}>
                <For each={ROLES}>{(r) => <option value={r}>{t().user.roles[r]}</option>}</For>
              </select>
            </label>
            <Show when={needsCity(row().role) || row().role === 'admin'}>
              <label>
                {t().admin.city}
                <select value={row().cityAdcode ?? ''} onChange={(e) => set(i, { cityAdcode: e.currentTarget.value || null })}>
                  <Show when={row().role === 'admin'}>
                    <option value="">{t().admin.allianceLevel}</option>
                  </Show>
                  <For each={reference()?.cities ?? []}>{(c) => <option value={c.adcode}>{cityName(c.adcode)}</option>}</For>
                </select>
              </label>
            </Show>
            <Show when={needsDepartment(row().role)}>
              <label>
                {t().admin.department}
                <select value={row().departmentCode ?? ''} onChange={(e) => set(i, { departmentCode: e.currentTarget.value })}>
                  <For each={reference()?.departments ?? []}>{(d) => <option value={d.code}>{departmentName(d.code)}</option>}</For>
                </select>
              </label>
            </Show>
            <Show when={props.rows.length > 1}>
              <button type="button" class="link-button" onClick={() => props.onChange(props.rows.filter((_, j) => j !== i))}>
                {t().admin.removeMembership}
              </button>
            </Show>
          </div>
        )}
      </Index>
      <button
        type="button"
        class="button small secondary"
        onClick={() => props.onChange([...props.rows, { role: 'liaison', cityAdcode: defaultCity(), departmentCode: 'urban' }])}
      >
        {t().admin.addMembership}
      </button>
    </fieldset>
  );
}

/** The city an administrator works for (a new row starts there), else Chengdu. */
const defaultCity = () => principal()?.memberships.find((m) => m.role === 'admin' && m.cityAdcode)?.cityAdcode ?? '510100';

function Users() {
  const [query, setQuery] = createSignal('');
  const [showInactive, setShowInactive] = createSignal(false);
  const [people, { refetch }] = createResource(
    () => ({ query: query(), active: showInactive() ? undefined : true }),
    (input) => api.users.list.query(input),
  );
  const [notice, setNotice] = createSignal<string | null>(null);
  const [temporary, setTemporary] = createSignal<{ name: string; password: string } | null>(null);
  const [dialog, setDialog] = createSignal<{ kind: 'create' } | { kind: 'edit' | 'deactivate' | 'reset'; person: Person } | null>(null);
  const reactivate = createAction(async (p: Person) => {
    await api.users.reactivate.mutate({ userId: p.id });
    setNotice(t().admin.reactivated);
    await refetch();
  });
  const done = async (message: string | null, temp?: { name: string; password: string }) => {
    setNotice(message);
    setTemporary(temp ?? null);
    await refetch();
  };

  return (
    <>
      <div class="toolbar">
        <input type="search" aria-label={t().admin.search} placeholder={t().admin.search} value={query()} onInput={(e) => setQuery(e.currentTarget.value)} />
        <label class="check">
          <input type="checkbox" checked={showInactive()} onChange={(e) => setShowInactive(e.currentTarget.checked)} />
          {t().admin.showInactive}
        </label>
        <button type="button" class="button" onClick={() => setDialog({ kind: 'create' })}>
          {t().admin.newPerson}
        </button>
      </div>
      <Show when={notice()}>
        <p class="notice" role="status">
          {notice()}
        </p>
      </Show>
      <Show when={temporary()}>
        {(tmp) => (
          <p class="notice temporary-password" role="status">
            {fill(t().admin.temporaryFor, { name: tmp().name })} <code data-temporary-password>{tmp().password}</code>
          </p>
        )}
      </Show>
      <Show when={people.error}>
        <ErrorMessage failure={failureOf(people.error)} />
      </Show>
      <ErrorMessage failure={reactivate.failure()} />
      <ul class="people" aria-busy={people.loading}>
        <For each={valueOf(people) ?? []} fallback={<li class="empty">{t().admin.none}</li>}>
          {(p) => (
            <li class="person card" data-person={p.username}>
              <div class="person-head">
                <strong data-user>{p.displayName}</strong>
                <span class={p.active ? 'badge ok' : 'badge muted'}>{p.active ? t().admin.active : t().admin.inactive}</span>
                <Show when={p.mustChangePassword && p.active}>
                  <span class="badge warn">{t().admin.mustChange}</span>
                </Show>
              </div>
              <div class="person-meta">
                <span>
                  {t().admin.username}: <span data-user>{p.username}</span>
                </span>
                <Show when={p.phone}>
                  <span>
                    {t().admin.phone}: <span data-user>{p.phone}</span>
                  </span>
                </Show>
              </div>
              <ul class="person-roles">
                <For each={p.memberships}>{(m) => <li>{membershipText(m)}</li>}</For>
              </ul>
              <Show when={p.manageable} fallback={<p class="hint">{t().admin.readOnly}</p>}>
                <div class="person-actions">
                  <button type="button" class="button small secondary" onClick={() => setDialog({ kind: 'edit', person: p })}>
                    {t().admin.edit}
                  </button>
                  <Show
                    when={p.active}
                    fallback={
                      <button type="button" class="button small secondary" disabled={reactivate.busy()} onClick={() => void reactivate.act(p)}>
                        {t().admin.reactivate}
                      </button>
                    }
                  >
                    <button type="button" class="button small secondary" onClick={() => setDialog({ kind: 'reset', person: p })}>
                      {t().admin.resetPassword}
                    </button>
                    <button type="button" class="button small danger" onClick={() => setDialog({ kind: 'deactivate', person: p })}>
                      {t().admin.deactivate}
                    </button>
                  </Show>
                </div>
              </Show>
            </li>
          )}
        </For>
      </ul>
      <Show when={dialog()} keyed>
        {(d) => (
          <>
            {d.kind === 'create' && <CreateDialog onClose={() => setDialog(null)} onDone={done} />}
            {d.kind === 'edit' && 'person' in d && <EditDialog person={d.person} onClose={() => setDialog(null)} onDone={done} />}
            {d.kind === 'deactivate' && 'person' in d && <DeactivateDialog person={d.person} onClose={() => setDialog(null)} onDone={done} />}
            {d.kind === 'reset' && 'person' in d && <ResetDialog person={d.person} onClose={() => setDialog(null)} onDone={done} />}
          </>
        )}
      </Show>
    </>
  );
}

type Done = (message: string | null, temp?: { name: string; password: string }) => Promise<void>;

function CreateDialog(props: { onClose: () => void; onDone: Done }) {
  const [username, setUsername] = createSignal('');
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [rows, setRows] = createSignal<Draft[]>([{ role: 'liaison', cityAdcode: defaultCity(), departmentCode: 'urban' }]);
  return (
    <Dialog
      title={t().admin.newPerson}
      submitLabel={t().admin.create}
      onClose={props.onClose}
      onSubmit={async () => {
        const created = await api.users.create.mutate({
          username: username(),
          displayName: name(),
          phone: phone() || undefined,
          memberships: rows().map(toInput),
        });
        await props.onDone(
          fill(t().admin.created, { name: name() }),
          created.temporaryPassword ? { name: name(), password: created.temporaryPassword } : undefined,
        );
      }}
    >
      <label>
        {t().admin.username}
        <input name="username" required autocomplete="off" value={username()} onInput={(e) => setUsername(e.currentTarget.value)} />
      </label>
      <label>
        {t().admin.displayName}
        <input name="displayName" required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t().admin.phone}
        <input name="phone" inputmode="tel" value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      <MembershipRows rows={rows()} onChange={setRows} />
    </Dialog>
  );
}

function EditDialog(props: { person: Person; onClose: () => void; onDone: Done }) {
  const [name, setName] = createSignal(props.person.displayName);
  const [phone, setPhone] = createSignal(props.person.phone ?? '');
  const [rows, setRows] = createSignal<Draft[]>(props.person.memberships.map((m) => ({ ...m })));
  return (
    <Dialog
      title={props.person.displayName}
      submitLabel={t().admin.save}
      onClose={props.onClose}
      onSubmit={async () => {
        await api.users.edit.mutate({
          userId: props.person.id,
          displayName: name(),
          phone: phone() || null,
          memberships: rows().map(toInput),
        });
        await props.onDone(t().admin.saved);
      }}
    >
      <label>
        {t().admin.displayName}
        <input name="displayName" required value={name()} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {t().admin.phone}
        <input name="phone" inputmode="tel" value={phone()} onInput={(e) => setPhone(e.currentTarget.value)} />
      </label>
      <MembershipRows rows={rows()} onChange={setRows} />
    </Dialog>
  );
}

function DeactivateDialog(props: { person: Person; onClose: () => void; onDone: Done }) {
  const [reason, setReason] = createSignal('');
  return (
    <Dialog
      title={fill(t().admin.deactivateTitle, { name: props.person.displayName })}
      submitLabel={t().admin.deactivateSubmit}
      onClose={props.onClose}
      onSubmit={async () => {
        const result = await api.users.deactivate.mutate({ userId: props.person.id, reason: reason() });
        await props.onDone(fill(t().admin.deactivated, { sessions: result.sessionsEnded, cases: result.casesReturned }));
      }}
    >
      <p class="hint">{t().admin.deactivateHint}</p>
      <label>
        {t().admin.deactivateReason}
        <textarea name="reason" required rows="3" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
    </Dialog>
  );
}

function ResetDialog(props: { person: Person; onClose: () => void; onDone: Done }) {
  return (
    <Dialog
      title={fill(t().admin.resetTitle, { name: props.person.displayName })}
      submitLabel={t().admin.resetSubmit}
      onClose={props.onClose}
      onSubmit={async () => {
        const { temporaryPassword } = await api.users.resetPassword.mutate({ userId: props.person.id });
        await props.onDone(null, { name: props.person.displayName, password: temporaryPassword });
      }}
    >
      <p class="hint">{t().admin.resetHint}</p>
    </Dialog>
  );
}

/** `user.create` → `create`, `apiKey.issue` → `apiKeyIssue`. */
const actionText = (action: string) =>
  t().admin.audit.actions[action.replace(/^user\./, '').replace(/\.(\w)/, (_, c: string) => c.toUpperCase())] ?? t().admin.audit.actions.details;

const ACTIONS = [
  'user.create',
  'user.memberships',
  'user.details',
  'user.deactivate',
  'user.reactivate',
  'user.resetPassword',
  'apiKey.issue',
  'apiKey.revoke',
];

/** What changed, in words: roles as roles, active as the status words. */
function changeText(e: AuditEntry): string {
  const p = e.payload as { from?: Record<string, unknown>; to?: Record<string, unknown>; detail?: { reason?: string } };
  if (e.action.startsWith('apiKey.')) {
    const to = p.to as { name?: string; ratePerMinute?: string } | undefined;
    return [to?.name, to?.ratePerMinute && e.action === 'apiKey.issue' ? fill(t().admin.keys.perMinute, { rate: to.ratePerMinute }) : null]
      .filter(Boolean)
      .join(',');
  }
  const words = (v: Record<string, unknown> | undefined) => {
    if (!v) return '—';
    if (Array.isArray(v.memberships)) return (v.memberships as Membership[]).map(membershipText).join(',');
    if (typeof v.active === 'boolean') return v.active ? t().admin.active : t().admin.inactive;
    return (
      Object.values(v)
        .filter((x) => typeof x === 'string')
        .join(',') || '—'
    );
  };
  const parts: string[] = [];
  if (p.from || (p.to && e.action !== 'user.create')) parts.push(fill(t().admin.audit.change, { from: words(p.from), to: words(p.to) }));
  else if (p.to) parts.push(words(p.to));
  if (p.detail?.reason) parts.push(fill(t().admin.audit.reason, { reason: p.detail.reason }));
  return parts.join(';');
}

function Audit() {
  const [actor, setActor] = createSignal('');
  const [target, setTarget] = createSignal('');
  const [action, setAction] = createSignal('');
  const [from, setFrom] = createSignal('');
  const [to, setTo] = createSignal('');
  const [filter, setFilter] = createSignal({});
  const [entries] = createResource(filter, (f) => api.users.audit.query(f));
  const apply = (event: SubmitEvent) => {
    event.preventDefault();
    setFilter({
      actor: actor() || undefined,
      target: target() || undefined,
      action: action() || undefined,
      from: from() ? new Date(`${from()}T00:00:00+08:00`).toISOString() : undefined,
      to: to() ? new Date(`${to()}T23:59:59+08:00`).toISOString() : undefined,
    });
  };
  return (
    <>
      <form class="toolbar audit-filters" onSubmit={apply}>
        <label>
          {t().admin.audit.actor}
          <input value={actor()} onInput={(e) => setActor(e.currentTarget.value)} />
        </label>
        <label>
          {t().admin.audit.target}
          <input name="target" value={target()} onInput={(e) => setTarget(e.currentTarget.value)} />
        </label>
        <label>
          {t().admin.audit.action}
          <select value={action()} onChange={(e) => setAction(e.currentTarget.value)}>
            <option value="">{t().common.all}</option>
            <For each={ACTIONS}>{(a) => <option value={a}>{actionText(a)}</option>}</For>
          </select>
        </label>
        <label>
          {t().admin.audit.from}
          <input type="date" value={from()} onInput={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          {t().admin.audit.to}
          <input type="date" value={to()} onInput={(e) => setTo(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button small">
          {t().admin.audit.filter}
        </button>
      </form>
      <Show when={entries.error}>
        <ErrorMessage failure={failureOf(entries.error)} />
      </Show>
      <ol class="audit-list">
        <For each={valueOf(entries) ?? []} fallback={<li class="empty">{t().admin.audit.none}</li>}>
          {(e) => (
            <li class="card audit-entry">
              <div>
                <time>{formatTime(e.at)}</time> · <strong>{actionText(e.action)}</strong>
                <Show when={e.targetName}>
                  {' '}
                  · <span data-user>{e.targetName}</span>
                </Show>
              </div>
              <div class="hint">
                {t().admin.audit.actor}: <span data-user>{e.actorName ?? t().admin.audit.commandLine}</span>
              </div>
              <div>{changeText(e)}</div>
            </li>
          )}
        </For>
      </ol>
    </>
  );
}

/** Open311 keys are the alliance's administrators' (they open intake across the alliance). */
const administersAlliance = () => principal()?.memberships.some((m) => m.role === 'admin' && m.cityAdcode === null) ?? false;

export default function Admin() {
  const [tab, setTab] = createSignal<'users' | 'import' | 'keys' | 'audit'>('users');
  return (
    <section class="admin-page" aria-labelledby="admin-title">
      <h1 id="admin-title">{t().admin.title}</h1>
      <Show when={hasRole('admin')} fallback={<ErrorMessage failure={{ reason: 'ROLE_REQUIRED', params: { roles: t().user.roles.admin } }} />}>
        <div class="tabs" role="tablist">
          <button type="button" role="tab" aria-selected={tab() === 'users'} class={tab() === 'users' ? 'tab active' : 'tab'} onClick={() => setTab('users')}>
            {t().admin.tabs.users}
          </button>
          <button
            type="button"
            role="tab"
            aria-selected={tab() === 'import'}
            class={tab() === 'import' ? 'tab active' : 'tab'}
            onClick={() => setTab('import')}
          >
            {t().admin.tabs.import}
          </button>
          <Show when={administersAlliance()}>
            <button type="button" role="tab" aria-selected={tab() === 'keys'} class={tab() === 'keys' ? 'tab active' : 'tab'} onClick={() => setTab('keys')}>
              {t().admin.tabs.keys}
            </button>
          </Show>
          <button type="button" role="tab" aria-selected={tab() === 'audit'} class={tab() === 'audit' ? 'tab active' : 'tab'} onClick={() => setTab('audit')}>
            {t().admin.tabs.audit}
          </button>
        </div>
        <Show when={tab() === 'users'}>
          <Users />
        </Show>
        <Show when={tab() === 'import'}>
          <PeopleImport onApplied={() => {}} />
          <RegisterUpload city={principal()?.memberships.find((m) => m.role === 'admin')?.cityAdcode ?? '510100'} />
        </Show>
        <Show when={tab() === 'keys'}>
          <ApiKeys />
        </Show>
        <Show when={tab() === 'audit'}>
          <Audit />
        </Show>
      </Show>
    </section>
  );
}
