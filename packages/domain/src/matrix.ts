import type { DepartmentCode, DomainCode, Name, ResolutionLimit, Tier } from './reference.ts';
import { DEPARTMENT_CODES, DOMAIN_CODES, RESOLUTION_UNITS } from './reference.ts';
import { DomainError } from './errors.ts';

/** One line of the responsibility list (职责清单). */
export interface Matter {
  code: string;
  domain: DomainCode;
  name: Name;
  lead: DepartmentCode;
  supports: DepartmentCode[];
  tier: Tier;
  legalBasis: string;
  keywords: string[];
  /** Needs joint enforcement (联合执法) by lead and supports. */
  joint: boolean;
  /** How long the holder has to resolve a claimed case (处置时限), counted on the working-day calendar. */
  resolution: ResolutionLimit;
  /**
   * Example complaints the classifier learns the matter from at once (written with an amendment that
   * adds or sharpens a matter); none for the matters of version 1, which the shipped texts cover.
   */
  examples?: string[];
  /**
   * Retired (撤销): the matter whose lead now answers for this one. A retired matter stays in the
   * version so old cases and the classifier's older guesses still resolve; routing follows it.
   */
  successor?: string;
}

/** A version of the matrix: who decided it, when and why, and the full list of matters. */
export interface MatrixVersion {
  version: number;
  createdAt: string;
  createdBy: string;
  reason: string;
  /** from when intake routes by it (stored versions; a draft's proposed matrix has none) */
  effectiveAt?: string;
  matters: readonly Matter[];
}

export type MatterRole = 'lead' | 'support';

export interface GridCell {
  department: DepartmentCode;
  domain: DomainCode;
  entries: Array<{ matter: string; role: MatterRole }>;
}

export function findMatter(matrix: MatrixVersion, code: string): Matter {
  const matter = matrix.matters.find((m) => m.code === code);
  if (!matter) {
    throw new DomainError('INVALID', 'MATTER_UNKNOWN', `Unknown matter "${code}" in matrix version ${matrix.version}`, {
      matter: code,
      version: matrix.version,
    });
  }
  return matter;
}

/**
 * The matter a case of `code` is routed by: the matter itself, or its successor when it is retired
 * (the soundness check forbids a successor that is itself retired, so one hop is enough).
 */
export function routingMatter(matrix: MatrixVersion, code: string): Matter {
  const matter = findMatter(matrix, code);
  return matter.successor === undefined ? matter : findMatter(matrix, matter.successor);
}

/** The matters that take new cases (retired ones only forward them). */
export const activeMatters = (matters: readonly Matter[]): Matter[] => matters.filter((m) => m.successor === undefined);

/** The 12 departments × 8 domains view: each cell lists the department's role in the domain's matters. */
export function buildGrid(matrix: MatrixVersion): GridCell[][] {
  return DEPARTMENT_CODES.map((department) =>
    DOMAIN_CODES.map((domain) => ({
      department,
      domain,
      entries: activeMatters(matrix.matters)
        .filter((m) => m.domain === domain && (m.lead === department || m.supports.includes(department)))
        .map((m) => ({ matter: m.code, role: m.lead === department ? ('lead' as const) : ('support' as const) })),
    })),
  );
}

/** Everything that makes a matrix unusable for routing; empty when it is sound. */
export function matrixProblems(matters: readonly Matter[]): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  for (const m of matters) {
    if (seen.has(m.code)) problems.push(`matter code ${m.code} is used twice`);
    seen.add(m.code);
    if (!DOMAIN_CODES.includes(m.domain)) problems.push(`${m.code}: unknown domain ${m.domain}`);
    if (!DEPARTMENT_CODES.includes(m.lead)) problems.push(`${m.code}: unknown lead ${m.lead}`);
    if (m.supports.includes(m.lead)) problems.push(`${m.code}: the lead ${m.lead} is also listed as a support`);
    if (new Set(m.supports).size !== m.supports.length) problems.push(`${m.code}: a support is listed twice`);
    for (const s of m.supports) if (!DEPARTMENT_CODES.includes(s)) problems.push(`${m.code}: unknown support ${s}`);
    if (!RESOLUTION_UNITS.includes(m.resolution.unit) || !Number.isInteger(m.resolution.amount) || m.resolution.amount < 1) {
      problems.push(`${m.code}: the resolution limit must be a whole number (at least 1) of working hours or working days`);
    }
  }
  const byCode = new Map(matters.map((m) => [m.code, m]));
  for (const m of matters) {
    if (m.successor === undefined) continue;
    const next = byCode.get(m.successor);
    if (!next) problems.push(`${m.code}: its successor ${m.successor} is not a matter`);
    else if (next.successor !== undefined) problems.push(`${m.code}: its successor ${m.successor} is retired too`);
  }
  const active = activeMatters(matters);
  for (const d of DEPARTMENT_CODES) {
    if (!active.some((m) => m.lead === d || m.supports.includes(d))) problems.push(`department ${d} neither leads nor supports any matter`);
  }
  for (const d of DOMAIN_CODES) {
    if (!active.some((m) => m.domain === d)) problems.push(`domain ${d} has no matter`);
  }
  return problems;
}

export type MatterField = Exclude<keyof Matter, 'code'>;
export type MatterChange =
  | { code: string; change: 'added'; after: Matter }
  | { code: string; change: 'removed'; before: Matter }
  | { code: string; change: 'changed'; before: Matter; after: Matter; fields: MatterField[] };

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const MATTER_FIELDS: readonly MatterField[] = [
  'domain',
  'name',
  'lead',
  'supports',
  'tier',
  'legalBasis',
  'keywords',
  'joint',
  'resolution',
  'examples',
  'successor',
];
/** A field's value for comparison: a matter without examples has none. */
const fieldOf = (m: Matter, f: MatterField): unknown => (f === 'examples' ? (m.examples ?? []) : f === 'successor' ? (m.successor ?? null) : m[f]);

/** What changed from one matrix version to another, matter by matter, in code order. */
export function diffMatrices(from: MatrixVersion, to: MatrixVersion): MatterChange[] {
  const before = new Map(from.matters.map((m) => [m.code, m]));
  const after = new Map(to.matters.map((m) => [m.code, m]));
  const codes = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: MatterChange[] = [];
  for (const code of codes) {
    const a = before.get(code);
    const b = after.get(code);
    if (!a) {
      if (b) changes.push({ code, change: 'added', after: b });
    } else if (!b) changes.push({ code, change: 'removed', before: a });
    else {
      const fields = MATTER_FIELDS.filter((f) => !sameValue(fieldOf(a, f), fieldOf(b, f)));
      if (fields.length > 0) changes.push({ code, change: 'changed', before: a, after: b, fields });
    }
  }
  return changes;
}
