import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, doublePrecision, index, integer, jsonb, pgTable, serial, text, timestamp, unique, uniqueIndex } from 'drizzle-orm/pg-core';
import type { CaseSource, CaseStatus, PersistedSnapshot, TaskAction, TaskRole, Tier, WorkflowCommand, WorkflowKind } from '@gongzhi/domain';
import { cities, counties } from './reference.ts';

/** Longitude's scale in the cases' nearest-first index (`cases_matter_near`); queries must use the same. */
export const PLACE_LON_SCALE = 0.862;

const at = (name: string) => timestamp(name, { withTimezone: true });

/** A case as it came in (intake data never changes) plus the projection of its workflow. */
export const cases = pgTable(
  'cases',
  {
    id: text('id').primaryKey(),
    number: serial('number').notNull().unique(),
    /** null while the case waits in triage for a coordinator to name its matter */
    matterCode: text('matter_code'),
    matrixVersion: integer('matrix_version'),
    cityAdcode: text('city_adcode')
      .notNull()
      .references(() => cities.adcode),
    countyAdcode: text('county_adcode')
      .notNull()
      .references(() => counties.adcode),
    lon: doublePrecision('lon').notNull(),
    lat: doublePrecision('lat').notNull(),
    address: text('address'),
    description: text('description').notNull(),
    reporterName: text('reporter_name'),
    reporterPhone: text('reporter_phone'),
    source: text('source').$type<CaseSource>().notNull(),
    reportedIn: text('reported_in'),
    borderCities: text('border_cities').array().notNull(),
    crossCity: boolean('cross_city').notNull(),
    tier: text('tier').$type<Tier>(),
    createdAt: at('created_at').notNull(),
    state: text('state').$type<CaseStatus>().notNull(),
    holderUnit: text('holder_unit'),
    /** a ruling put the case with its holder: it can no longer be transferred (kept by the case workflow) */
    transferLocked: boolean('transfer_locked').notNull().default(false),
    closedAt: at('closed_at'),
    /** the resolution deadline (处置时限) as extended and moved on by suspensions; null before a claim (kept by the case workflow) */
    resolveBy: at('resolve_by'),
    /** whether the latest resolution came by its deadline (按期结案); null until resolved (kept by the case workflow) */
    resolvedOnTime: boolean('resolved_on_time'),
    /** the person of the holding unit working it (a username), kept by the case workflow */
    assignee: text('assignee'),
    /** the order number in the system it came from (`12345:<order>`), for idempotent imports */
    externalRef: text('external_ref'),
    /** when the reporter reported it, if before it reached the platform (a hotline order's time) */
    reportedAt: at('reported_at'),
    /** Open311 attributes, media link and e-mail as submitted */
    attributes: jsonb('attributes'),
    mediaUrl: text('media_url'),
    reporterEmail: text('reporter_email'),
    /** set when the matter came from the classifier rather than a person */
    matterConfidence: doublePrecision('matter_confidence'),
    /** the earlier case of the same matter within 100 m this one repeats (重复投诉) */
    repeatOf: text('repeat_of'),
    /** SHA-256 of the code the reporter got to rate the result (never the code itself) */
    publicCodeHash: text('public_code_hash'),
  },
  (t) => [
    index('cases_city_state').on(t.cityAdcode, t.state),
    index('cases_matter').on(t.matterCode),
    uniqueIndex('cases_external_ref').on(t.externalRef),
    index('cases_repeat_of').on(t.repeatOf),
    index('cases_holder_assignee').on(t.holderUnit, t.assignee),
    // a unit's open cases (its team view): a unit's closed cases stay held by it, and pile up
    index('cases_held_open')
      .on(t.holderUnit)
      .where(sql`${t.state} <> 'closed'`),
    // the repeats reported in a period (the repeat figures), without reading every repeat ever
    index('cases_repeats_reported')
      .on(t.createdAt)
      .where(sql`${t.repeatOf} is not null`),
    // The repeat search's index: the cases of a matter, nearest first (`findRepeats`). GiST on the
    // matter (btree_gist) and a point whose longitude is scaled by cos 30.5°, the alliance's middle
    // latitude, so that a degree east there is about as long as a degree north.
    index('cases_matter_near').using('gist', t.matterCode, sql`point(${t.lon} * ${sql.raw(String(PLACE_LON_SCALE))}, ${t.lat})`),
  ],
);

/**
 * Every running or finished workflow: its persisted XState snapshot, the version of the definition
 * that stored it (older ones are migrated on load), and an optimistic version.
 */
export const workflows = pgTable(
  'workflows',
  {
    id: text('id').primaryKey(),
    kind: text('kind').notNull(),
    caseId: text('case_id').references(() => cases.id),
    matterCode: text('matter_code'),
    state: text('state').notNull(),
    done: boolean('done').notNull(),
    snapshot: jsonb('snapshot').$type<PersistedSnapshot>().notNull(),
    /** the workflow definition's version when the snapshot was stored (1: before versions were recorded) */
    definitionVersion: integer('definition_version').notNull().default(1),
    version: integer('version').notNull(),
    createdAt: at('created_at').notNull(),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [index('workflows_case').on(t.caseId), index('workflows_kind_state').on(t.kind, t.state)],
);

/** The inbox projection: rebuilt for a workflow on each of its transitions. */
export const tasks = pgTable(
  'tasks',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    kind: text('kind').$type<WorkflowKind>().notNull(),
    caseId: text('case_id'),
    inbox: text('inbox').notNull(),
    role: text('role').$type<TaskRole>().notNull(),
    action: text('action').$type<TaskAction>().notNull(),
    dueAt: at('due_at'),
    warnAt: at('warn_at'),
    escalation: integer('escalation').notNull(),
    since: at('since').notNull(),
  },
  (t) => [
    index('tasks_inbox_due').on(t.inbox, t.dueAt),
    index('tasks_workflow').on(t.workflowId),
    // a case's tasks, whatever their inbox: who is told when a case changes outside its own steps
    // (a repeat reported against it), and a case's inboxes on its page
    index('tasks_case').on(t.caseId),
  ],
);

/** Durable deadlines: the worker fires each due row once, through the normal transition path. */
export const timers = pgTable(
  'timers',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    workflowId: text('workflow_id')
      .notNull()
      .references(() => workflows.id),
    key: text('key').notNull(),
    dueAt: at('due_at').notNull(),
    event: jsonb('event').$type<WorkflowCommand>().notNull(),
    firedAt: at('fired_at'),
    outcome: text('outcome'),
  },
  (t) => [
    // (due, id): the worker claims in exactly this order, so a burst of timers due at the same instant
    // is walked in index order and the claim stops at its limit (with `due` alone it read and sorted
    // every due timer on each claim)
    index('timers_due')
      .on(t.dueAt, t.id)
      .where(sql`${t.firedAt} is null`),
    uniqueIndex('timers_pending_key')
      .on(t.workflowId, t.key)
      .where(sql`${t.firedAt} is null`),
  ],
);

/** Append-only, hash-chained (one chain per case, or per workflow without a case). */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    chain: text('chain').notNull(),
    seq: integer('seq').notNull(),
    at: at('at').notNull(),
    actor: text('actor').notNull(),
    unit: text('unit'),
    action: text('action').notNull(),
    workflowId: text('workflow_id'),
    payload: jsonb('payload').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    unique('audit_chain_seq').on(t.chain, t.seq),
    // whose claims are still open (a deactivated person's go back to the unit)
    index('audit_claims')
      .on(t.actor, t.workflowId)
      .where(sql`${t.action} = 'case.CLAIM'`),
  ],
);

/**
 * Signed checkpoints of the audit chains' heads (chain → [seq, hash]), signed with an Ed25519 key
 * kept outside the database: deleting a chain's last entries, a whole chain, or rewriting one with
 * recomputed hashes no longer matches the checkpoints (workflow/checkpoint.ts). A checkpoint holds
 * the heads of the chains that moved since the one before it (`through_id`: the audit log's last
 * entry it covers; `prev_digest`: the digest of the checkpoint before it, null for the first of a
 * key); one without `through_id` is an older full checkpoint of every chain's head.
 */
export const auditCheckpoints = pgTable(
  'audit_checkpoints',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: at('at').notNull(),
    heads: jsonb('heads').$type<Record<string, [number, string]>>().notNull(),
    digest: text('digest').notNull(),
    keyId: text('key_id').notNull(),
    signature: text('signature').notNull(),
    prevDigest: text('prev_digest'),
    throughId: bigint('through_id', { mode: 'number' }),
  },
  // a key's checkpoints in order: the newest one for the next delta, all of them for verification
  (t) => [index('audit_checkpoints_key').on(t.keyId, t.id)],
);

/** Who held a case from when to when, transfers included: the basis of time-held accounting. */
export const holdings = pgTable(
  'holdings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    caseId: text('case_id')
      .notNull()
      .references(() => cases.id),
    unit: text('unit').notNull(),
    fromAt: at('from_at').notNull(),
    toAt: at('to_at'),
  },
  (t) => [index('holdings_case').on(t.caseId)],
);

/** Alliance standards published by a harmonisation proposal. */
export const allianceStandards = pgTable('alliance_standards', {
  id: serial('id').primaryKey(),
  matterCode: text('matter_code').notNull(),
  text: text('text').notNull(),
  proposalId: text('proposal_id').notNull(),
  publishedAt: at('published_at').notNull(),
});
