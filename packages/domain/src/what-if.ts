import { routingMatter, type MatrixVersion } from './matrix.ts';
import { DEPARTMENT_CODES, unitId, type DepartmentCode } from './reference.ts';

/**
 * What-if replay of a matrix draft (数字孪生): re-route a window of history under the proposed matrix
 * and under the version it is based on, and say who would have carried which cases.
 *
 * Routing puts a case with the lead department of its matter in the case's own city, so a case's
 * lead depends only on (city, matter): the history arrives grouped by city, matter and month, and
 * each group is routed once. Nothing here reads a clock or a database: the same draft and the same
 * rows give the same result.
 */

/** Cases of one matter in one city reported in one month (Asia/Shanghai) of the window. */
export interface WhatIfGroup {
  cityAdcode: string;
  matterCode: string;
  /** YYYY-MM */
  month: string;
  cases: number;
  /** of them, cases within 2 km of another alliance city (a border workflow there shares the case) */
  border: number;
}

/** A median handling time (first claim → resolution) seen in the window's history, at one level of detail. */
export interface HandlingMedian {
  /** `unit`: this unit (city:department) on this matter; `department`: the department in any city on this matter; `matter`: any unit on it */
  level: 'unit' | 'department' | 'matter';
  /** the unit id, department code or '' for the matter level */
  who: string;
  matterCode: string;
  medianHours: number;
  cases: number;
}

/** A case of the window that was passed on (a transfer accepted, or a dispute ruled) before it landed with its holder. */
export interface ContestedCase {
  caseId: string;
  /** the case number on the platform; null for history imported from an earlier system */
  number: number | null;
  cityAdcode: string;
  matterCode: string;
  kind: 'transfer' | 'dispute';
  /** the department the case finally landed with: the ruling's lead for a dispute, the closing (or holding) unit's otherwise */
  landedWith: DepartmentCode;
}

export interface WhatIfInput {
  base: MatrixVersion;
  proposed: MatrixVersion;
  from: Date;
  to: Date;
  groups: readonly WhatIfGroup[];
  handling: readonly HandlingMedian[];
  contested: readonly ContestedCase[];
  /** cases of the window still without a matter (in triage): they route by no matrix */
  unrouted: number;
  /** a unit whose cases would rise by more than this share is listed (default 0.1 = 10 %) */
  threshold?: number;
}

export interface UnitShift {
  unit: string;
  cityAdcode: string;
  department: DepartmentCode;
  /** cases of the window this unit leads under the base version and under the draft */
  before: number;
  after: number;
  gained: number;
  lost: number;
  /** (after − before) per month of the window */
  changePerMonth: number;
  /** estimated handling hours of those cases per month, before and after */
  hoursPerMonthBefore: number;
  hoursPerMonthAfter: number;
  /** (after − before) ÷ before; null when the unit led nothing before */
  rise: number | null;
  overThreshold: boolean;
}

export interface MatterMove {
  matterCode: string;
  cityAdcode: string;
  from: DepartmentCode;
  to: DepartmentCode;
  cases: number;
  border: number;
  perMonth: number;
  /** handling hours per month: what `from` no longer spends, what `to` is estimated to spend */
  hoursPerMonthFrom: number;
  hoursPerMonthTo: number;
}

export interface CityShift {
  cityAdcode: string;
  cases: number;
  moved: number;
  /** moved cases near another city: the border workflow's counterpart there changes too */
  movedBorder: number;
}

export interface WhatIfResult {
  basedOn: number;
  window: { from: string; to: string; days: number; months: number };
  threshold: number;
  cases: number;
  unrouted: number;
  moved: number;
  moves: MatterMove[];
  units: UnitShift[];
  /** units over the threshold, largest rise first */
  risers: UnitShift[];
  cities: CityShift[];
  avoided: { transfers: number; disputes: number; cases: ContestedCase[] };
  /** the estimates behind the moved cases (the unit giving and the unit taking each group): how many used the unit’s own median or fell back from the unit's own median to the department's, the matter's or the overall one */
  estimates: { own: number; department: number; matter: number; overall: number };
  /** the window's overall median handling time, the last fallback; null when the window has none */
  overallMedianHours: number | null;
}

const DAY_MS = 86_400_000;
const MONTH_DAYS = 365.25 / 12;
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const isDepartment = (s: string): s is DepartmentCode => (DEPARTMENT_CODES as readonly string[]).includes(s);
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The lead department of a matter under a matrix (a retired matter's successor's); null for a matter the matrix does not know. */
function leadOf(matrix: MatrixVersion, matterCode: string): DepartmentCode | null {
  if (!matrix.matters.some((m) => m.code === matterCode)) return null;
  return routingMatter(matrix, matterCode).lead;
}

/** The matters whose lead the proposed matrix changes (their passed-on cases are the ones a draft could have spared). */
export function movedMatters(base: MatrixVersion, proposed: MatrixVersion): string[] {
  return base.matters
    .filter((m) => {
      const will = leadOf(proposed, m.code);
      return will !== null && will !== m.lead;
    })
    .map((m) => m.code)
    .sort(byText);
}

/** Cases one unit closed on one matter in the window whose handling took `hours` (rounded to a tenth): a histogram bin. */
export interface HandlingBin {
  unit: string;
  matterCode: string;
  hours: number;
  cases: number;
}

/**
 * The median handling times at the three levels the replay falls back through (the unit on the
 * matter, its department in any city, any unit), from histogram bins: the median of the cases'
 * times, halfway between the two middle ones when their number is even (as SQL's
 * `percentile_cont(0.5)`), exact to the bins' resolution. A database hands over a few thousand bins
 * instead of sorting a million times three ways.
 */
export function handlingMedians(bins: readonly HandlingBin[]): HandlingMedian[] {
  const levels = new Map<string, { level: HandlingMedian['level']; who: string; matterCode: string; bins: Map<number, number> }>();
  const add = (level: HandlingMedian['level'], who: string, b: HandlingBin) => {
    const key = `${level}|${who}|${b.matterCode}`;
    let entry = levels.get(key);
    if (!entry) levels.set(key, (entry = { level, who, matterCode: b.matterCode, bins: new Map() }));
    entry.bins.set(b.hours, (entry.bins.get(b.hours) ?? 0) + b.cases);
  };
  for (const b of bins) {
    if (b.cases <= 0) continue;
    add('unit', b.unit, b);
    add('department', b.unit.split(':')[1] ?? b.unit, b);
    add('matter', '', b);
  }
  const order = { unit: 0, department: 1, matter: 2 } as const;
  return [...levels.values()]
    .map((e) => {
      const sorted = [...e.bins.entries()].sort((a, b) => a[0] - b[0]);
      const cases = sorted.reduce((n, [, c]) => n + c, 0);
      // the k-th smallest time (0-based)
      const nth = (k: number) => {
        let seen = 0;
        for (const [hours, count] of sorted) {
          seen += count;
          if (k < seen) return hours;
        }
        return sorted[sorted.length - 1]?.[0] ?? 0;
      };
      const middle = (cases - 1) / 2;
      const lo = nth(Math.floor(middle));
      const hi = nth(Math.ceil(middle));
      return { level: e.level, who: e.who, matterCode: e.matterCode, medianHours: lo + (middle - Math.floor(middle)) * (hi - lo), cases };
    })
    .sort((a, b) => order[a.level] - order[b.level] || byText(a.who, b.who) || byText(a.matterCode, b.matterCode));
}

/** Median of medians is no median: the overall figure is the case-weighted median of the matter-level medians. */
function weightedMedian(rows: readonly { value: number; weight: number }[]): number | null {
  const sorted = [...rows].filter((r) => r.weight > 0).sort((a, b) => a.value - b.value);
  const total = sorted.reduce((s, r) => s + r.weight, 0);
  if (total === 0) return null;
  let seen = 0;
  for (const r of sorted) {
    seen += r.weight;
    if (seen >= total / 2) return r.value;
  }
  return sorted[sorted.length - 1]?.value ?? null;
}

export function replayWhatIf(input: WhatIfInput): WhatIfResult {
  const threshold = input.threshold ?? 0.1;
  const days = Math.max(0, (input.to.getTime() - input.from.getTime()) / DAY_MS);
  const months = days / MONTH_DAYS;
  const perMonth = (x: number) => (months > 0 ? x / months : 0);

  const medians = new Map<string, number>();
  for (const h of input.handling) medians.set(`${h.level}|${h.who}|${h.matterCode}`, h.medianHours);
  const overall = weightedMedian(input.handling.filter((h) => h.level === 'matter').map((h) => ({ value: h.medianHours, weight: h.cases })));
  const estimates = { own: 0, department: 0, matter: 0, overall: 0 };
  /** Hours one case of `matterCode` takes `unit`: its own median, else its department's, the matter's, the window's. */
  const hoursFor = (cityAdcode: string, department: DepartmentCode, matterCode: string, count: boolean): number => {
    const chain: Array<[keyof typeof estimates, number | undefined]> = [
      ['own', medians.get(`unit|${unitId(cityAdcode, department)}|${matterCode}`)],
      ['department', medians.get(`department|${department}|${matterCode}`)],
      ['matter', medians.get(`matter||${matterCode}`)],
      ['overall', overall ?? 0],
    ];
    for (const [level, hours] of chain) {
      if (hours === undefined) continue;
      if (count) estimates[level]++;
      return hours;
    }
    return 0;
  };

  // Each (city, matter) once: its cases and border cases over the window.
  const cells = new Map<string, { cityAdcode: string; matterCode: string; cases: number; border: number }>();
  for (const g of input.groups) {
    const key = `${g.cityAdcode}|${g.matterCode}`;
    const cell = cells.get(key) ?? { cityAdcode: g.cityAdcode, matterCode: g.matterCode, cases: 0, border: 0 };
    cell.cases += g.cases;
    cell.border += g.border;
    cells.set(key, cell);
  }

  const units = new Map<
    string,
    { cityAdcode: string; department: DepartmentCode; before: number; after: number; gained: number; lost: number; hoursBefore: number; hoursAfter: number }
  >();
  const unitRow = (cityAdcode: string, department: DepartmentCode) => {
    const id = unitId(cityAdcode, department);
    let row = units.get(id);
    if (!row) {
      row = { cityAdcode, department, before: 0, after: 0, gained: 0, lost: 0, hoursBefore: 0, hoursAfter: 0 };
      units.set(id, row);
    }
    return row;
  };
  const cities = new Map<string, CityShift>();
  const moves: MatterMove[] = [];
  let cases = 0;
  let moved = 0;
  for (const cell of [...cells.values()].sort((a, b) => byText(a.cityAdcode, b.cityAdcode) || byText(a.matterCode, b.matterCode))) {
    const was = leadOf(input.base, cell.matterCode);
    const will = leadOf(input.proposed, cell.matterCode) ?? was;
    if (!was || !will) continue; // a matter neither version knows: left out, as routing would refuse it
    cases += cell.cases;
    const city = cities.get(cell.cityAdcode) ?? { cityAdcode: cell.cityAdcode, cases: 0, moved: 0, movedBorder: 0 };
    city.cases += cell.cases;
    cities.set(cell.cityAdcode, city);
    const before = unitRow(cell.cityAdcode, was);
    const after = unitRow(cell.cityAdcode, will);
    const hoursWas = hoursFor(cell.cityAdcode, was, cell.matterCode, was !== will);
    const hoursWill = hoursFor(cell.cityAdcode, will, cell.matterCode, was !== will);
    before.before += cell.cases;
    before.hoursBefore += cell.cases * hoursWas;
    after.after += cell.cases;
    after.hoursAfter += cell.cases * hoursWill;
    if (was === will) continue;
    before.lost += cell.cases;
    after.gained += cell.cases;
    moved += cell.cases;
    city.moved += cell.cases;
    city.movedBorder += cell.border;
    moves.push({
      matterCode: cell.matterCode,
      cityAdcode: cell.cityAdcode,
      from: was,
      to: will,
      cases: cell.cases,
      border: cell.border,
      perMonth: round(perMonth(cell.cases)),
      hoursPerMonthFrom: round(perMonth(cell.cases * hoursWas), 1),
      hoursPerMonthTo: round(perMonth(cell.cases * hoursWill), 1),
    });
  }

  const shifts: UnitShift[] = [...units.entries()]
    .filter(([, u]) => u.gained > 0 || u.lost > 0)
    .map(([unit, u]) => {
      const rise = u.before > 0 ? (u.after - u.before) / u.before : null;
      return {
        unit,
        cityAdcode: u.cityAdcode,
        department: u.department,
        before: u.before,
        after: u.after,
        gained: u.gained,
        lost: u.lost,
        changePerMonth: round(perMonth(u.after - u.before)),
        hoursPerMonthBefore: round(perMonth(u.hoursBefore), 1),
        hoursPerMonthAfter: round(perMonth(u.hoursAfter), 1),
        rise: rise === null ? null : round(rise, 4),
        overThreshold: rise === null ? u.after > 0 : rise > threshold,
      };
    })
    .sort((a, b) => byText(a.unit, b.unit));
  const risers = shifts.filter((s) => s.overThreshold).sort((a, b) => (b.rise ?? Infinity) - (a.rise ?? Infinity) || byText(a.unit, b.unit));

  // A case passed on before it landed where the draft would have sent it at once: that transfer or dispute is avoided.
  const avoidedCases = input.contested
    .filter((c) => {
      const was = leadOf(input.base, c.matterCode);
      const will = leadOf(input.proposed, c.matterCode) ?? was;
      return was !== null && will !== null && was !== will && c.landedWith === will && isDepartment(c.landedWith);
    })
    .sort((a, b) => byText(a.caseId, b.caseId) || byText(a.kind, b.kind));

  return {
    basedOn: input.base.version,
    window: { from: input.from.toISOString(), to: input.to.toISOString(), days: round(days, 2), months: round(months, 2) },
    threshold,
    cases,
    unrouted: input.unrouted,
    moved,
    moves: moves.sort((a, b) => b.cases - a.cases || byText(a.cityAdcode, b.cityAdcode) || byText(a.matterCode, b.matterCode)),
    units: shifts,
    risers,
    cities: [...cities.values()].sort((a, b) => byText(a.cityAdcode, b.cityAdcode)),
    avoided: {
      transfers: avoidedCases.filter((c) => c.kind === 'transfer').length,
      disputes: avoidedCases.filter((c) => c.kind === 'dispute').length,
      cases: avoidedCases,
    },
    estimates,
    overallMedianHours: overall === null ? null : round(overall, 2),
  };
}

/** How intake decides a complaint text: route it on a matter, or leave it to the coordinator's triage queue. */
export type MatterDecision = { matter: string } | { triage: 'low-confidence' | 'no-matter' };

/** The matters a draft changes for the classifier: added, retired, or relearned (name, keywords or examples changed). */
export interface ClassifierChanges {
  added: string[];
  retired: string[];
  relearned: string[];
}

export function classifierChanges(base: MatrixVersion, proposed: MatrixVersion): ClassifierChanges {
  const was = new Map(base.matters.map((m) => [m.code, m]));
  const taking = (m: { successor?: string | undefined }) => m.successor === undefined;
  const added: string[] = [];
  const retired: string[] = [];
  const relearned: string[] = [];
  for (const m of proposed.matters) {
    const old = was.get(m.code);
    if (!old || !taking(old)) {
      if (taking(m)) added.push(m.code);
    } else if (!taking(m)) retired.push(m.code);
    else if (JSON.stringify([old.name, old.keywords, old.examples ?? []]) !== JSON.stringify([m.name, m.keywords, m.examples ?? []])) relearned.push(m.code);
  }
  return { added: added.sort(byText), retired: retired.sort(byText), relearned: relearned.sort(byText) };
}

/** One complaint text of the window the classifier decided at intake: what a model trained under the base decides, and one trained under the draft. */
export interface TriageReplayRow {
  cityAdcode: string;
  before: MatterDecision;
  after: MatterDecision;
}

export interface TriageShift {
  changes: ClassifierChanges;
  /** complaint texts of the window whose matter the classifier decided (routed on its guess, or sent to triage) */
  texts: number;
  triageBefore: number;
  triageAfter: number;
  /** texts decided differently by the draft's model */
  changed: number;
  /** cases the draft's model would route to each added matter, and how many of them the model in use left in triage */
  added: Array<{ matterCode: string; cases: number; fromTriage: number }>;
  /** cases the model in use routes to each retired matter, and how many of them the draft's model would leave in triage */
  retired: Array<{ matterCode: string; cases: number; toTriage: number }>;
  cities: Array<{ cityAdcode: string; texts: number; triageBefore: number; triageAfter: number }>;
}

/** The triage queue's change under a draft: the window's complaint texts decided by the model in use and by the draft's. */
export function triageShift(changes: ClassifierChanges, rows: readonly TriageReplayRow[]): TriageShift {
  const inTriage = (d: MatterDecision) => 'triage' in d;
  const matterOf = (d: MatterDecision) => ('matter' in d ? d.matter : null);
  const added = new Map(changes.added.map((code) => [code, { matterCode: code, cases: 0, fromTriage: 0 }]));
  const retired = new Map(changes.retired.map((code) => [code, { matterCode: code, cases: 0, toTriage: 0 }]));
  const cities = new Map<string, { cityAdcode: string; texts: number; triageBefore: number; triageAfter: number }>();
  let triageBefore = 0;
  let triageAfter = 0;
  let changed = 0;
  for (const r of rows) {
    const city = cities.get(r.cityAdcode) ?? { cityAdcode: r.cityAdcode, texts: 0, triageBefore: 0, triageAfter: 0 };
    cities.set(r.cityAdcode, city);
    city.texts++;
    if (inTriage(r.before)) {
      triageBefore++;
      city.triageBefore++;
    }
    if (inTriage(r.after)) {
      triageAfter++;
      city.triageAfter++;
    }
    if (inTriage(r.before) !== inTriage(r.after) || matterOf(r.before) !== matterOf(r.after)) changed++;
    const gained = added.get(matterOf(r.after) ?? '');
    if (gained) {
      gained.cases++;
      if (inTriage(r.before)) gained.fromTriage++;
    }
    const lost = retired.get(matterOf(r.before) ?? '');
    if (lost) {
      lost.cases++;
      if (inTriage(r.after)) lost.toTriage++;
    }
  }
  return {
    changes,
    texts: rows.length,
    triageBefore,
    triageAfter,
    changed,
    added: [...added.values()],
    retired: [...retired.values()],
    cities: [...cities.values()].sort((a, b) => byText(a.cityAdcode, b.cityAdcode)),
  };
}
