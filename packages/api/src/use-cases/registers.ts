import { randomUUID } from 'node:crypto';
import { DomainError, caseScopeOf, DATA_REQUEST_WORKING_DAYS, dataRequestDueAt, subjectKey, type DataRequestView } from '@gongzhi/domain';
import {
  caseAttachments,
  caseWorkflows,
  dataRequestEscalations,
  findWorkflowOf,
  insertDataRequest,
  recordDataAnswer,
  lookupBusinesses,
  unregisteredSubjectsNamed,
  violationsOf,
  withEngine,
  type DispatchResult,
  type RegisterEntry,
  type ViolationEntry,
} from '@gongzhi/db';
import type { SignedInContext } from '../context.ts';
import { actorOf, caseInScope, checkCaseAccess } from './access.ts';

/**
 * Shared registers (信息共享). Who sees what:
 * - the published registers (licence status, scope, address) are open to every signed-in
 *   department: that is what publishing them means;
 * - a subject's violation history gives every reader the count, dates, matters and measures of its
 *   closed cases, so a repeat offender is marked for anyone; the case number (and a link) only for
 *   cases the reader may see under the one visibility rule (caseScopeOf / visibleCaseIds).
 */
export interface RegisterHit extends RegisterEntry {
  kind: 'registered';
  history: ViolationEntry[];
  /** two or more closed cases against it (as the domain's violationHistory marks them) */
  repeat: boolean;
}

/** A subject of closed cases without a credit code, named as the query (a person, a stall, an unregistered shop at one address). */
export interface SubjectHit {
  kind: 'unregistered';
  subject: 'person' | 'business';
  /** as the latest record wrote it */
  name: string;
  /** a business's: the address of the cases it was recorded at */
  place: string | null;
  history: ViolationEntry[];
  repeat: boolean;
}

/**
 * Registered businesses by credit code, name or address fragment, each with its history by credit
 * code; then the subjects without a code whose name is the query (domain subjectKey says who is
 * the same subject), each with its history. The current case is left out of every history.
 */
export async function lookupRegister({
  ctx,
  input,
}: {
  ctx: SignedInContext;
  input: { query: string; caseId?: string | undefined };
}): Promise<Array<RegisterHit | SubjectHit>> {
  if (input.caseId) await caseInScope(ctx.db, ctx.principal, input.caseId);
  const scope = caseScopeOf(ctx.principal);
  const options = { excludeCaseId: input.caseId };
  const [found, unregistered] = [await lookupBusinesses(ctx.db, input.query, 10), await unregisteredSubjectsNamed(ctx.db, input.query, 10)];
  const registered = await Promise.all(
    found.map(async (b): Promise<RegisterHit> => {
      const history = await violationsOf(ctx.db, scope, subjectKey({ kind: 'business', name: b.name, creditCode: b.creditCode }), options);
      return { kind: 'registered', ...b, history, repeat: history.length >= 2 };
    }),
  );
  const subjects = await Promise.all(
    unregistered.map(async (s): Promise<SubjectHit> => {
      const history = await violationsOf(ctx.db, scope, s.key, options);
      return { kind: 'unregistered', subject: s.kind, name: s.name, place: s.place, history, repeat: history.length >= 2 };
    }),
  );
  return [...registered, ...subjects.filter((s) => s.history.length > 0)];
}

/** The unit a person asks or answers for: their department membership (liaison or supervisor). */
function unitOf(ctx: SignedInContext): string {
  const m = ctx.principal.memberships.find((x) => x.departmentCode && x.cityAdcode && (x.role === 'liaison' || x.role === 'supervisor'));
  if (!m?.cityAdcode || !m.departmentCode) throw new DomainError('FORBIDDEN', 'DEPARTMENT_ONLY', 'Only a department asks for data', {});
  return `${m.cityAdcode}:${m.departmentCode}`;
}

/** A department working a case asks another for data (数据请求) by a deadline in working days. */
export async function sendDataRequest({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock' | 'alliance'>;
  input: { caseId: string; toUnit: string; need: string; workingDays?: number | undefined };
}): Promise<{ requestId: string }> {
  const row = await caseInScope(ctx.db, ctx.principal, input.caseId);
  // asked by a unit working the case (not one only reading it), while it is open
  if (!(await checkCaseAccess(ctx.db, ctx.principal, row)).contact)
    throw new DomainError('FORBIDDEN', 'CASE_NOT_YOURS', 'Your unit does not work this case', {});
  if (row.state === 'closed') throw new DomainError('CONFLICT', 'CASE_IS_CLOSED', 'The case is closed: nothing more is asked on it', {});
  const fromUnit = unitOf(ctx);
  const [city, dept] = input.toUnit.split(':');
  if (!city || !dept || !ctx.alliance.cities.some((c) => c.adcode === city)) throw new DomainError('INVALID', 'UNIT_UNKNOWN', `No unit ${input.toUnit}`, {});
  if (input.toUnit === fromUnit) throw new DomainError('INVALID', 'DATA_REQUEST_SELF', 'A unit does not ask itself', {});
  const id = `dr-${randomUUID()}`;
  const workingDays = input.workingDays ?? DATA_REQUEST_WORKING_DAYS;
  await withEngine(ctx, async (engine) => {
    const request = { id, caseId: row.id, fromUnit, toUnit: input.toUnit, need: input.need.trim(), workingDays, sentBy: ctx.principal.username };
    const sentAt = engine.at.toISOString();
    await engine.start('datarequest', { ...request, sentAt }, actorOf(ctx.principal));
    // its row beside the workflow, with the machine's deadline by the same working-day rule
    await engine.query((tx) => insertDataRequest(tx, { ...request, sentAt: engine.at, dueAt: dataRequestDueAt({ sentAt, workingDays }) }));
  });
  return { requestId: id };
}

async function requestInScope(ctx: SignedInContext, requestId: string) {
  const flow = await findWorkflowOf(ctx.db, 'datarequest', requestId);
  if (!flow) throw new DomainError('NOT_FOUND', 'WORKFLOW_UNKNOWN', `No data request ${requestId}`, { kind: 'datarequest', id: requestId });
  await caseInScope(ctx.db, ctx.principal, flow.view.caseId);
  return flow;
}

/** The asked unit answers with text and files attached to the case beforehand (step `exhibit`, this request's workflow). */
export async function answerDataRequest({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { requestId: string; text: string; attachmentIds?: string[] | undefined };
}): Promise<DispatchResult> {
  const flow = await requestInScope(ctx, input.requestId);
  const ids = input.attachmentIds ?? [];
  if (ids.length > 0) {
    const mine = new Set((await caseAttachments(ctx.db, flow.view.caseId)).map((a) => a.id));
    const stranger = ids.find((a) => !mine.has(a));
    if (stranger) throw new DomainError('INVALID', 'FILE_UNKNOWN', `No file ${stranger} on this case`, {});
  }
  return withEngine(ctx, async (engine) => {
    const result = await engine.dispatch({
      workflowId: flow.id,
      actor: actorOf(ctx.principal),
      event: { type: 'ANSWER', text: input.text, attachmentIds: ids },
    });
    await engine.query((tx) => recordDataAnswer(tx, flow.id, { text: input.text.trim(), attachmentIds: ids, by: ctx.principal.username, at: engine.at }));
    return result;
  });
}

/** The asking unit has read the answer (its inbox task goes), or withdraws an open request. */
export async function closeDataRequest({
  ctx,
  input,
}: {
  ctx: SignedInContext<'clock'>;
  input: { requestId: string; withdraw?: boolean | undefined };
}): Promise<DispatchResult> {
  const flow = await requestInScope(ctx, input.requestId);
  return withEngine(ctx, (engine) =>
    engine.dispatch({ workflowId: flow.id, actor: actorOf(ctx.principal), event: { type: input.withdraw ? 'WITHDRAW' : 'ACKNOWLEDGE' } }),
  );
}

export interface DataRequestItem extends DataRequestView {
  id: string;
  version: number;
  /** when its deadline passed unanswered and it went to the asked city's coordination office */
  escalatedAt: string | null;
}

/** A case's data requests, oldest first (read with the case: the visibility rule). */
export async function caseDataRequests({ ctx, input }: { ctx: SignedInContext; input: { caseId: string } }): Promise<DataRequestItem[]> {
  await caseInScope(ctx.db, ctx.principal, input.caseId);
  const [flows, escalations] = await Promise.all([caseWorkflows(ctx.db, input.caseId), dataRequestEscalations(ctx.db, input.caseId)]);
  return flows.flatMap((f) =>
    f.kind === 'datarequest'
      ? [{ id: f.id, version: f.version, ...(f.view as DataRequestView), escalatedAt: escalations.get(f.id)?.toISOString() ?? null }]
      : [],
  );
}
