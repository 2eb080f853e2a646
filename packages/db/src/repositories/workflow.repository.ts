import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import { WORKFLOWS, isWorkflowKind, type CaseScope, type ViewOf, type WorkflowKind, type WorkflowView } from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { workflows } from '../schema/index.ts';
import { workflowVisibleTo } from './visibility.repository.ts';

/**
 * A stored workflow as everything above this package reads it (and clients receive it): its row and
 * its definition's view, never the snapshot. `kind` tells which view it is.
 */
export type WorkflowRecord = WorkflowView & {
  id: string;
  caseId: string | null;
  matterCode: string | null;
  state: string;
  done: boolean;
  /** optimistic version: send it back with an action to be told when someone else acted first */
  version: number;
  createdAt: string;
  updatedAt: string;
};

/** One kind's records, their views of that kind. */
export type WorkflowRecordOf<K extends WorkflowKind> = Extract<WorkflowRecord, { kind: K }>;

type Row = typeof workflows.$inferSelect;

const viewOf = <K extends WorkflowKind>(kind: K, row: Row): ViewOf<K> => WORKFLOWS[kind].view(row.snapshot, row.definitionVersion);

function recordOf(row: Row): WorkflowRecord {
  const { snapshot: _, definitionVersion: __, kind, createdAt, updatedAt, ...rest } = row;
  if (!isWorkflowKind(kind)) throw new Error(`Workflow ${row.id} is of an unknown kind: ${kind}`);
  return { ...rest, createdAt: createdAt.toISOString(), updatedAt: updatedAt.toISOString(), ...describe(kind, row) };
}

/** The kind and its view, correlated (a record of kind K carries K's view). */
function describe(kind: WorkflowKind, row: Row): WorkflowView {
  switch (kind) {
    case 'case':
      return { kind, view: viewOf(kind, row) };
    case 'transfer':
      return { kind, view: viewOf(kind, row) };
    case 'dispute':
      return { kind, view: viewOf(kind, row) };
    case 'joint':
      return { kind, view: viewOf(kind, row) };
    case 'crosscity':
      return { kind, view: viewOf(kind, row) };
    case 'harmonisation':
      return { kind, view: viewOf(kind, row) };
    case 'triage':
      return { kind, view: viewOf(kind, row) };
    case 'consultation':
      return { kind, view: viewOf(kind, row) };
    case 'datarequest':
      return { kind, view: viewOf(kind, row) };
  }
}

const isKind =
  <K extends WorkflowKind>(kind: K) =>
  (r: WorkflowRecord): r is WorkflowRecordOf<K> =>
    r.kind === kind;

export async function findWorkflow(db: Database, id: string): Promise<WorkflowRecord | null> {
  const [row] = await db.select().from(workflows).where(eq(workflows.id, id));
  return row ? recordOf(row) : null;
}

/** A workflow of one kind, or null when there is none of that kind with this id. */
export async function findWorkflowOf<K extends WorkflowKind>(db: Database, kind: K, id: string): Promise<WorkflowRecordOf<K> | null> {
  const found = await findWorkflow(db, id);
  return found && isKind(kind)(found) ? found : null;
}

/** Every workflow of a case, oldest first. */
export async function caseWorkflows(db: Database, caseId: string): Promise<WorkflowRecord[]> {
  const rows = await db.select().from(workflows).where(eq(workflows.caseId, caseId)).orderBy(asc(workflows.createdAt));
  return rows.map(recordOf);
}

/** Open (or all) workflows of one kind that the reader may see, newest first: the dispute desk, referrals, proposals. */
export async function listWorkflows<K extends WorkflowKind>(
  db: Database,
  filter: { kind: K; open: boolean; limit?: number | undefined; visibleTo: CaseScope },
): Promise<Array<WorkflowRecordOf<K>>> {
  const rows = await db
    .select()
    .from(workflows)
    .where(and(eq(workflows.kind, filter.kind), filter.open ? eq(workflows.done, false) : undefined, workflowVisibleTo(filter.visibleTo)))
    .orderBy(desc(workflows.updatedAt))
    .limit(filter.limit ?? 200);
  return rows.map(recordOf).filter(isKind(filter.kind));
}

/** The open workflows of one kind about one matter (a harmonisation proposal still circulating). */
export async function openWorkflowsOfMatter<K extends WorkflowKind>(db: Database, kind: K, matterCode: string): Promise<Array<WorkflowRecordOf<K>>> {
  const rows = await db
    .select()
    .from(workflows)
    .where(and(eq(workflows.kind, kind), eq(workflows.matterCode, matterCode), eq(workflows.done, false)));
  return rows.map(recordOf).filter(isKind(kind));
}

/** Earlier disputes on the same matter that leadership ruled: precedents for a new ruling. */
/** The lead each ruled dispute of these cases named (case id → department code), read through the dispute's view. */
export async function rulingLeads(db: Database, caseIds: readonly string[]): Promise<Map<string, string>> {
  const leads = new Map<string, string>();
  for (let i = 0; i < caseIds.length; i += 1_000) {
    const rows = await db
      .select()
      .from(workflows)
      .where(and(eq(workflows.kind, 'dispute'), inArray(workflows.caseId, caseIds.slice(i, i + 1_000))));
    for (const row of rows) {
      const lead = viewOf('dispute', row).ruling?.lead;
      if (row.caseId && lead) leads.set(row.caseId, lead);
    }
  }
  return leads;
}

export async function precedents(db: Database, matterCode: string): Promise<Array<WorkflowRecordOf<'dispute'>>> {
  const rows = await db
    .select()
    .from(workflows)
    .where(and(eq(workflows.kind, 'dispute'), eq(workflows.matterCode, matterCode), inArray(workflows.state, ['ruled', 'amended'])))
    .orderBy(desc(workflows.updatedAt))
    .limit(20);
  return rows.map(recordOf).filter(isKind('dispute'));
}
