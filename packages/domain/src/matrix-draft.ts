import { DomainError } from './errors.ts';
import { diffMatrices, matrixProblems, type Matter, type MatrixVersion } from './matrix.ts';
import type { DepartmentCode, DomainCode, Name, Tier } from './reference.ts';
import { DEPARTMENT_CODES, RESOLUTION_LIMITS } from './reference.ts';

/** The fields of a matter a draft may change. */
export interface MatterPatch {
  lead?: DepartmentCode;
  supports?: DepartmentCode[];
  tier?: Tier;
  legalBasis?: string;
  keywords?: string[];
}
export const PATCH_FIELDS = ['lead', 'supports', 'tier', 'legalBasis', 'keywords'] as const satisfies ReadonlyArray<keyof MatterPatch>;
export type PatchField = (typeof PATCH_FIELDS)[number];

/** A matter a draft adds: the classifier learns it from its examples as soon as the draft is adopted. */
export interface NewMatter {
  code: string;
  domain: DomainCode;
  name: Name;
  lead: DepartmentCode;
  supports: DepartmentCode[];
  tier: Tier;
  legalBasis: string;
  keywords: string[];
  examples: string[];
}

/** One step of a draft amendment, applied in order to the version the draft is based on. */
export type DraftOperation =
  | { op: 'change'; matter: string; set: MatterPatch }
  | { op: 'add'; matter: NewMatter }
  /** the matter takes no new cases: they route to the successor */
  | { op: 'retire'; matter: string; successor: string };

export type DraftOperationKind = DraftOperation['op'];

/** A draft amendment (修订草案): the version it starts from and what it does to it. */
export interface MatrixDraft {
  basedOn: number;
  operations: DraftOperation[];
}

const operationMatter = (o: DraftOperation) => (o.op === 'add' ? o.matter.code : o.matter);

const invalid = (reason: 'DRAFT_OPERATION_INVALID', message: string, params: Record<string, string | number>) =>
  new DomainError('INVALID', reason, message, params);

function applyOne(matters: Matter[], o: DraftOperation, index: number): Matter[] {
  const code = operationMatter(o);
  const at = matters.findIndex((m) => m.code === code);
  const fail = (why: string) => invalid('DRAFT_OPERATION_INVALID', `Operation ${index + 1} (${o.op} ${code}): ${why}`, { operation: index + 1, matter: code });
  if (o.op === 'add') {
    if (at >= 0) throw fail('the matter code is taken');
    const m = o.matter;
    if (!/^[A-Z]{3}-\d{2}$/.test(m.code)) throw fail('a matter code is three capitals, a dash and two digits, such as SAN-05');
    if (!m.name.zh.trim() || !m.name.en.trim()) throw fail('a new matter needs its name in Chinese and English');
    if (m.keywords.length === 0) throw fail('a new matter needs keywords');
    const added: Matter = {
      code: m.code,
      domain: m.domain,
      name: { zh: m.name.zh.trim(), en: m.name.en.trim() },
      lead: m.lead,
      supports: m.supports.filter((s) => s !== m.lead),
      tier: m.tier,
      legalBasis: m.legalBasis,
      keywords: m.keywords,
      joint: false,
      resolution: RESOLUTION_LIMITS[m.tier],
      ...(m.examples.length ? { examples: m.examples } : {}),
    };
    return [...matters, added];
  }
  const current = matters[at];
  if (!current) throw fail('no such matter');
  if (current.successor !== undefined) throw fail('the matter is retired');
  let next: Matter;
  if (o.op === 'retire') {
    const successor = matters.find((m) => m.code === o.successor);
    if (!successor || successor.code === code) throw fail('the successor must be another matter');
    if (successor.successor !== undefined) throw fail('the successor is retired');
    next = { ...current, successor: successor.code };
  } else {
    const set = o.set;
    next = { ...current, ...set };
    // a new lead leaves the supports; the tier's default limit follows a tier change
    next.supports = (set.supports ?? current.supports).filter((s) => s !== next.lead);
    if (set.tier !== undefined && set.tier !== current.tier) next.resolution = RESOLUTION_LIMITS[set.tier];
    for (const d of [next.lead, ...next.supports]) if (!DEPARTMENT_CODES.includes(d)) throw fail(`unknown department ${d}`);
  }
  return matters.map((m, i) => (i === at ? next : m));
}

/** The full list of matters the draft makes of its base version; a bad operation is INVALID, naming it. */
export function applyDraft(base: MatrixVersion, operations: readonly DraftOperation[]): Matter[] {
  return operations.reduce<Matter[]>((matters, o, i) => applyOne(matters, o, i), [...base.matters]);
}

/** The whole proposed matrix, as the what-if replay and the diff view take it. */
export function draftMatrix(base: MatrixVersion, operations: readonly DraftOperation[]): MatrixVersion {
  return { version: base.version + 1, createdAt: base.createdAt, createdBy: base.createdBy, reason: 'draft', matters: applyDraft(base, operations) };
}

/** What a draft's matrix would lack to be adopted (the same check as any version). */
export const draftProblems = (base: MatrixVersion, operations: readonly DraftOperation[]): string[] => matrixProblems(applyDraft(base, operations));

/** Why an operation cannot simply be carried onto a newer version. */
export type ConflictReason = 'same-field' | 'matter-retired' | 'code-taken' | 'successor-retired' | 'matter-changed';

export interface DraftConflict {
  /** position in the draft (0-based) */
  index: number;
  operation: DraftOperation;
  reason: ConflictReason;
  /** the fields the newer version changed too (for `same-field`) */
  fields: string[];
}

/**
 * The operations that clash with what was adopted since the draft's base: a field the newer version
 * changed too, a matter retired meanwhile, a new code now taken, a successor since retired, or a
 * retirement of a matter the newer version changed. Others carry over unchanged.
 */
export function draftConflicts(base: MatrixVersion, latest: MatrixVersion, operations: readonly DraftOperation[]): DraftConflict[] {
  const changed = new Map(diffMatrices(base, latest).map((c) => [c.code, c]));
  const now = new Map(latest.matters.map((m) => [m.code, m]));
  const conflicts: DraftConflict[] = [];
  operations.forEach((operation, index) => {
    const code = operationMatter(operation);
    const clash = (reason: ConflictReason, fields: string[] = []) => conflicts.push({ index, operation, reason, fields });
    if (operation.op === 'add') {
      if (now.has(code)) clash('code-taken');
      return;
    }
    const latestMatter = now.get(code);
    if (!latestMatter || latestMatter.successor !== undefined) return clash('matter-retired');
    const change = changed.get(code);
    if (operation.op === 'retire') {
      const successor = now.get(operation.successor);
      if (!successor || successor.successor !== undefined) return clash('successor-retired');
      if (change) clash('matter-changed', change.change === 'changed' ? change.fields : []);
      return;
    }
    if (change?.change === 'changed') {
      const touched = Object.keys(operation.set);
      // a lead and the supports are one decision: a change of either meets a change of the other
      const near = (f: string) => (f === 'lead' || f === 'supports' ? ['lead', 'supports'] : [f]);
      const fields = change.fields.filter((f) => touched.some((t) => near(t).includes(f)));
      if (fields.length) clash('same-field', fields);
    }
  });
  return conflicts;
}

/** A draft moved onto the latest version: the operations that clash are dropped (the caller shows which). */
export function rebaseDraft(
  base: MatrixVersion,
  latest: MatrixVersion,
  operations: readonly DraftOperation[],
): { operations: DraftOperation[]; dropped: DraftConflict[] } {
  const dropped = draftConflicts(base, latest, operations);
  const drop = new Set(dropped.map((c) => c.index));
  const kept = operations.filter((_, i) => !drop.has(i));
  // what is left must still apply to the newer version
  applyDraft(latest, kept);
  return { operations: kept, dropped };
}

/** A draft may be adopted only on the version it was drafted from. */
export function requireCurrentBase(draft: MatrixDraft, latestVersion: number): void {
  if (draft.basedOn !== latestVersion) {
    throw new DomainError(
      'CONFLICT',
      'DRAFT_STALE',
      `The draft is based on matrix version ${draft.basedOn}; version ${latestVersion} has been adopted since: rebase it first`,
      {
        basedOn: draft.basedOn,
        latest: latestVersion,
      },
    );
  }
}

/**
 * The departments a change concerns: for each changed matter, its lead and supports before and after,
 * and for a retired one its successor's lead (who takes its cases). In department order.
 */
export function affectedDepartments(base: MatrixVersion, matters: readonly Matter[]): DepartmentCode[] {
  const out = new Set<DepartmentCode>();
  const byCode = new Map(matters.map((m) => [m.code, m]));
  for (const c of diffMatrices(base, { ...base, matters: [...matters] })) {
    for (const m of [c.change === 'added' ? null : c.before, c.change === 'removed' ? null : c.after]) {
      if (!m) continue;
      out.add(m.lead);
      for (const s of m.supports) out.add(s);
      const next = m.successor === undefined ? undefined : byCode.get(m.successor);
      if (next) out.add(next.lead);
    }
  }
  return DEPARTMENT_CODES.filter((d) => out.has(d));
}
