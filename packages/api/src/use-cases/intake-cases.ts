import { randomBytes, randomUUID } from 'node:crypto';
import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_CONFIRM_WINDOW_MS,
  DEFAULT_REPEAT_WINDOW_DAYS,
  DomainError,
  decideMatter,
  findMatter,
  intakeLabel,
  placeCase,
  routePlaced,
  routedCaseStarts,
  triageWorkflowId,
  type Actor,
  type CaseSource,
  type Clock,
  type MatrixVersion,
  type PlaceRequest,
  type Placement,
  type Route,
  type Suggestion,
  type TriageInput,
} from '@gongzhi/domain';
import {
  actorName,
  findRepeats,
  hashCode,
  loadMatrixInForce,
  queueIntakeLabels,
  takenExternalRefs,
  withEngine,
  type Database,
  type NewCaseRow,
} from '@gongzhi/db';
import type { UseCaseContext } from '../context.ts';
import { intakeContextOf, intakeQueueFor } from '../intake-queue.ts';

/** What intake needs, whichever channel the case comes by. */
export type IntakeContext = UseCaseContext<'clock' | 'alliance' | 'confirmWindowMs' | 'classifier' | 'confidenceThreshold' | 'repeatWindowDays'>;

export interface IntakeInput extends PlaceRequest {
  /** the matter when the intake knows it; without one the case waits in the city's triage queue */
  matter?: string | undefined;
  /** guesses shown to the coordinator who triages it (from the complaint text) */
  suggestions?: Suggestion[] | undefined;
  /** why a case with guesses still goes to triage */
  triageReason?: TriageInput['reason'] | undefined;
  description: string;
  address?: string | undefined;
  reporterName?: string | undefined;
  reporterPhone?: string | undefined;
  reporterEmail?: string | undefined;
  source: CaseSource;
  /** the order number in the system it came from (`12345:<order>`): a second intake of it is refused */
  externalRef?: string | undefined;
  /** when it was reported, if earlier than now (a hotline order's time) */
  reportedAt?: Date | undefined;
  attributes?: Record<string, string> | undefined;
  mediaUrl?: string | undefined;
  /** placed from a written address only (a district's centre): too coarse to link repeats by distance */
  approximate?: boolean | undefined;
}

/** One case to take in, and who brings it (an operator, an Open311 client, an import). */
export interface IntakeItem {
  input: IntakeInput;
  actor: Actor;
}

export interface IntakeResult {
  caseId: string;
  number: number;
  /** null when the case went to triage */
  route: Route | null;
  placement: Placement;
  /** the earlier case this one repeats (重复投诉), if any */
  repeatOf: string | null;
  /** the classifier's guesses when no matter was given */
  suggestions: Suggestion[];
  /** given to the reporter once, with the case number: lets them rate the result (only its hash is kept) */
  publicCode: string;
}

export type IntakeOutcome = { ok: true; result: IntakeResult } | { ok: false; error: unknown };

interface Accepted {
  index: number;
  item: IntakeItem;
  caseId: string;
  place: Placement;
  route: Route | null;
  suggestions: Suggestion[];
  triageReason: TriageInput['reason'] | null;
  confidence: number | null;
  /** the classifier's top guess when an operator gave another matter (a correction for it) */
  overridden: string | null;
}

/**
 * New cases: each routed under the latest matrix, stored, offered to the lead unit with its
 * response timer, referred to the coordinator of the city where it is when reported elsewhere,
 * and the neighbouring cities informed when it lies within 2 km of them. All the cases given go
 * in one transaction (a case that cannot be routed is answered alone and stores nothing).
 */
export async function intakeCases({ ctx, input }: { ctx: IntakeContext; input: readonly IntakeItem[] }): Promise<IntakeOutcome[]> {
  const now = ctx.clock.now();
  // the version in force at intake: one adopted for a later moment takes over at that moment
  const matrix = await loadMatrixInForce(ctx.db, now);
  const clock = { now: () => now };
  const outcomes: IntakeOutcome[] = [];
  const accepted: Accepted[] = [];
  for (const [index, item] of input.entries()) {
    try {
      accepted.push({ index, item, caseId: randomUUID(), ...decide(ctx, matrix, item, clock) });
      outcomes.push({ ok: false, error: new Error('not stored') });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  await store(ctx, matrix, now, accepted, outcomes);
  return outcomes;
}

/**
 * Batches of one process take turns for what must see the batch before them: the read of the cases
 * they may repeat (and of the orders taken in before), and their one write. A batch takes its place
 * when it comes to be stored, so the turns go in the order the batches came; what does not depend
 * on the batches before, the workflows' starts (most of a batch's work in the process), it does
 * while it waits, as the batch before it is being written. Each batch's read thus sees the cases of
 * the batches before it. (Within a process, that is; a batch of another server process committing
 * meanwhile is not seen, as a transaction would not see it either.)
 */
const turns = new WeakMap<Database, Promise<void>>();
interface Turn {
  /** settles when every batch that took its place before this one is done */
  ready: Promise<void>;
  /** this batch is done (stored or failed): the next may go */
  done(): void;
}
function takeTurn(db: Database): Turn {
  let done!: () => void;
  const mine = new Promise<void>((resolve) => (done = resolve));
  const ready = turns.get(db) ?? Promise.resolve();
  turns.set(
    db,
    ready.then(() => mine),
  );
  return { ready, done };
}

/** An order of the batch was taken in by a batch that committed after this one first looked. */
class TakenMeanwhile extends Error {}

/** Stores the accepted cases in the batch's turn, setting their outcomes. */
async function store(ctx: IntakeContext, matrix: MatrixVersion, now: Date, accepted: Accepted[], outcomes: IntakeOutcome[]): Promise<void> {
  const turn = takeTurn(ctx.db);
  try {
    await storeIn(turn, ctx, matrix, now, accepted, outcomes);
  } finally {
    turn.done();
  }
}

async function storeIn(turn: Turn, ctx: IntakeContext, matrix: MatrixVersion, now: Date, accepted: Accepted[], outcomes: IntakeOutcome[]): Promise<void> {
  const clock = { now: () => now };
  const refsOf = (batch: readonly Accepted[]) => batch.flatMap((a) => (a.item.input.externalRef === undefined ? [] : [a.item.input.externalRef]));
  const known = await takenExternalRefs(ctx.db, refsOf(accepted));
  const fresh = accepted.filter((a) => {
    const ref = a.item.input.externalRef;
    if (ref === undefined || !known.has(ref)) return true;
    outcomes[a.index] = { ok: false, error: alreadyImported(ref) };
    return false;
  });
  if (fresh.length === 0) return;
  try {
    await withEngine({ db: ctx.db, clock }, async (engine) => {
      // While the batches before it are stored: its workflows' starts, which nothing they store changes.
      // The case workflow comes first and starts the case's audit chain (its row is written with it).
      for (const { item, place, route, caseId, suggestions, triageReason } of fresh) {
        if (route) {
          const starts = routedCaseStarts({
            ...routedCaseOf(matrix, route),
            caseId,
            referredFrom: route.crossCity ? route.reportedIn?.adcode : undefined,
            at: route.routedAt,
            confirmWindowMs: ctx.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS,
          });
          for (const [i, s] of starts.entries()) await engine.start(s.kind, s.input, item.actor, { newCase: i === 0 });
        } else {
          const triage: TriageInput = {
            id: triageWorkflowId(caseId),
            caseId,
            cityAdcode: place.city.adcode,
            reason: triageReason ?? 'no-matter',
            suggestions,
            openedAt: engine.at.toISOString(),
            confirmWindowMs: ctx.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS,
          };
          await engine.start('triage', triage, item.actor, { newCase: true });
        }
      }
      // An operator who chose another matter than the classifier's guess corrected it: a label to learn from.
      const labels = fresh.flatMap((a) => {
        const label = a.route && a.overridden ? intakeLabel(a.caseId, a.route.matter.code, a.overridden) : null;
        return label ? [{ label, actor: actorName(a.item.actor), text: a.item.input.description }] : [];
      });
      queueIntakeLabels(engine.writes, labels, engine.at);
      await turn.ready;
      // An order first seen free was taken in by a batch committed since: the batch goes again, in its turn.
      const refs = refsOf(fresh);
      if (refs.length > 0 && (await takenExternalRefs(ctx.db, refs)).size > 0) throw new TakenMeanwhile();
      // One read (the cases these repeat, committed ones and earlier ones of this batch, and the new
      // cases' numbers), then every write of the batch goes as one statement.
      const routed = fresh.flatMap((a) =>
        a.route && !a.item.input.approximate ? [{ caseId: a.caseId, matterCode: a.route.matter.code, ...a.place.point }] : [],
      );
      const { repeats, numbers } = await findRepeats(ctx.db, routed, now, ctx.repeatWindowDays ?? DEFAULT_REPEAT_WINDOW_DAYS, fresh.length);
      const stored = fresh.map((a, i) => {
        const number = numbers[i];
        if (number === undefined) throw new Error(`no case number was reserved for ${a.caseId}`);
        return { ...a, number, repeatOf: repeats.get(a.caseId) ?? null, publicCode: newPublicCode() };
      });
      engine.insertCases(stored.map((a) => newCaseRow(a, engine.at)));
      // The unit working the original sees the repeat count change.
      for (const { repeatOf } of stored) if (repeatOf) engine.announceCase(repeatOf);
      await engine.commit();
      for (const { index, place, route, caseId, number, suggestions, repeatOf, publicCode } of stored)
        outcomes[index] = { ok: true, result: { caseId, number, route, placement: place, repeatOf, suggestions, publicCode } };
    });
  } catch (error) {
    if (!(error instanceof TakenMeanwhile)) throw error;
    await storeIn(turn, ctx, matrix, now, fresh, outcomes);
  }
}

/** The row of a new case whose number was reserved and whose repeat was looked for. */
function newCaseRow(
  {
    item: { input },
    place,
    route,
    caseId,
    number,
    confidence,
    repeatOf,
    publicCode,
  }: Accepted & { number: number; repeatOf: string | null; publicCode: string },
  at: Date,
): NewCaseRow {
  return {
    id: caseId,
    number,
    matterCode: route?.matter.code ?? null,
    matrixVersion: route?.matrixVersion ?? null,
    cityAdcode: place.city.adcode,
    countyAdcode: place.county.adcode,
    lon: place.point.lon,
    lat: place.point.lat,
    address: input.address ?? null,
    description: input.description,
    reporterName: input.reporterName ?? null,
    reporterPhone: input.reporterPhone ?? null,
    reporterEmail: input.reporterEmail ?? null,
    source: input.source,
    reportedIn: place.reportedIn?.adcode ?? null,
    borderCities: place.borderCities.map((c) => c.adcode),
    crossCity: place.crossCity,
    tier: route?.tier ?? null,
    createdAt: at,
    state: route ? 'offered' : 'triage',
    holderUnit: route?.lead.id ?? null,
    externalRef: input.externalRef ?? null,
    reportedAt: input.reportedAt ?? null,
    attributes: input.attributes ?? null,
    mediaUrl: input.mediaUrl ?? null,
    matterConfidence: confidence,
    repeatOf,
    publicCodeHash: hashCode(publicCode),
  };
}

/**
 * One new case (see `intakeCases`); bad input throws its DomainError. It joins the process's group
 * commit for the database: alone it goes at once; cases taken in while others are being written go
 * together in the next transaction (the import and the seed taking in 50 at a time, say).
 */
export function intakeCase({ ctx, input }: { ctx: IntakeContext; input: IntakeItem }): Promise<IntakeResult> {
  return intakeQueueFor(ctx).submit(input.input, input.actor, intakeContextOf(ctx));
}

/** A route as the workflows need it: the lead and supports as units, and their departments. */
export function routedCaseOf(matrix: MatrixVersion, route: Route) {
  const matter = findMatter(matrix, route.matter.code);
  return {
    matterCode: matter.code,
    cityAdcode: route.city.adcode,
    tier: route.tier,
    lead: route.lead.id,
    supports: route.supports.map((s) => s.id),
    leadDepartment: matter.lead,
    supportDepartments: matter.supports,
    borderCities: route.borderCities.map((c) => c.adcode),
    resolutionLimit: route.resolutionLimit,
  };
}

/**
 * Where the case is and who gets it: the matter given, or the classifier's top guess when it is
 * confident enough, or nobody yet (triage). Bad input throws here and stores nothing.
 */
function decide(
  ctx: IntakeContext,
  matrix: MatrixVersion,
  { input, actor }: IntakeItem,
  clock: Clock,
): Pick<Accepted, 'place' | 'route' | 'suggestions' | 'triageReason' | 'confidence' | 'overridden'> {
  if (input.matter !== undefined && input.triageReason === undefined) findMatter(matrix, input.matter);
  const place = placeCase(ctx.alliance, input);
  const route = (matterCode: string) => routePlaced({ matrix, alliance: ctx.alliance, clock }, place, matterCode);
  const known = (s: Suggestion) => matrix.matters.some((m) => m.code === s.matterCode);
  if (input.triageReason !== undefined)
    return { place, route: null, suggestions: input.suggestions ?? [], triageReason: input.triageReason, confidence: null, overridden: null };
  if (input.matter !== undefined) {
    // What the classifier would have said, when a person chose (an import's category mapping is no correction).
    const guess = actor.kind === 'user' ? ctx.classifier?.suggest(input.description).find(known) : undefined;
    const overridden = guess && guess.matterCode !== input.matter ? guess.matterCode : null;
    return { place, route: route(input.matter), suggestions: [], triageReason: null, confidence: null, overridden };
  }
  const suggestions = (ctx.classifier?.suggest(input.description) ?? []).filter(known);
  const decision = decideMatter(suggestions, ctx.confidenceThreshold ?? ctx.classifier?.threshold ?? DEFAULT_CONFIDENCE_THRESHOLD);
  if ('matter' in decision)
    return { place, route: route(decision.matter), suggestions, triageReason: null, confidence: suggestions[0]?.confidence ?? null, overridden: null };
  return { place, route: null, suggestions, triageReason: decision.triage, confidence: null, overridden: null };
}

const alreadyImported = (ref: string) => new DomainError('CONFLICT', 'ALREADY_IMPORTED', `${ref} was taken in before`, { ref });

/** Eight characters from an unambiguous alphabet, read out or texted to the reporter. */
function newPublicCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}
