import { randomUUID } from 'node:crypto';
import { and, eq, inArray, isNull, sql, type SQL, type SQLWrapper } from 'drizzle-orm';
import {
  DEPARTMENT_CODES,
  DomainError,
  SYSTEM,
  WORKFLOWS,
  startWorkflow,
  stepWorkflow,
  type Actor,
  type Clock,
  type DepartmentCode,
  type Effect,
  type StepResult,
  type WorkflowKind,
} from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { allianceStandards, cases, holdings, tasks, timers, workflows } from '../schema/index.ts';
import { insertMatrixVersion, loadMatrix } from '../repositories/matrix.repository.ts';
import { appendAudit, type ChainHeads } from './audit.ts';

export const INBOX_CHANNEL = 'gongzhi_inbox';
/** cases per NOTIFY payload (100 ids and the inbox list stay well under PostgreSQL's 8,000 bytes) */
const NOTIFY_CASES = 100;

/** What one transaction of the engine needs: its clock, who acts, and the inboxes it touched. */
interface Run {
  tx: Database;
  at: Date;
  touched: Set<string>;
  cases: Set<string>;
  /** cases changed outside any workflow step: their current inboxes are told too */
  touchedCases: Set<string>;
  heads: ChainHeads;
  /** writes whose result nobody reads, sent together as one statement before the next read */
  pending: SQL[];
}

/** Queues a write; it reaches the database with the next read, or at commit. */
function later(run: Run, query: SQLWrapper): void {
  run.pending.push(query.getSQL());
}

/**
 * Sends the queued writes as one statement (data-modifying CTEs run exactly once, in the same
 * snapshot, and foreign keys are checked at its end), optionally with a final select.
 */
async function flush(run: Run, final?: SQL): Promise<void> {
  const writes = run.pending;
  run.pending = [];
  if (writes.length === 0) {
    if (final) await run.tx.execute(final);
    return;
  }
  if (writes.length === 1 && !final) {
    await run.tx.execute(writes[0]!);
    return;
  }
  const ctes = sql.join(
    writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w})`),
    sql`, `,
  );
  await run.tx.execute(sql`with ${ctes} ${final ?? sql`select 1`}`);
}

export interface DispatchInput {
  workflowId: string;
  event: { type: string } & Record<string, unknown>;
  actor: Actor;
  /** the version the caller saw; a newer one in the database is a CONFLICT */
  expectedVersion?: number;
}

export interface DispatchResult {
  workflowId: string;
  version: number;
  state: string;
}

export const actorName = (actor: Actor) => (actor.kind === 'user' ? actor.username : actor.kind === 'system' ? `system:${actor.reason}` : 'reporter');
const actorUnit = (actor: Actor) => {
  if (actor.kind !== 'user') return null;
  const m = actor.memberships.find((x) => x.departmentCode);
  return m ? `${m.cityAdcode}:${m.departmentCode}` : null;
};

/** Rebuilds a workflow's projection; `fresh` (just created) skips reading what cannot exist yet. */
async function project(run: Run, workflowId: string, kind: WorkflowKind, result: StepResult, fresh = false): Promise<void> {
  const { tx, at } = run;
  if (!fresh) await flush(run);
  const old = fresh
    ? []
    : await tx.delete(tasks).where(eq(tasks.workflowId, workflowId)).returning({ inbox: tasks.inbox, action: tasks.action, since: tasks.since });
  for (const o of old) run.touched.add(o.inbox);
  if (result.tasks.length > 0) {
    // A task that is still the same keeps its "since", so an inbox can sort by waiting time.
    const since = new Map(old.map((o) => [`${o.inbox}|${o.action}`, o.since]));
    later(
      run,
      tx.insert(tasks).values(
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
      ),
    );
    for (const t of result.tasks) run.touched.add(t.inbox);
  }

  // Timers: cancel what the new state no longer needs, add what it needs now.
  const pending = fresh
    ? []
    : await tx
        .select({ id: timers.id, key: timers.key, dueAt: timers.dueAt })
        .from(timers)
        .where(and(eq(timers.workflowId, workflowId), isNull(timers.firedAt)));
  const wanted = new Map(result.timers.map((t) => [t.key, t]));
  for (const p of pending) {
    const w = wanted.get(p.key);
    if (w && new Date(w.dueAt).getTime() === p.dueAt.getTime()) wanted.delete(p.key);
    // A moved deadline keeps its key: delete the old row now, since one statement's sub-statements
    // run in no set order and the unique (workflow, key) index would see both rows.
    else if (w) await tx.delete(timers).where(eq(timers.id, p.id));
    else later(run, tx.delete(timers).where(eq(timers.id, p.id)));
  }
  if (wanted.size > 0) {
    later(run, tx.insert(timers).values([...wanted.values()].map((t) => ({ workflowId, key: t.key, dueAt: new Date(t.dueAt), event: t.event }))));
  }

  if (kind === 'case' && result.caseId) {
    // A new case row was written by intake with the same state and holder.
    if (!fresh) {
      later(
        run,
        tx
          .update(cases)
          .set({ state: result.state, holderUnit: result.holder, closedAt: result.state === 'closed' ? at : null })
          .where(eq(cases.id, result.caseId)),
      );
    }
    // This read and the timer read above need no flush: the writes still queued are this step's
    // tasks, timers and case row, and each step flushed its holdings before this one began.
    const [open] = fresh
      ? []
      : await tx
          .select()
          .from(holdings)
          .where(and(eq(holdings.caseId, result.caseId), isNull(holdings.toAt)));
    if (open?.unit !== (result.holder ?? undefined)) {
      if (open) later(run, tx.update(holdings).set({ toAt: at }).where(eq(holdings.id, open.id)));
      if (result.holder) later(run, tx.insert(holdings).values({ caseId: result.caseId, unit: result.holder, fromAt: at }));
    }
  }
  if (result.caseId) run.cases.add(result.caseId);
}

/** Appends to the case's audit chain; reads the chain's head (after the queued writes) only when unknown. */
async function audit(run: Run, chain: string, entry: Parameters<typeof appendAudit>[1], newChain: boolean): Promise<void> {
  if (!run.heads.has(chain) && !newChain) await flush(run);
  await appendAudit(run.tx, entry, run.heads, { newChain, defer: (q) => later(run, q) });
}

async function createIn(run: Run, kind: WorkflowKind, input: Record<string, unknown>, actor: Actor, options: { newCase?: boolean } = {}): Promise<string> {
  const id = (input.id as string | undefined) ?? randomUUID();
  const def = WORKFLOWS[kind];
  const full = { ...input, id };
  const result = startWorkflow(def, full);
  later(
    run,
    run.tx.insert(workflows).values({
      id,
      kind,
      caseId: result.caseId,
      matterCode: (input.matterCode as string | undefined) ?? null,
      state: result.state,
      done: result.done,
      snapshot: result.snapshot as object,
      version: 1,
      createdAt: run.at,
      updatedAt: run.at,
    }),
  );
  await project(run, id, kind, result, true);
  const chain = result.caseId ?? id;
  await audit(
    run,
    chain,
    { chain, at: run.at, actor: actorName(actor), unit: actorUnit(actor), action: `${kind}.start`, workflowId: id, payload: input },
    // A workflow without a case starts its own chain; so does a case created in this transaction.
    chain === id && (result.caseId === null || options.newCase === true),
  );
  await runEffects(run, id, kind, result.effects, actor);
  return id;
}

async function dispatchIn(run: Run, input: DispatchInput): Promise<DispatchResult> {
  const { tx, at } = run;
  await flush(run);
  const [row] = await tx.select().from(workflows).where(eq(workflows.id, input.workflowId));
  if (!row) throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No workflow ${input.workflowId}`, { id: input.workflowId });
  if (input.expectedVersion !== undefined && input.expectedVersion !== row.version) {
    throw new DomainError('CONFLICT', 'STALE_VERSION', `Someone else changed this ${row.kind} meanwhile (now version ${row.version})`, {
      version: row.version,
    });
  }
  const kind = row.kind as WorkflowKind;
  const event = { ...input.event, actor: input.actor, at: at.toISOString() };
  const result = stepWorkflow(WORKFLOWS[kind], row.snapshot, event);
  const updated = await tx
    .update(workflows)
    .set({ snapshot: result.snapshot as object, state: result.state, done: result.done, version: row.version + 1, updatedAt: at })
    .where(and(eq(workflows.id, row.id), eq(workflows.version, row.version)))
    .returning({ version: workflows.version });
  if (updated.length === 0) {
    throw new DomainError('CONFLICT', 'STALE_VERSION', `Someone else changed this ${kind} meanwhile; reload and try again`, {});
  }
  await project(run, row.id, kind, result);
  const { type, ...payload } = input.event;
  await audit(
    run,
    result.caseId ?? row.id,
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
  await runEffects(run, row.id, kind, result.effects, input.actor);
  return { workflowId: row.id, version: row.version + 1, state: result.state };
}

const departmentOf = (unit: string) => {
  const d = unit.split(':')[1] as DepartmentCode;
  if (!DEPARTMENT_CODES.includes(d)) throw new Error(`not a unit: ${unit}`);
  return d;
};

async function runEffects(run: Run, sourceId: string, sourceKind: WorkflowKind, effects: Effect[], actor: Actor): Promise<void> {
  for (const effect of effects) {
    switch (effect.type) {
      case 'start':
        await createIn(run, effect.kind, effect.input, actor);
        break;
      case 'forward': {
        await flush(run);
        const [source] = await run.tx.select({ caseId: workflows.caseId }).from(workflows).where(eq(workflows.id, sourceId));
        if (!source?.caseId) throw new Error(`${sourceKind} ${sourceId} has no case to forward to`);
        await dispatchIn(run, { workflowId: source.caseId, event: effect.event, actor: SYSTEM(`${sourceKind}:${sourceId}`) });
        break;
      }
      case 'amend-matrix': {
        await flush(run);
        const latest = await loadMatrix(run.tx);
        const matters = latest.matters.map((m) =>
          m.code === effect.matterCode ? { ...m, lead: departmentOf(effect.lead), supports: effect.supports.map(departmentOf) } : m,
        );
        await insertMatrixVersion(run.tx, {
          version: latest.version + 1,
          basedOn: latest.version,
          createdBy: actorName(actor),
          reason: `${effect.reason}(争议裁定 ${effect.disputeId})`,
          at: run.at,
          matters,
        });
        break;
      }
      case 'publish-standard':
        later(
          run,
          run.tx.insert(allianceStandards).values({ matterCode: effect.matterCode, text: effect.text, proposalId: effect.proposalId, publishedAt: run.at }),
        );
        break;
    }
  }
}

/** Tells every server process (LISTEN/NOTIFY; delivered only if the transaction commits) whose inbox changed. */
async function announce(run: Run): Promise<void> {
  if (run.touchedCases.size > 0) {
    await flush(run);
    const ids = [...run.touchedCases];
    const rows = await run.tx.selectDistinct({ inbox: tasks.inbox }).from(tasks).where(inArray(tasks.caseId, ids));
    for (const r of rows) run.touched.add(r.inbox);
    for (const id of ids) run.cases.add(id);
  }
  if (run.touched.size === 0) return flush(run);
  // NOTIFY payloads must stay under 8,000 bytes: a big batch is announced in parts of 100 cases.
  const inboxes = [...run.touched];
  const ids = [...run.cases];
  const parts: string[][] = [];
  for (let i = 0; i < ids.length; i += NOTIFY_CASES) parts.push(ids.slice(i, i + NOTIFY_CASES));
  if (parts.length === 0) parts.push([]);
  const notifies = parts.map((cases) => sql`pg_notify(${INBOX_CHANNEL}, ${JSON.stringify({ inboxes, cases })})`);
  await flush(run, sql`select ${sql.join(notifies, sql`, `)}`);
}

export interface EngineDeps {
  db: Database;
  clock: Clock;
}

async function inTransaction<T>(deps: EngineDeps, work: (run: Run) => Promise<T>): Promise<T> {
  return deps.db.transaction(async (tx) => {
    const run: Run = {
      tx: tx as unknown as Database,
      at: deps.clock.now(),
      touched: new Set(),
      cases: new Set(),
      touchedCases: new Set(),
      heads: new Map(),
      pending: [],
    };
    const out = await work(run);
    await announce(run);
    return out;
  });
}

/** Applies one event to one workflow, and everything it causes, in one transaction. */
export function dispatch(deps: EngineDeps, input: DispatchInput): Promise<DispatchResult> {
  return inTransaction(deps, (run) => dispatchIn(run, input));
}

/** Starts a workflow (and what its first state asks for) in one transaction. */
export function startNewWorkflow(deps: EngineDeps, kind: WorkflowKind, input: Record<string, unknown>, actor: Actor): Promise<string> {
  return inTransaction(deps, (run) => createIn(run, kind, input, actor));
}

/** For intake: the case row and its workflows, created together. */
export interface EngineScope {
  tx: Database;
  at: Date;
  /** `newCase`: the case row was inserted in this transaction, so its audit chain starts here. */
  start(kind: WorkflowKind, input: Record<string, unknown>, actor: Actor, options?: { newCase?: boolean }): Promise<string>;
  dispatch(input: DispatchInput): Promise<DispatchResult>;
  /** Announces a change to a case that no workflow step made (a new repeat of it), to its inboxes. */
  touchCase(caseId: string): void;
}

export function withEngine<T>(deps: EngineDeps, work: (engine: EngineScope) => Promise<T>): Promise<T> {
  return inTransaction(deps, (run) =>
    work({
      tx: run.tx,
      at: run.at,
      start: (kind, input, actor, options) => createIn(run, kind, input, actor, options),
      dispatch: (input) => dispatchIn(run, input),
      touchCase: (caseId) => run.touchedCases.add(caseId),
    }),
  );
}
