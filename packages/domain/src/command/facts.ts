import { addWorkingDays } from '../calendar.ts';
import { FLEXIBLE_MEASURES, type Measure } from '../enforcement.ts';
import type { CaseSource, DomainCode, Tier } from '../reference.ts';
import { RULING_WORKING_DAYS } from '../workflow/dispute.machine.ts';
import { responseWindowMs } from '../workflow/sla.ts';
import type { WorkflowView } from '../workflow/step.ts';

/**
 * What the command centre knows about one case, kept by the engine in the same transaction as each
 * workflow step (or imported from an earlier system), so that no indicator replays history.
 * Times are ISO strings; the database stores them as timestamps.
 */
export interface CaseFacts {
  caseId: string;
  cityAdcode: string;
  countyAdcode: string;
  /** null while the case waits in triage */
  matterCode: string | null;
  domainCode: DomainCode | null;
  source: CaseSource;
  tier: Tier | null;
  /** when the reporter reported it: the period a case belongs to is the period of this instant */
  reportedAt: string;
  /** the first response deadline (the clock keeps running through transfers and re-offers) */
  respondBy: string | null;
  firstClaimAt: string | null;
  /** the unit charged with the response: who claimed it in time, or who held it when the deadline ran out */
  responseUnit: string | null;
  /** the resolution deadline (处置时限), once the case workflow has one */
  resolveBy: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  /** the unit that closed it (the holder at closure) */
  closingUnit: string | null;
  /** the unit answerable now (null once closed) */
  holderUnit: string | null;
  reopened: number;
  transfers: number;
  transfersRejected: number;
  disputes: number;
  disputesRuled: number;
  /** rulings given within the 3 working days */
  disputesRuledInTime: number;
  /** formal supervision orders (督办) issued on the case, and those whose deadline passed unanswered */
  supervisionOrders: number;
  supervisionOverdue: number;
  joint: boolean;
  border: boolean;
  repeat: boolean;
  rating: 'satisfied' | 'unsatisfied' | null;
  /** the result was published to the reporter (status page) when the case closed */
  published: boolean;
  /**
   * The case's enforcement record (one per case; a later resolution replaces it): whether its measure
   * was a non-penalty one (柔性执法: persuasion, warning, order to correct) and whether it departed
   * from the city's discretion standard. null where the case has no record.
   */
  enforcementFlexible: boolean | null;
  enforcementDeviating: boolean | null;
  /**
   * Data requests (数据协查) sent on the case, once judged: answered, or escalated when the deadline
   * passed unanswered. A request still open inside its deadline, or withdrawn in time, is not judged.
   */
  dataRequestsJudged: number;
  /** of those, answered by their deadline */
  dataRequestsOnTime: number;
  /** the unit asked by the latest judged request (the one the information-sharing rate charges) */
  dataRequestUnit: string | null;
  /** imported from an earlier system (`gongzhi import-history`), not worked on the platform */
  historical: boolean;
}

/** The columns a step may change, and how: `set` overwrites, `first` keeps an existing value, `add` increments. */
export interface FactPatch {
  set: Partial<
    Pick<
      CaseFacts,
      | 'holderUnit'
      | 'resolvedAt'
      | 'closedAt'
      | 'closingUnit'
      | 'reopened'
      | 'transfers'
      | 'rating'
      | 'published'
      | 'joint'
      | 'resolveBy'
      | 'supervisionOrders'
      | 'supervisionOverdue'
      | 'dataRequestUnit'
    >
  >;
  first: Partial<Pick<CaseFacts, 'respondBy' | 'firstClaimAt' | 'responseUnit'>>;
  add: Partial<Pick<CaseFacts, 'transfersRejected' | 'disputes' | 'disputesRuled' | 'disputesRuledInTime' | 'dataRequestsJudged' | 'dataRequestsOnTime'>>;
}

const empty = (): FactPatch => ({ set: {}, first: {}, add: {} });

/** The parts of the workflows' views a patch is made from (each kind's documented `view`). */
export type FactStep =
  | {
      kind: 'case';
      view: {
        state: string;
        holder: string;
        respondBy: string;
        claimedAt: string | null;
        resolvedAt: string | null;
        resolution: string | null;
        closedAt: string | null;
        reopened: number;
        transfers: number;
        escalation: number;
        rating: 'satisfied' | 'unsatisfied' | null;
        resolveBy?: string | null | undefined;
        supervisionOrders?: ReadonlyArray<{ overdue: boolean }> | undefined;
      };
    }
  | { kind: 'transfer'; started: boolean; from: string; to: string }
  | { kind: 'dispute'; started: boolean; from: string; to: string; ruledAt: string | null; ruleBy: string }
  | { kind: 'joint'; started: boolean }
  | { kind: 'datarequest'; from: string; to: string; toUnit: string; late: boolean; onTime: boolean | null };

/** What one workflow step changes in its case's facts: a pure function of the step's views. */
export function factPatch(step: FactStep): FactPatch {
  const p = empty();
  switch (step.kind) {
    case 'case': {
      const v = step.view;
      const closed = v.state === 'closed';
      p.set = {
        holderUnit: closed ? null : v.holder,
        resolvedAt: v.resolvedAt,
        closedAt: closed ? v.closedAt : null,
        closingUnit: closed ? v.holder : null,
        reopened: v.reopened,
        transfers: v.transfers,
        rating: v.rating,
        published: closed && v.resolution !== null && v.resolution.trim().length > 0,
      };
      if (v.resolveBy !== undefined) p.set.resolveBy = v.resolveBy;
      if (v.supervisionOrders !== undefined) {
        p.set.supervisionOrders = v.supervisionOrders.length;
        p.set.supervisionOverdue = v.supervisionOrders.filter((o) => o.overdue).length;
      }
      p.first = { respondBy: v.respondBy };
      if (v.claimedAt) p.first = { ...p.first, firstClaimAt: v.claimedAt, responseUnit: v.holder };
      // Level 1 is the breach of the response deadline: whoever holds the case then answers for it.
      else if (v.escalation >= 1) p.first = { ...p.first, responseUnit: v.holder };
      break;
    }
    case 'transfer':
      if (step.from === 'pending' && step.to === 'rejected') p.add.transfersRejected = 1;
      break;
    case 'dispute':
      if (step.started) p.add.disputes = 1;
      if (step.from !== 'ruled' && step.to === 'ruled' && step.ruledAt) {
        p.add.disputesRuled = 1;
        p.add.disputesRuledInTime = step.ruledAt <= step.ruleBy ? 1 : 0;
      }
      break;
    case 'joint':
      if (step.started) p.set.joint = true;
      break;
    case 'datarequest': {
      // judged once: when the deadline passes unanswered (it stays open, now late), or when answered
      // before that escalation (in time, or late but before the overdue timer fired)
      const escalated = step.from === 'open' && step.to === 'open' && step.late;
      const answered = step.from === 'open' && step.to === 'answered' && !step.late;
      if (escalated || answered) {
        p.add.dataRequestsJudged = 1;
        p.add.dataRequestsOnTime = answered && step.onTime === true ? 1 : 0;
        p.set.dataRequestUnit = step.toUnit;
      }
      break;
    }
  }
  return p;
}

/** The patch applied to facts in memory (the engine applies the same patch in SQL). */
export function applyPatch(facts: CaseFacts, patch: FactPatch): CaseFacts {
  const out: CaseFacts = { ...facts, ...patch.set };
  if (patch.first.respondBy !== undefined && out.respondBy === null) out.respondBy = patch.first.respondBy;
  if (patch.first.firstClaimAt !== undefined && out.firstClaimAt === null) out.firstClaimAt = patch.first.firstClaimAt;
  if (patch.first.responseUnit !== undefined && out.responseUnit === null) out.responseUnit = patch.first.responseUnit;
  for (const [k, n] of Object.entries(patch.add) as Array<[keyof FactPatch['add'], number]>) out[k] += n;
  return out;
}

/** A case's audit trail entry, as recorded by the engine (the full history of a case). */
export interface HistoryEntry {
  at: string;
  workflowId: string | null;
  /** `<kind>.start` or `<kind>.<EVENT>` */
  action: string;
  payload: Record<string, unknown>;
}

/** What a case was taken in with (its row), for recomputing its facts from its history. */
export type CaseIntake = Pick<
  CaseFacts,
  'caseId' | 'cityAdcode' | 'countyAdcode' | 'matterCode' | 'domainCode' | 'source' | 'tier' | 'reportedAt' | 'border' | 'repeat'
> &
  /** the resolution deadline the case workflow keeps on the case (extensions and suspensions are not replayed from history) */
  Partial<Pick<CaseFacts, 'resolveBy'>> & {
    /** the case's enforcement record as stored (its measure and deviations are not in the audit trail's events) */
    enforcement?: EnforcementOutcome | null;
  };

/** What the command centre keeps of a case's enforcement record: the measure taken and how it departed from the standard. */
export interface EnforcementOutcome {
  measure: Measure;
  deviations: readonly unknown[];
}

/** The facts of a case with no enforcement record and no judged data request (imported history, for one). */
export const NO_RECORDS_OR_REQUESTS = {
  enforcementFlexible: null,
  enforcementDeviating: null,
  dataRequestsJudged: 0,
  dataRequestsOnTime: 0,
  dataRequestUnit: null,
} as const satisfies Partial<CaseFacts>;

/** The enforcement facts of a case with this record (or none). */
export function enforcementFactsOf(record: EnforcementOutcome | null): Pick<CaseFacts, 'enforcementFlexible' | 'enforcementDeviating'> {
  if (!record) return { enforcementFlexible: null, enforcementDeviating: null };
  return { enforcementFlexible: FLEXIBLE_MEASURES.includes(record.measure), enforcementDeviating: record.deviations.length > 0 };
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/**
 * A case's facts recomputed from its audit trail alone, independently of the engine's incremental
 * path: replaying the recorded transitions in order. Tests assert both paths give the same numbers.
 */
export function factsFromHistory({ enforcement, ...intake }: CaseIntake, history: readonly HistoryEntry[]): CaseFacts {
  const f: CaseFacts = {
    ...intake,
    respondBy: null,
    firstClaimAt: null,
    responseUnit: null,
    resolveBy: intake.resolveBy ?? null,
    resolvedAt: null,
    closedAt: null,
    closingUnit: null,
    holderUnit: null,
    reopened: 0,
    transfers: 0,
    transfersRejected: 0,
    disputes: 0,
    disputesRuled: 0,
    disputesRuledInTime: 0,
    supervisionOrders: 0,
    supervisionOverdue: 0,
    joint: false,
    rating: null,
    published: false,
    historical: false,
    ...NO_RECORDS_OR_REQUESTS,
    ...enforcementFactsOf(enforcement ?? null),
  };
  const requests = new Map<string, { toUnit: string; dueAt: number; late: boolean }>();
  let pendingTo: string | null = null;
  let resolution: string | null = null;
  const ruleBy = new Map<string, number>();
  for (const e of history) {
    const p = e.payload;
    switch (e.action) {
      case 'case.start': {
        f.holderUnit = str(p.lead);
        const offeredAt = str(p.offeredAt) ?? e.at;
        const tier = (str(p.tier) as Tier | null) ?? f.tier;
        if (tier) f.respondBy = new Date(new Date(offeredAt).getTime() + responseWindowMs(tier)).toISOString();
        break;
      }
      case 'case.CLAIM':
        if (f.firstClaimAt === null) {
          f.firstClaimAt = e.at;
          f.responseUnit ??= f.holderUnit;
        }
        break;
      case 'case.ESCALATE':
        f.responseUnit ??= f.holderUnit;
        break;
      case 'case.TRANSFER':
        // the audit payload's `to` is the state reached: a second transfer goes straight to a dispute
        if (p.to === 'disputed') f.transfers += 1;
        break;
      case 'transfer.start':
        pendingTo = str(p.to);
        break;
      case 'case.TRANSFER_ACCEPTED':
        f.transfers += 1;
        if (pendingTo) f.holderUnit = pendingTo;
        pendingTo = null;
        break;
      case 'case.TRANSFER_REJECTED':
        f.transfers += 1;
        pendingTo = null;
        break;
      case 'transfer.REJECT':
        f.transfersRejected += 1;
        break;
      case 'dispute.start':
        f.disputes += 1;
        if (e.workflowId) ruleBy.set(e.workflowId, addWorkingDays(new Date(str(p.openedAt) ?? e.at), RULING_WORKING_DAYS).dueAt.getTime());
        break;
      case 'dispute.RULE':
        if (p.to !== 'ruled' || p.from === 'ruled') break;
        f.disputesRuled += 1;
        if (new Date(e.at).getTime() <= (ruleBy.get(e.workflowId ?? '') ?? -Infinity)) f.disputesRuledInTime += 1;
        break;
      case 'case.RULED':
      case 'case.RELOCATED':
        f.holderUnit = str(p.lead) ?? f.holderUnit;
        break;
      case 'joint.start':
        f.joint = true;
        break;
      case 'datarequest.start':
        if (e.workflowId) {
          const due = addWorkingDays(new Date(str(p.sentAt) ?? e.at), typeof p.workingDays === 'number' ? p.workingDays : 0).dueAt.getTime();
          requests.set(e.workflowId, { toUnit: str(p.toUnit) ?? '', dueAt: due, late: false });
        }
        break;
      case 'datarequest.ANSWER_OVERDUE':
      case 'datarequest.ANSWER': {
        const r = requests.get(e.workflowId ?? '');
        if (!r || r.late || p.from !== 'open') break;
        if (e.action === 'datarequest.ANSWER_OVERDUE') r.late = true;
        else if (p.to !== 'answered') break;
        f.dataRequestsJudged += 1;
        if (e.action === 'datarequest.ANSWER' && new Date(e.at).getTime() <= r.dueAt) f.dataRequestsOnTime += 1;
        f.dataRequestUnit = r.toUnit;
        break;
      }
      case 'case.SUPERVISE':
        f.supervisionOrders += 1;
        break;
      case 'case.SUPERVISION_OVERDUE':
        f.supervisionOverdue += 1;
        break;
      case 'case.RESOLVE':
        // a deviating enforcement record keeps the case in progress until a supervisor approves it
        if (p.to === 'awaitingConfirmation') f.resolvedAt = e.at;
        resolution = str(p.note);
        break;
      case 'case.DECIDE_ENFORCEMENT':
        if (p.to === 'awaitingConfirmation') f.resolvedAt = e.at;
        break;
      case 'case.CONFIRM':
      case 'case.AUTO_CONFIRM':
      case 'case.REOPEN':
        if (p.to === 'closed' && p.from !== 'closed') {
          f.closedAt = e.at;
          f.closingUnit = f.holderUnit;
        }
        if (e.action === 'case.CONFIRM') f.rating = p.satisfied === true ? 'satisfied' : p.satisfied === false ? 'unsatisfied' : f.rating;
        if (p.to === 'inProgress') {
          f.reopened += 1;
          f.rating = 'unsatisfied';
          f.closedAt = null;
          f.closingUnit = null;
        }
        break;
    }
  }
  const closed = f.closedAt !== null;
  if (closed) f.holderUnit = null;
  f.published = closed && resolution !== null && resolution.trim().length > 0;
  return f;
}

/**
 * The fact step of one workflow transition, from its kind's view (`from`: the state before, null
 * when the workflow has just started); null for workflows that change no facts.
 */
export function factStepOf(w: WorkflowView, from: string | null): FactStep | null {
  const started = from === null;
  switch (w.kind) {
    case 'case':
      return { kind: 'case', view: w.view };
    case 'transfer':
      return { kind: 'transfer', started, from: from ?? '', to: w.view.state };
    case 'dispute':
      return { kind: 'dispute', started, from: from ?? '', to: w.view.state, ruledAt: w.view.ruling?.at ?? null, ruleBy: w.view.ruleBy };
    case 'joint':
      return { kind: 'joint', started };
    case 'datarequest':
      return { kind: 'datarequest', from: from ?? '', to: w.view.state, toUnit: w.view.toUnit, late: w.view.late, onTime: w.view.onTime };
    default:
      return null;
  }
}

/** Two steps' patches as one: later values win, first-only values keep the earliest, increments add up. */
export function mergePatches(a: FactPatch, b: FactPatch): FactPatch {
  const add: FactPatch['add'] = { ...a.add };
  for (const [k, v] of Object.entries(b.add) as Array<[keyof FactPatch['add'], number]>) add[k] = (add[k] ?? 0) + v;
  return { set: { ...a.set, ...b.set }, first: { ...b.first, ...a.first }, add };
}

export const isEmptyPatch = (p: FactPatch) => Object.keys(p.set).length + Object.keys(p.first).length + Object.keys(p.add).length === 0;
