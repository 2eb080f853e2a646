import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  DEPARTMENT_CODES,
  DomainError,
  SYSTEM,
  WORKFLOWS,
  isWorkflowKind,
  type Actor,
  type Clock,
  type DepartmentCode,
  type Effect,
  type InputOf,
  type StartInputOf,
  type StepResult,
  type WorkflowCommand,
  type WorkflowKind,
  type WorkflowView,
  factPatch,
  factStepOf,
  labelOfStep,
  isEmptyPatch,
  mergePatches,
  notificationOf,
  type FactPatch,
  type TaskSpec,
} from '@gongzhi/domain';
import { anyOf } from '../any-of.ts';
import type { Database } from '../client.ts';
import { allianceStandards, auditLog, cases, dataRequests, holdings, notifications, tasks, timers, workflows } from '../schema/index.ts';
import { insertMatrixVersion, loadMatrix, matrixChanged, refuseUnchanged } from '../repositories/matrix.repository.ts';
import { chainHeads, lockAuditChains, lockAuditHead, nextAuditRow, type ChainHeads } from './audit.ts';
import { WriteQueue, recordsJson } from './write-queue.ts';
import { createFactsMany, updateFactsMany } from './facts.ts';
import { labelInsert } from '../repositories/classifier.repository.ts';
import { inboxesOfCases } from '../repositories/case.repository.ts';

export const INBOX_CHANNEL = 'gongzhi_inbox';
/** (inbox, case) pairs per NOTIFY payload (100 stay well under PostgreSQL's 8,000 bytes) */
const NOTIFY_PAIRS = 100;

/** One transaction of the engine: its writes, its time, and what it must announce on commit. */
interface Run {
  writes: WriteQueue;
  at: Date;
  /**
   * inboxes whose tasks this transaction changed, each with the cases whose tasks changed in it
   * (a workflow outside any case adds the inbox alone): each subscriber is told only its own
   */
  changed: Map<string, Set<string>>;
  /** cases changed outside any workflow step (a new repeat of them): their current inboxes are told too */
  casesChangedOutsideSteps: Set<string>;
  heads: ChainHeads;
  /** the facts each case's steps changed in this transaction, written once at its end */
  facts: Map<string, { create: boolean; patch: FactPatch }>;
  /** rows of the cases this transaction inserts (`EngineScope.insertCases`), by id: their facts are made from them */
  newCases: Map<string, typeof cases.$inferInsert>;
  /** what `preload` read for a batch of workflows, each entry used once (see `Preloaded`) */
  known: Preloaded;
  /** a ruling amended the matrix: the version in force is read again once this commits */
  matrixAmended?: boolean;
  /** the work committed before it returned (`EngineScope.commit`) */
  finished?: boolean;
}

type WorkflowRow = typeof workflows.$inferSelect;

/**
 * Rows a batch read up front in a few multi-row queries (`preload`), instead of each step reading
 * its own: workflow rows this transaction holds FOR UPDATE, and their tasks, pending timers, open
 * holdings (by case) and audit chain heads. Each entry is valid until this transaction changes what
 * it describes, so a step takes it out as it uses it (`take`); a second step of the same workflow
 * finds none and reads the database, after the queued writes.
 */
interface Preloaded {
  workflows: Map<string, WorkflowRow>;
  tasks: Map<string, KnownTask[]>;
  timers: Map<string, Array<{ id: number; key: string; dueAt: Date }>>;
  holdings: Map<string, { open: { id: number; unit: string } | undefined }>;
}

/** A task row as read (its workflow's, kind and case are the workflow's own). */
interface KnownTask {
  inbox: string;
  action: string;
  since: Date;
  role: string;
  dueAt: Date | null;
  warnAt: Date | null;
  escalation: number;
}

/** What makes a task row the same as a task the state wants (times compared as instants). */
const taskKey = (t: Pick<KnownTask | TaskSpec, 'inbox' | 'action' | 'role' | 'escalation' | 'dueAt' | 'warnAt'>) =>
  [t.inbox, t.action, t.role, t.escalation, t.dueAt && new Date(t.dueAt).getTime(), t.warnAt && new Date(t.warnAt).getTime()].join('|');

/** Whether a step's tasks are exactly the rows its workflow has (in any order): then they are left as they are. */
function sameTasks(known: readonly KnownTask[], wanted: readonly TaskSpec[]): boolean {
  if (known.length !== wanted.length) return false;
  const have = known.map(taskKey).sort();
  return wanted
    .map(taskKey)
    .sort()
    .every((k, i) => k === have[i]);
}

const noneKnown = (): Preloaded => ({ workflows: new Map(), tasks: new Map(), timers: new Map(), holdings: new Map() });

function take<K, V>(map: Map<K, V>, key: K): V | undefined {
  const value = map.get(key);
  map.delete(key);
  return value;
}

export interface DispatchInput {
  workflowId: string;
  event: WorkflowCommand;
  actor: Actor;
  /** the version the caller saw; a newer one in the database is a CONFLICT */
  expectedVersion?: number | undefined;
  /**
   * The step already computed (purely) from the workflow at version `from` with this event, actor
   * and this transaction's time, as the timer worker does to judge its batch: used instead of
   * stepping again when the row read stands at that version.
   */
  stepped?: { from: number; result: StepResult } | undefined;
}

export interface DispatchResult {
  workflowId: string;
  version: number;
  state: string;
}

export const actorName = (actor: Actor) => (actor.kind === 'user' ? actor.username : actor.kind === 'system' ? `system:${actor.reason}` : 'reporter');
/** The unit a person acts for (their first department membership), for the audit log and attachments. */
export const actorUnit = (actor: Actor) => {
  if (actor.kind !== 'user') return null;
  const m = actor.memberships.find((x) => x.departmentCode);
  return m ? `${m.cityAdcode}:${m.departmentCode}` : null;
};

/**
 * Rebuilds a workflow's projection: its inbox rows, its timers, and (for the workflow that owns a
 * case) the case row and who holds it. Reads first, then queues the writes. `fresh` (just created)
 * skips reading what cannot exist yet.
 */
async function project(
  run: Run,
  workflowId: string,
  kind: WorkflowKind,
  result: StepResult,
  from: string | null,
  step: { event: string | null; actor: Actor },
): Promise<void> {
  const fresh = from === null;
  const { writes, at } = run;
  const knownTasks = fresh ? undefined : take(run.known.tasks, workflowId);
  // Tasks read up front and exactly what the new state wants (a response warning, say): left as they are.
  const tasksUnchanged = knownTasks !== undefined && sameTasks(knownTasks, result.tasks);
  if (knownTasks && !tasksUnchanged) writes.delete(tasks.workflowId, workflowId);
  const knownTimers = fresh ? undefined : take(run.known.timers, workflowId);
  const [old, pending, open] = fresh
    ? [[], [], undefined]
    : [
        knownTasks ??
          (await writes.query((tx) =>
            tx.delete(tasks).where(eq(tasks.workflowId, workflowId)).returning({ inbox: tasks.inbox, action: tasks.action, since: tasks.since }),
          )),
        knownTimers ??
          (await writes.query((tx) =>
            tx
              .select({ id: timers.id, key: timers.key, dueAt: timers.dueAt })
              .from(timers)
              .where(and(eq(timers.workflowId, workflowId), isNull(timers.firedAt))),
          )),
        result.caseRecord && result.caseId ? await openHolding(run, result.caseId) : undefined,
      ];

  // Timers: cancel what the new state no longer needs, add what it needs now.
  const wanted = new Map(result.timers.map((t) => [t.key, t]));
  for (const p of pending) {
    const w = wanted.get(p.key);
    if (w && new Date(w.dueAt).getTime() === p.dueAt.getTime()) wanted.delete(p.key);
    // A moved deadline keeps its key: delete the old row now, since one statement's sub-statements
    // run in no set order and the unique (workflow, key) index would see both rows.
    else if (w) await writes.query((tx) => tx.delete(timers).where(eq(timers.id, p.id)));
    else writes.delete(timers.id, p.id);
  }

  for (const o of old) touch(run, o.inbox, result.caseId);
  if (result.tasks.length > 0) {
    // A task that is still the same keeps its "since", so an inbox can sort by waiting time.
    const since = new Map(old.map((o) => [`${o.inbox}|${o.action}`, o.since]));
    if (!tasksUnchanged)
      run.writes.insert(
        tasks,
        result.tasks.map((t) => ({
          workflowId,
          kind,
          caseId: result.caseId,
          inbox: t.inbox,
          role: t.role,
          action: t.action,
          dueAt: t.dueAt ? new Date(t.dueAt) : null,
          warnAt: t.warnAt ? new Date(t.warnAt) : null,
          escalation: t.escalation,
          since: since.get(`${t.inbox}|${t.action}`) ?? at,
        })),
      );
    for (const t of result.tasks) touch(run, t.inbox, result.caseId);
    // What changed for the inboxes' readers: each task that was not there before, by what brought it.
    const news = result.tasks.flatMap((t) => {
      const kindOfNews = since.has(`${t.inbox}|${t.action}`) ? null : notificationOf(t, step);
      return kindOfNews ? [{ inbox: t.inbox, kind: kindOfNews, action: t.action, workflowId, workflowKind: kind, caseId: result.caseId, at }] : [];
    });
    run.writes.insert(notifications, news);
  }
  run.writes.insert(
    timers,
    [...wanted.values()].map((t) => ({ workflowId, key: t.key, dueAt: new Date(t.dueAt), event: t.event })),
  );

  const record = result.caseRecord;
  if (record && result.caseId) {
    const caseId = result.caseId;
    // A new case row was written by intake with the same state and holder.
    if (!fresh) {
      run.writes.update(cases, cases.id, caseId, {
        state: record.state,
        holderUnit: record.holder,
        transferLocked: record.transferLocked,
        closedAt: record.state === 'closed' ? at : null,
        resolveBy: record.resolveBy === null ? null : new Date(record.resolveBy),
        resolvedOnTime: record.resolvedOnTime,
        assignee: record.assignee,
      });
    }
    // A suspended case (挂账) stays with its holder, but the time does not count as held.
    const holder = record.suspended ? null : record.holder;
    if (open?.unit !== (holder ?? undefined)) {
      const openId = open?.id;
      if (openId !== undefined) run.writes.update(holdings, holdings.id, openId, { toAt: at });
      if (holder) run.writes.insert(holdings, [{ caseId, unit: holder, fromAt: at }]);
    }
  }
  if (result.caseId) {
    keepFacts(run, kind, result, from);
  }
}

/** The command centre's facts of the case, changed by this step as the domain says (`factPatch`). */
function keepFacts(run: Run, kind: WorkflowKind, result: StepResult, from: string | null): void {
  const caseId = result.caseId;
  if (!caseId) return;
  const definition = WORKFLOWS[kind];
  const step = factStepOf({ kind, view: definition.view(result.snapshot, definition.version) } as WorkflowView, from);
  // A case's facts row is made when its first workflow starts (the case, or triage while it waits for a matter).
  const create = from === null && (kind === 'case' || kind === 'triage');
  if (!step && !create) return;
  // Several steps of one transaction touch the same row: their patches are merged and written once, at the end.
  const patch = step ? factPatch(step) : { set: {}, first: {}, add: {} };
  const earlier = run.facts.get(caseId);
  run.facts.set(caseId, earlier ? { create: earlier.create || create, patch: mergePatches(earlier.patch, patch) } : { create, patch });
}

/** The matter label this step gives its case's text (a triage routing, an accepted transfer, a ruling), for the classifier. */
function keepLabel(run: Run, kind: WorkflowKind, result: StepResult, from: string, actor: Actor): void {
  const definition = WORKFLOWS[kind];
  const label = labelOfStep({ kind, view: definition.view(result.snapshot, definition.version) } as WorkflowView, from);
  if (label) run.writes.later(labelInsert(label, actorName(actor), run.at));
}

function writeFacts(run: Run): void {
  const updates = new Map<string, FactPatch>();
  const creates: Array<{ caseId: string; patch: FactPatch }> = [];
  for (const [caseId, { create, patch }] of run.facts) {
    if (create) creates.push({ caseId, patch });
    else if (!isEmptyPatch(patch)) updates.set(caseId, patch);
  }
  if (creates.length > 0) {
    const inserted = creates.flatMap(({ caseId }) => run.newCases.get(caseId) ?? []);
    run.writes.later(createFactsMany(creates, inserted.length > 0 ? recordsJson(cases, inserted) : undefined));
  }
  for (const statement of updateFactsMany(updates)) run.writes.later(statement);
  run.facts.clear();
}

async function openHolding(run: Run, caseId: string) {
  const known = take(run.known.holdings, caseId);
  if (known) return known.open;
  const [open] = await run.writes.query((tx) =>
    tx
      .select({ id: holdings.id, unit: holdings.unit })
      .from(holdings)
      .where(and(eq(holdings.caseId, caseId), isNull(holdings.toAt))),
  );
  return open;
}

/** Appends to the case's audit chain; reads the chain's head (after the queued writes) only when unknown. */
async function audit(run: Run, entry: Parameters<typeof nextAuditRow>[0], newChain: boolean): Promise<void> {
  if (!run.heads.has(entry.chain) && !newChain) run.heads.set(entry.chain, await run.writes.query((tx) => lockAuditHead(tx, entry.chain)));
  run.writes.insert(auditLog, [nextAuditRow(entry, run.heads, { newChain })]);
}

const startOf = <K extends WorkflowKind>(kind: K, input: InputOf<K>): StepResult => WORKFLOWS[kind].start(input);

async function createIn<K extends WorkflowKind>(
  run: Run,
  kind: K,
  input: StartInputOf<K>,
  actor: Actor,
  options: { newCase?: boolean | undefined } = {},
): Promise<string> {
  const id = input.id ?? randomUUID();
  const result = startOf(kind, { ...input, id } as InputOf<K>);
  run.writes.insert(workflows, [
    {
      id,
      kind,
      caseId: result.caseId,
      matterCode: 'matterCode' in input && typeof input.matterCode === 'string' ? input.matterCode : null,
      state: result.state,
      done: result.done,
      snapshot: result.snapshot,
      definitionVersion: WORKFLOWS[kind].version,
      version: 1,
      createdAt: run.at,
      updatedAt: run.at,
    },
  ]);
  await project(run, id, kind, result, null, { event: null, actor });
  const chain = result.caseId ?? id;
  await audit(
    run,
    { chain, at: run.at, actor: actorName(actor), unit: actorUnit(actor), action: `${kind}.start`, workflowId: id, payload: input },
    // A workflow without a case starts its own chain; so does the first workflow of a case created in
    // this transaction (the case's, or its triage while it waits for a matter).
    result.caseId === null ? chain === id : options.newCase === true && !run.heads.has(chain),
  );
  await runEffects(run, { id, kind, caseId: result.caseId }, result.effects, actor);
  return id;
}

async function dispatchIn(run: Run, input: DispatchInput): Promise<DispatchResult> {
  const { at } = run;
  // A workflow the batch holds locked was read with it; any other is read (and locked by its update) now.
  const locked = take(run.known.workflows, input.workflowId);
  const row = locked ?? (await run.writes.query((tx) => tx.select().from(workflows).where(eq(workflows.id, input.workflowId))))[0];
  if (!row) throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No workflow ${input.workflowId}`, { id: input.workflowId });
  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
    throw new DomainError('CONFLICT', 'STALE_VERSION', `Someone else changed this ${row.kind} meanwhile (now version ${row.version})`, {
      version: row.version,
    });
  }
  const kind = row.kind;
  if (!isWorkflowKind(kind)) throw new Error(`Workflow ${row.id} is of an unknown kind: ${kind}`);
  const definition = WORKFLOWS[kind];
  // Stored by an older definition: migrated on load, and stored back as this version's.
  const result =
    input.stepped && input.stepped.from === row.version
      ? input.stepped.result
      : definition.step(row.snapshot, row.definitionVersion, { ...input.event, actor: input.actor, at: at.toISOString() });
  const next = {
    snapshot: result.snapshot,
    definitionVersion: definition.version,
    state: result.state,
    done: result.done,
    version: row.version + 1,
    updatedAt: at,
  };
  // Locked by this transaction since it was read: nobody else can have changed it.
  if (locked) run.writes.update(workflows, workflows.id, row.id, next);
  else {
    const updated = await run.writes.query((tx) =>
      tx
        .update(workflows)
        .set(next)
        .where(and(eq(workflows.id, row.id), eq(workflows.version, row.version)))
        .returning({ version: workflows.version }),
    );
    if (updated.length === 0) {
      throw new DomainError('CONFLICT', 'STALE_VERSION', `Someone else changed this ${kind} meanwhile; reload and try again`, {});
    }
  }
  await project(run, row.id, kind, result, row.state, { event: input.event.type, actor: input.actor });
  keepLabel(run, kind, result, row.state, input.actor);
  const { type, ...payload } = input.event;
  await audit(
    run,
    {
      chain: result.caseId ?? row.id,
      at,
      actor: actorName(input.actor),
      unit: actorUnit(input.actor),
      action: `${kind}.${type}`,
      workflowId: row.id,
      payload: { ...payload, from: row.state, to: result.state },
    },
    false,
  );
  await runEffects(run, { id: row.id, kind, caseId: result.caseId }, result.effects, input.actor);
  return { workflowId: row.id, version: row.version + 1, state: result.state };
}

/** The workflow whose transition asked for the effects. */
interface EffectSource {
  id: string;
  kind: WorkflowKind;
  caseId: string | null;
}

/** Carries out a transition's effects in the same transaction, each type by its handler below. */
async function runEffects(run: Run, source: EffectSource, effects: readonly Effect[], actor: Actor): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'start':
        await createIn(run, effect.kind, effect.input, actor);
        break;
      case 'forward':
        await forwardToCase(run, source, effect.event);
        break;
      case 'amend-matrix':
        await amendMatrixByRuling(run, effect, actor);
        break;
      case 'publish-standard':
        publishStandard(run, effect);
        break;
      case 'data-request-escalated':
        // the request's register row (its id is the workflow's), in the escalating step's transaction
        run.writes.update(dataRequests, dataRequests.id, source.id, { escalatedAt: run.at });
        break;
    }
  }
}

/** A transfer decided, a ruling made: the case's own workflow (its id is the case's) takes the event. */
async function forwardToCase(run: Run, source: EffectSource, event: Extract<Effect, { type: 'forward' }>['event']): Promise<void> {
  if (!source.caseId) throw new Error(`${source.kind} ${source.id} has no case to forward to`);
  await dispatchIn(run, { workflowId: source.caseId, event, actor: SYSTEM(`${source.kind}:${source.id}`) });
}

const departmentOf = (unit: string): DepartmentCode => {
  const d = DEPARTMENT_CODES.find((code) => unit.endsWith(`:${code}`));
  if (!d) throw new Error(`not a unit: ${unit}`);
  return d;
};

/** A ruling promoted to the matrix: the next version, with the matter led and supported as ruled. */
async function amendMatrixByRuling(run: Run, effect: Extract<Effect, { type: 'amend-matrix' }>, actor: Actor): Promise<void> {
  run.matrixAmended = true;
  await run.writes.query(async (tx) => {
    const latest = await loadMatrix(tx);
    const matters = latest.matters.map((m) =>
      m.code === effect.matterCode ? { ...m, lead: departmentOf(effect.lead), supports: effect.supports.map(departmentOf) } : m,
    );
    refuseUnchanged(latest, matters, effect.matterCode);
    await insertMatrixVersion(tx, {
      version: latest.version + 1,
      basedOn: latest.version,
      createdBy: actorName(actor),
      reason: effect.reason,
      disputeId: effect.disputeId,
      at: run.at,
      matters,
    });
  });
}

function publishStandard(run: Run, effect: Extract<Effect, { type: 'publish-standard' }>): void {
  run.writes.insert(allianceStandards, [{ matterCode: effect.matterCode, text: effect.text, proposalId: effect.proposalId, publishedAt: run.at }]);
}

function touch(run: Run, inbox: string, caseId: string | null): void {
  let cases = run.changed.get(inbox);
  if (!cases) run.changed.set(inbox, (cases = new Set()));
  if (caseId) cases.add(caseId);
}

/**
 * Tells every server process (LISTEN/NOTIFY; delivered only if the transaction commits) which
 * inboxes changed and, for each, which cases: `{ inboxes: { <inbox>: [caseId, ...] } }`.
 */
async function announce(run: Run): Promise<void> {
  if (run.casesChangedOutsideSteps.size > 0) {
    const ids = [...run.casesChangedOutsideSteps];
    // Committed cases' tasks (a case of this transaction has its inboxes recorded by its own steps).
    const rows = await run.writes.read((db) => inboxesOfCases(db, ids));
    for (const r of rows) touch(run, r.inbox, r.caseId);
  }
  if (run.changed.size === 0) return run.writes.commit();
  // NOTIFY payloads must stay under 8,000 bytes: a big batch is announced in parts of 100 (inbox, case) pairs.
  const pairs = [...run.changed].flatMap(([inbox, cases]): Array<[string, string | null]> =>
    cases.size === 0 ? [[inbox, null]] : [...cases].map((c): [string, string | null] => [inbox, c]),
  );
  const parts: Array<Record<string, string[]>> = [];
  for (let i = 0; i < pairs.length; i += NOTIFY_PAIRS) {
    const part: Record<string, string[]> = {};
    for (const [inbox, caseId] of pairs.slice(i, i + NOTIFY_PAIRS)) {
      const cases = (part[inbox] ??= []);
      if (caseId) cases.push(caseId);
    }
    parts.push(part);
  }
  const notifies = parts.map((inboxes) => sql`pg_notify(${INBOX_CHANNEL}, ${JSON.stringify({ inboxes })})`);
  await run.writes.commit(sql`select ${sql.join(notifies, sql`, `)}`);
}

/**
 * Reads up front, in a few multi-row queries, what the next steps of these workflows will read
 * (this transaction must already hold their rows FOR UPDATE): their rows, tasks, pending timers, the
 * open holdings of their cases and the heads of their audit chains, locked. Their steps then read
 * nothing, and queue their writes, which go out as one statement per table.
 */
async function preload(run: Run, workflowIds: readonly string[], read?: readonly WorkflowRow[]): Promise<void> {
  const ids = [...new Set(workflowIds)];
  if (ids.length === 0) return;
  // rows the caller read and locked in this transaction, unchanged since (the timer worker's claim), are not read again
  const given = new Map((read ?? []).map((r) => [r.id, r]));
  const missing = ids.filter((id) => !given.has(id));
  const rows = [
    ...ids.flatMap((id) => given.get(id) ?? []),
    ...(missing.length === 0 ? [] : await run.writes.query((tx) => tx.select().from(workflows).where(anyOf(workflows.id, missing)))),
  ];
  const caseIds = [...new Set(rows.flatMap((r) => (r.caseId ? [r.caseId] : [])))];
  const [taskRows, timerRows, holdingRows] = [
    await run.writes.query((tx) =>
      tx
        .select({
          workflowId: tasks.workflowId,
          inbox: tasks.inbox,
          action: tasks.action,
          since: tasks.since,
          role: tasks.role,
          dueAt: tasks.dueAt,
          warnAt: tasks.warnAt,
          escalation: tasks.escalation,
        })
        .from(tasks)
        .where(anyOf(tasks.workflowId, ids)),
    ),
    await run.writes.query((tx) =>
      tx
        .select({ workflowId: timers.workflowId, id: timers.id, key: timers.key, dueAt: timers.dueAt })
        .from(timers)
        .where(and(anyOf(timers.workflowId, ids), isNull(timers.firedAt))),
    ),
    caseIds.length === 0
      ? []
      : await run.writes.query((tx) =>
          tx
            .select({ caseId: holdings.caseId, id: holdings.id, unit: holdings.unit })
            .from(holdings)
            .where(and(anyOf(holdings.caseId, caseIds), isNull(holdings.toAt))),
        ),
  ];
  const chains = [...new Set(rows.map((r) => r.caseId ?? r.id).filter((c) => !run.heads.has(c)))];
  if (chains.length > 0) {
    await run.writes.query((tx) => lockAuditChains(tx, chains));
    for (const [chain, head] of await run.writes.query((tx) => chainHeads(tx, chains))) run.heads.set(chain, head);
  }
  for (const r of rows) {
    run.known.workflows.set(r.id, r);
    run.known.tasks.set(r.id, []);
    run.known.timers.set(r.id, []);
  }
  for (const t of taskRows) run.known.tasks.get(t.workflowId)?.push(t);
  for (const t of timerRows) run.known.timers.get(t.workflowId)?.push(t);
  for (const c of caseIds) run.known.holdings.set(c, { open: undefined });
  for (const h of holdingRows) run.known.holdings.set(h.caseId, { open: { id: h.id, unit: h.unit } });
}

export interface EngineDeps {
  db: Database;
  clock: Clock;
}

/**
 * Runs engine work in one transaction. It begins at the work's first read (see `WriteQueue`): work
 * that reads nothing (new cases' workflows) is written as one statement, without BEGIN and COMMIT.
 */
async function inTransaction<T>(deps: EngineDeps, work: (run: Run) => Promise<T>): Promise<T> {
  const run: Run = {
    writes: new WriteQueue(deps.db),
    at: deps.clock.now(),
    changed: new Map(),
    casesChangedOutsideSteps: new Set(),
    heads: new Map(),
    facts: new Map(),
    newCases: new Map(),
    known: noneKnown(),
  };
  let out: T;
  try {
    out = await work(run);
    if (!run.finished) await finish(run);
  } catch (error) {
    await run.writes.rollback(error);
    throw error;
  }
  if (run.matrixAmended === true) matrixChanged();
  return out;
}

/** Writes the facts the steps changed, sends every queued write and commits, announcing the inboxes changed. */
function finish(run: Run): Promise<void> {
  run.finished = true;
  writeFacts(run);
  return announce(run);
}

/** Applies one event to one workflow, and everything it causes, in one transaction. */
export function dispatch(deps: EngineDeps, input: DispatchInput): Promise<DispatchResult> {
  return inTransaction(deps, (run) => dispatchIn(run, input));
}

/** Starts a workflow (and what its first state asks for) in one transaction. */
export function startNewWorkflow<K extends WorkflowKind>(deps: EngineDeps, kind: K, input: StartInputOf<K>, actor: Actor): Promise<string> {
  return inTransaction(deps, (run) => createIn(run, kind, input, actor));
}

/** Work that creates rows of its own (a case) together with workflows, in one transaction. */
export interface EngineScope {
  at: Date;
  /** `newCase`: the case row was inserted in this transaction, so its audit chain starts here. */
  start<K extends WorkflowKind>(kind: K, input: StartInputOf<K>, actor: Actor, options?: { newCase?: boolean }): Promise<string>;
  dispatch(input: DispatchInput): Promise<DispatchResult>;
  /**
   * Queues new cases' rows (written with the workflows started for them, in one statement): start
   * their workflows with `newCase`.
   */
  insertCases(rows: ReadonlyArray<typeof cases.$inferInsert>): void;
  /** Runs repository work in the transaction, after the engine's queued writes. */
  query<T>(work: (tx: Database) => PromiseLike<T>): Promise<T>;
  /**
   * Before a batch of dispatches, one to each of these workflows (whose rows this transaction holds
   * FOR UPDATE): reads what their steps need in a few multi-row queries, so the steps send nothing.
   * `read`: workflow rows the caller already read in this transaction (and has not changed since).
   */
  preload(workflowIds: readonly string[], read?: readonly WorkflowRow[]): Promise<void>;
  /** Queues a write of rows (see `WriteQueue`): sent with the engine's writes, merged per table. */
  writes: Pick<WriteQueue, 'insert' | 'update' | 'delete' | 'later' | 'statements'>;
  /** Announces a change to a case that no workflow step made (a new repeat of it) to its current inboxes. */
  announceCase(caseId: string): void;
  /**
   * Commits now rather than when the work returns (so that the caller can order the commit with other
   * work of its own, as intake orders its batches): the work must not use the engine afterwards.
   */
  commit(): Promise<void>;
}

export function withEngine<T>(deps: EngineDeps, work: (engine: EngineScope) => Promise<T>): Promise<T> {
  return inTransaction(deps, (run) =>
    work({
      at: run.at,
      start: (kind, input, actor, options) => createIn(run, kind, input, actor, options),
      dispatch: (input) => dispatchIn(run, input),
      insertCases(rows) {
        run.writes.insert(cases, rows);
        for (const row of rows) run.newCases.set(row.id, row);
      },
      query: (fn) => run.writes.query(fn),
      preload: (locked, read) => preload(run, locked, read),
      writes: run.writes,
      announceCase: (caseId) => run.casesChangedOutsideSteps.add(caseId),
      commit: () => (run.finished ? Promise.reject(new Error('the engine work has already committed')) : finish(run)),
    }),
  );
}
