import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Alliance } from '@gongzhi/geo';
import { and, between, eq, gte, inArray, isNull, or, type SQL } from 'drizzle-orm';
import {
  DEFAULT_CONFIDENCE_THRESHOLD,
  DEFAULT_REPEAT_WINDOW_DAYS,
  DomainError,
  decideMatter,
  findMatter,
  findRepeatOf,
  searchBox,
  type EarlierCase,
  placeCase,
  routePlaced,
  type Actor,
  type Clock,
  type MatrixVersion,
  type PlaceRequest,
  type Placement,
  type Route,
  type Suggestion,
  type TriageInput,
  type TriageRoute,
} from '@gongzhi/domain';
import type { Database } from '../client.ts';
import { cases } from '../schema/index.ts';
import { loadMatrix } from '../repositories/matrix.repository.ts';
import { withEngine, type DispatchResult } from './engine.ts';

export const CASE_SOURCES = ['hotline', 'app', 'patrol', 'sensor'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** How long a reporter has to confirm a resolution before it is confirmed for them (双向确认). */
export const DEFAULT_CONFIRM_WINDOW_MS = 72 * 3_600_000;

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

/** Guesses a complaint's matter (the classifier of @gongzhi/nlp). */
export interface MatterSuggester {
  suggest(text: string): Suggestion[];
}

export interface IntakeDeps {
  db: Database;
  clock: Clock;
  alliance: Alliance;
  confirmWindowMs?: number | undefined;
  /** without one, a case without a matter always goes to triage */
  classifier?: MatterSuggester | undefined;
  confidenceThreshold?: number | undefined;
  repeatWindowDays?: number | undefined;
}

export type IntakeOutcome = { ok: true; result: IntakeResult } | { ok: false; error: unknown };

/**
 * New cases: each routed under the latest matrix, stored, offered to the lead unit with its
 * response timer, referred to the coordinator of the city where it is when reported elsewhere,
 * and the neighbouring cities informed when it lies within 2 km of them. All the cases given go
 * in one transaction (a case that cannot be routed is answered alone and stores nothing).
 */
export async function intakeCases(deps: IntakeDeps, items: Array<{ input: IntakeInput; actor: Actor }>): Promise<IntakeOutcome[]> {
  const matrix = await loadMatrix(deps.db);
  const now = deps.clock.now();
  const clock = { now: () => now };
  const outcomes: IntakeOutcome[] = [];
  const accepted: Accepted[] = [];
  for (const [index, { input, actor }] of items.entries()) {
    try {
      accepted.push({ index, input, actor, caseId: randomUUID(), ...decide(deps, matrix, input, clock) });
      outcomes.push({ ok: false, error: new Error('not stored') });
    } catch (error) {
      outcomes.push({ ok: false, error });
    }
  }
  const known = await alreadyTaken(deps.db, accepted);
  const fresh = accepted.filter((a) => {
    if (!a.input.externalRef || !known.has(a.input.externalRef)) return true;
    outcomes[a.index] = { ok: false, error: alreadyImported(a.input.externalRef) };
    return false;
  });
  if (fresh.length === 0) return outcomes;
  await withEngine({ db: deps.db, clock }, async (engine) => {
    const routed = fresh.filter((a) => a.route && !a.input.approximate).map((a) => ({ caseId: a.caseId, matterCode: a.route!.matter.code, ...a.place.point }));
    const repeats = await findRepeats(engine.tx, routed, now, deps.repeatWindowDays ?? DEFAULT_REPEAT_WINDOW_DAYS);
    for (const a of fresh) a.repeatOf = repeats.get(a.caseId) ?? null;
    const codes = fresh.map(() => newPublicCode());
    const numbers = await engine.tx
      .insert(cases)
      .values(
        fresh.map(({ input, place, route, caseId, confidence, repeatOf }, i) => ({
          id: caseId,
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
          createdAt: engine.at,
          state: route ? 'offered' : 'triage',
          holderUnit: route?.lead.id ?? null,
          externalRef: input.externalRef ?? null,
          reportedAt: input.reportedAt ?? null,
          attributes: input.attributes ?? null,
          mediaUrl: input.mediaUrl ?? null,
          matterConfidence: confidence,
          repeatOf: repeatOf ?? null,
          publicCodeHash: hashCode(codes[i]!),
        })),
      )
      .returning({ id: cases.id, number: cases.number });
    const numberOf = new Map(numbers.map((r) => [r.id, r.number]));
    for (const [i, { index, actor, place, route, caseId, suggestions, triageReason, repeatOf }] of fresh.entries()) {
      if (route) await startRouted(engine, deps, matrix, caseId, route, actor);
      else {
        const triage: TriageInput = {
          id: triageWorkflowId(caseId),
          caseId,
          cityAdcode: place.city.adcode,
          reason: triageReason ?? 'no-matter',
          suggestions,
          openedAt: engine.at.toISOString(),
          confirmWindowMs: deps.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS,
        };
        await engine.start('triage', { ...triage }, actor, { newCase: true });
      }
      // The unit working the original sees the repeat count change.
      if (repeatOf) engine.touchCase(repeatOf);
      outcomes[index] = {
        ok: true,
        result: { caseId, number: numberOf.get(caseId)!, route, placement: place, repeatOf: repeatOf ?? null, suggestions, publicCode: codes[i]! },
      };
    }
  });
  return outcomes;
}

interface Accepted {
  index: number;
  input: IntakeInput;
  actor: Actor;
  caseId: string;
  place: Placement;
  route: Route | null;
  suggestions: Suggestion[];
  triageReason: TriageInput['reason'] | null;
  confidence: number | null;
  repeatOf?: string | null;
}

/**
 * Where the case is and who gets it: the matter given, or the classifier's top guess when it is
 * confident enough, or nobody yet (triage). Bad input throws here and stores nothing.
 */
function decide(deps: IntakeDeps, matrix: MatrixVersion, input: IntakeInput, clock: Clock): Omit<Accepted, 'index' | 'input' | 'actor' | 'caseId'> {
  if (input.matter !== undefined && input.triageReason === undefined) findMatter(matrix, input.matter);
  const place = placeCase(deps.alliance, input);
  const route = (matterCode: string) => routePlaced({ matrix, alliance: deps.alliance, clock }, place, matterCode);
  if (input.triageReason !== undefined) return { place, route: null, suggestions: input.suggestions ?? [], triageReason: input.triageReason, confidence: null };
  if (input.matter !== undefined) return { place, route: route(input.matter), suggestions: [], triageReason: null, confidence: null };
  const suggestions = (deps.classifier?.suggest(input.description) ?? []).filter((s) => matrix.matters.some((m) => m.code === s.matterCode));
  const decision = decideMatter(suggestions, deps.confidenceThreshold ?? DEFAULT_CONFIDENCE_THRESHOLD);
  if ('matter' in decision) return { place, route: route(decision.matter), suggestions, triageReason: null, confidence: suggestions[0]!.confidence };
  return { place, route: null, suggestions, triageReason: decision.triage, confidence: null };
}

const alreadyImported = (ref: string) => new DomainError('CONFLICT', 'ALREADY_IMPORTED', `${ref} was taken in before`, { ref });

async function alreadyTaken(db: Database, items: Accepted[]): Promise<Set<string>> {
  const refs = items.map((a) => a.input.externalRef).filter((r): r is string => r !== undefined);
  if (refs.length === 0) return new Set();
  const rows = await db.select({ ref: cases.externalRef }).from(cases).where(inArray(cases.externalRef, refs));
  return new Set(rows.map((r) => r.ref!));
}

/** The case each new routed case repeats, among stored cases and the earlier new ones (same batch). */
async function findRepeats(
  tx: Database,
  items: Array<{ caseId: string; matterCode: string; lon: number; lat: number }>,
  at: Date,
  windowDays: number,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  if (items.length === 0) return found;
  const cutoff = new Date(at.getTime() - windowDays * 86_400_000);
  const near: SQL[] = items.map((a) => {
    const box = searchBox(a.lon, a.lat);
    return and(eq(cases.matterCode, a.matterCode), between(cases.lat, box.minLat, box.maxLat), between(cases.lon, box.minLon, box.maxLon))!;
  });
  const seen: EarlierCase[] = await tx
    .select({ id: cases.id, matterCode: cases.matterCode, lon: cases.lon, lat: cases.lat, closedAt: cases.closedAt, repeatOf: cases.repeatOf })
    .from(cases)
    .where(and(or(...near), or(isNull(cases.closedAt), gte(cases.closedAt, cutoff))));
  // The first cases of the chains found, which may lie further away.
  const roots = [...new Set(seen.map((e) => e.repeatOf).filter((id): id is string => id !== null && !seen.some((e) => e.id === id)))];
  if (roots.length > 0) {
    seen.push(
      ...(await tx
        .select({ id: cases.id, matterCode: cases.matterCode, lon: cases.lon, lat: cases.lat, closedAt: cases.closedAt, repeatOf: cases.repeatOf })
        .from(cases)
        .where(inArray(cases.id, roots))),
    );
  }
  for (const a of items) {
    const repeatOf = findRepeatOf(
      { ...a, at },
      seen.filter((e) => e.id !== a.caseId),
      windowDays,
    );
    if (repeatOf) found.set(a.caseId, repeatOf);
    seen.push({ id: a.caseId, matterCode: a.matterCode, lon: a.lon, lat: a.lat, closedAt: null, repeatOf });
  }
  return found;
}

/** Eight characters from an unambiguous alphabet, read out or texted to the reporter. */
function newPublicCode(): string {
  const alphabet = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
  return [...randomBytes(8)].map((b) => alphabet[b % alphabet.length]).join('');
}

export const hashCode = (code: string) => createHash('sha256').update(code.trim().toUpperCase()).digest('hex');

export const triageWorkflowId = (caseId: string) => `${caseId}:triage`;

type Scope = Parameters<Parameters<typeof withEngine>[1]>[0];

/** A routed case: offered to the lead unit, referred and bordering cities brought in. */
async function startRouted(engine: Scope, deps: IntakeDeps, matrix: MatrixVersion, caseId: string, route: Route, actor: Actor): Promise<void> {
  const matter = findMatter(matrix, route.matter.code);
  await engine.start(
    'case',
    {
      id: caseId,
      caseId,
      matterCode: route.matter.code,
      cityAdcode: route.city.adcode,
      tier: route.tier,
      lead: route.lead.id,
      supports: route.supports.map((s) => s.id),
      offeredAt: route.routedAt,
      confirmWindowMs: deps.confirmWindowMs ?? DEFAULT_CONFIRM_WINDOW_MS,
    },
    actor,
    { newCase: true },
  );
  const crossCityInput = { caseId, homeCity: route.city.adcode, leadDepartment: matter.lead, supportDepartments: matter.supports, openedAt: route.routedAt };
  if (route.crossCity) {
    await engine.start('crosscity', { ...crossCityInput, mode: 'referral', otherCities: [route.reportedIn!.adcode] }, actor);
  }
  if (route.borderCities.length > 0) {
    await engine.start('crosscity', { ...crossCityInput, mode: 'border', otherCities: route.borderCities.map((c) => c.adcode) }, actor);
  }
}

/**
 * A coordinator names the matter of a case waiting in triage: it is routed under the latest
 * matrix from where it is, and offered to the lead unit like any other case.
 */
export async function routeTriagedCase(
  deps: IntakeDeps,
  input: { caseId: string; matterCode: string; actor: Actor; expectedVersion?: number | undefined },
): Promise<DispatchResult> {
  const [row] = await deps.db.select().from(cases).where(eq(cases.id, input.caseId));
  if (!row) throw new DomainError('NOT_FOUND', 'CASE_UNKNOWN', `No case ${input.caseId}`, {});
  if (row.state !== 'triage') throw new DomainError('CONFLICT', 'CASE_ALREADY_ROUTED', `Case ${row.number} is already routed`, { number: row.number });
  const matrix = await loadMatrix(deps.db);
  const place = placeCase(deps.alliance, { lon: row.lon, lat: row.lat, ...(row.reportedIn ? { reportedIn: row.reportedIn } : {}) });
  const route = routePlaced({ matrix, alliance: deps.alliance, clock: deps.clock }, place, input.matterCode);
  const matter = findMatter(matrix, route.matter.code);
  const triageRoute: TriageRoute = {
    matterCode: matter.code,
    tier: matter.tier,
    lead: route.lead.id,
    supports: route.supports.map((s) => s.id),
    leadDepartment: matter.lead,
    supportDepartments: matter.supports,
    borderCities: route.borderCities.map((c) => c.adcode),
  };
  return withEngine({ db: deps.db, clock: deps.clock }, async (engine) => {
    const result = await engine.dispatch({
      workflowId: triageWorkflowId(row.id),
      event: { type: 'ROUTE', route: triageRoute },
      actor: input.actor,
      expectedVersion: input.expectedVersion,
    });
    // The guard passed: the case row takes its matter and is offered (as intake writes a routed case).
    const repeats = await findRepeats(
      engine.tx,
      [{ caseId: row.id, matterCode: matter.code, lon: row.lon, lat: row.lat }],
      engine.at,
      deps.repeatWindowDays ?? DEFAULT_REPEAT_WINDOW_DAYS,
    );
    const repeatOf = repeats.get(row.id) ?? null;
    await engine.tx
      .update(cases)
      .set({ matterCode: matter.code, matrixVersion: matrix.version, tier: matter.tier, state: 'offered', holderUnit: route.lead.id, repeatOf })
      .where(eq(cases.id, row.id));
    if (repeatOf) engine.touchCase(repeatOf);
    return result;
  });
}

/** One new case (see `intakeCases`); bad input throws its DomainError. */
export async function intakeCase(deps: IntakeDeps, input: IntakeInput, actor: Actor): Promise<IntakeResult> {
  const [outcome] = await intakeCases(deps, [{ input, actor }]);
  if (!outcome!.ok) throw outcome!.error;
  return outcome!.result;
}
