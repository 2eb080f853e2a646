import {
  DomainError,
  PROBLEM_REASONS,
  actsForUnit,
  caseDateOf,
  caseScopeOf,
  checkEnforcement,
  disparities,
  isEnforcementMatter,
  standardInForce,
  type CityStandard,
  type Deviation,
  type DisparityGroup,
  type EnforcementRecord,
} from '@gongzhi/domain';
import {
  approveEnforcementRecord,
  claimRequestKey,
  recordRequestResult,
  findEnforcementRecord,
  findWorkflowOf,
  listEnforcementRecords,
  listStandards,
  saveEnforcementRecord,
  withEngine,
  type CaseRow,
  type DispatchResult,
  type StoredEnforcementRecord,
} from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import type { EnforcementRecordInput } from '../inputs.ts';
import { actorOf, caseInScope } from './access.ts';

/** The standard that judges a case's enforcement record: its city's, for its matter, in force on the case's date. */
async function standardOfCase(ctx: SignedInContext, row: CaseRow): Promise<{ caseDate: string; standards: CityStandard[]; standard: CityStandard | null }> {
  const caseDate = caseDateOf(row.reportedAt ?? row.createdAt);
  const standards = row.matterCode ? await listStandards(ctx.db, row.matterCode) : [];
  return { caseDate, standards, standard: row.matterCode ? standardInForce(standards, row.cityAdcode, row.matterCode, caseDate) : null };
}

/**
 * Resolving a case (办结). For an enforcement matter (its standard has a discretion baseline) the
 * officer's enforcement record is required; it is checked against the standard in force on the
 * case's date. A record that cannot be judged is refused; one that departs from the standard is
 * stored and waits for the unit's supervisor (the case stays in progress); one that keeps to it
 * resolves the case at once. The record and the step share one transaction.
 */
export async function resolveCase({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { caseId: string; version?: number | undefined; note: string; enforcement?: EnforcementRecordInput | undefined; requestKey?: string | undefined };
}): Promise<DispatchResult> {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  const actor = actorOf(ctx.principal);
  const { caseDate, standards, standard } = await standardOfCase(ctx, row);
  const given = input.enforcement;
  // Who before what: only the holder resolving a case in progress is asked for its record; anyone
  // else is refused (or told the state) by the case machine as for any other action.
  const workflow = await findWorkflowOf(ctx.db, 'case', row.id);
  const mayResolve = workflow !== null && workflow.view.state === 'inProgress' && actsForUnit(actor, workflow.view.holder);
  let checked: { record: EnforcementRecord; deviations: Deviation[]; standardFrom: string } | null = null;
  if (!given || !mayResolve) {
    if (mayResolve && isEnforcementMatter(standard)) {
      throw new DomainError('INVALID', 'ENFORCEMENT_RECORD_REQUIRED', 'This matter is enforced: record the measure taken', {});
    }
  } else {
    const record: EnforcementRecord = { ...given, cityAdcode: row.cityAdcode, matterCode: row.matterCode ?? '', caseDate };
    const check = checkEnforcement(record, standards);
    const problem = check.problems[0];
    if (problem || !check.standard) {
      const reason = PROBLEM_REASONS[problem ?? 'NO_STANDARD'];
      throw new DomainError('INVALID', reason, `The enforcement record cannot be judged: ${problem ?? 'NO_STANDARD'}`, {});
    }
    checked = { record, deviations: check.deviations, standardFrom: check.standard.effectiveFrom };
  }
  return withEngine(ctx, async (engine) => {
    // A phone resending a resolution whose answer it lost names it with the same key: the first
    // answer is given again, and nothing is resolved or recorded twice.
    const key = input.requestKey;
    if (key) {
      const earlier = await engine.query((tx) =>
        claimRequestKey(tx, { key, action: 'case.resolve', username: ctx.principal.username, caseId: row.id, at: engine.at }),
      );
      if (earlier) {
        if (earlier.action !== 'case.resolve' || earlier.username !== ctx.principal.username || earlier.caseId !== row.id || !earlier.result) {
          throw new DomainError('CONFLICT', 'REQUEST_KEY_REUSED', 'This request key was used for another request', {});
        }
        return earlier.result as DispatchResult;
      }
    }
    const result = await engine.dispatch({
      workflowId: row.id,
      actor,
      event: checked ? { type: 'RESOLVE', note: input.note, deviations: checked.deviations } : { type: 'RESOLVE', note: input.note },
      expectedVersion: input.version,
    });
    if (checked) {
      const { record, deviations, standardFrom } = checked;
      await engine.query((tx) => saveEnforcementRecord(tx, row.id, record, { standardFrom, deviations }, { username: ctx.principal.username, at: engine.at }));
    }
    if (key) await engine.query((tx) => recordRequestResult(tx, key, result));
    return result;
  });
}

/**
 * A supervisor of the holding unit approves a deviating enforcement record with a reason (the case
 * is resolved) or sends it back (the officer resolves again); the case machine decides who may.
 */
export async function decideEnforcement({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { caseId: string; version?: number | undefined; approve: boolean; reason: string };
}): Promise<DispatchResult> {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  return withEngine(ctx, async (engine) => {
    const result = await engine.dispatch({
      workflowId: row.id,
      actor: actorOf(ctx.principal),
      event: { type: 'DECIDE_ENFORCEMENT', approve: input.approve, reason: input.reason },
      expectedVersion: input.version,
    });
    if (input.approve) {
      await engine.query((tx) => approveEnforcementRecord(tx, row.id, { by: ctx.principal.username, at: engine.at, reason: input.reason }));
    }
    return result;
  });
}

export interface CaseEnforcement {
  /** resolving the case needs an enforcement record */
  required: boolean;
  /** the case's date in China: the standard in force then judges the record */
  caseDate: string;
  /** the standard in force on that date (the portal checks a record against it as it is typed) */
  standard: CityStandard | null;
  record: StoredEnforcementRecord | null;
}

/** What the resolve form and the case page need: whether a record is required, the standard, and the stored record. */
export async function caseEnforcement({ ctx, input }: { ctx: SignedInContext; input: { caseId: string } }): Promise<CaseEnforcement> {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  const { caseDate, standard } = await standardOfCase(ctx, row);
  return { required: isEnforcementMatter(standard), caseDate, standard, record: await findEnforcementRecord(ctx.db, row.id) };
}

export interface DisparityRow extends DisparityGroup {
  /** the case numbers of each outcome's cases, in the same order as `outcomes` */
  caseNumbers: number[][];
}

/**
 * 同案不同罚 watch: same city, matter, severity and first-offence status, different outcomes,
 * over the enforcement records of the cases the reader may see (the one visibility rule).
 */
export async function listDisparities({ ctx, input }: { ctx: SignedInContext; input?: { city?: string | undefined } | undefined }): Promise<DisparityRow[]> {
  const records = await listEnforcementRecords(ctx.db, caseScopeOf(ctx.principal), { cityAdcode: input?.city });
  const numbers = new Map(records.map((r) => [r.caseId, r.caseNumber]));
  return disparities(records).map((g) => ({ ...g, caseNumbers: g.outcomes.map((o) => o.caseIds.map((id) => numbers.get(id) ?? 0)) }));
}
