/**
 * Periods of the command centre in Asia/Shanghai (UTC+8 all year: China keeps no daylight saving
 * time since 1991), so a case at 23:30 on the 31st belongs to that month.
 */
export const PERIOD_KINDS = ['week', 'month', 'quarter', 'year'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

const OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;

export interface Period {
  kind: PeriodKind;
  /** `2026-W44`, `2026-10`, `2026-Q4`, `2026` */
  label: string;
  /** inclusive start and exclusive end, as instants */
  from: Date;
  to: Date;
}

/** Calendar fields of an instant in Asia/Shanghai. */
export function shanghaiParts(at: Date) {
  const local = new Date(at.getTime() + OFFSET_MS);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    /** 1 = Monday … 7 = Sunday */
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
  };
}

const shanghaiMidnight = (year: number, month: number, day: number) => new Date(Date.UTC(year, month - 1, day) - OFFSET_MS);

/** ISO week (Monday first; week 1 holds the year's first Thursday). */
function isoWeek(year: number, month: number, day: number) {
  const d = new Date(Date.UTC(year, month - 1, day));
  const wd = d.getUTCDay() === 0 ? 7 : d.getUTCDay();
  const thursday = new Date(d.getTime() + (4 - wd) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(weekYear, 0, 1)) / DAY_MS / 7) + 1;
  return { weekYear, week, monday: new Date(d.getTime() - (wd - 1) * DAY_MS) };
}

/** The period of a kind that holds an instant. */
export function periodOf(at: Date, kind: PeriodKind): Period {
  const { year, month, day } = shanghaiParts(at);
  switch (kind) {
    case 'year':
      return { kind, label: String(year), from: shanghaiMidnight(year, 1, 1), to: shanghaiMidnight(year + 1, 1, 1) };
    case 'quarter': {
      const q = Math.floor((month - 1) / 3);
      return { kind, label: `${year}-Q${q + 1}`, from: shanghaiMidnight(year, q * 3 + 1, 1), to: shanghaiMidnight(year, q * 3 + 4, 1) };
    }
    case 'month':
      return { kind, label: `${year}-${String(month).padStart(2, '0')}`, from: shanghaiMidnight(year, month, 1), to: shanghaiMidnight(year, month + 1, 1) };
    case 'week': {
      const { weekYear, week, monday } = isoWeek(year, month, day);
      const from = new Date(monday.getTime() - OFFSET_MS);
      return { kind, label: `${weekYear}-W${String(week).padStart(2, '0')}`, from, to: new Date(from.getTime() + 7 * DAY_MS) };
    }
  }
}

/** A period from its label (`2026-10`, `2026-Q4`, `2026-W44`, `2026`), or null when it is not one. */
export function parsePeriod(label: string): Period | null {
  let m = /^(\d{4})-(\d{2})$/.exec(label);
  if (m) {
    const month = Number(m[2]);
    return month >= 1 && month <= 12 ? periodOf(shanghaiMidnight(Number(m[1]), month, 1), 'month') : null;
  }
  m = /^(\d{4})-Q([1-4])$/.exec(label);
  if (m) return periodOf(shanghaiMidnight(Number(m[1]), (Number(m[2]) - 1) * 3 + 1, 1), 'quarter');
  m = /^(\d{4})-W(\d{2})$/.exec(label);
  if (m) {
    // the Monday of ISO week 1 is the Monday on or before 4 January
    const jan4 = new Date(Date.UTC(Number(m[1]), 0, 4));
    const wd = jan4.getUTCDay() === 0 ? 7 : jan4.getUTCDay();
    const monday = new Date(jan4.getTime() - (wd - 1) * DAY_MS + (Number(m[2]) - 1) * 7 * DAY_MS);
    const p = periodOf(new Date(monday.getTime() - OFFSET_MS + 12 * 3_600_000), 'week');
    return p.label === label ? p : null;
  }
  m = /^(\d{4})$/.exec(label);
  if (m) return periodOf(shanghaiMidnight(Number(m[1]), 7, 1), 'year');
  return null;
}

/** The period just before (环比). */
export const previousPeriod = (p: Period): Period => periodOf(new Date(p.from.getTime() - 1), p.kind);

/** The same period a year earlier (同比); for weeks, the ISO week of the same number. */
export function samePeriodLastYear(p: Period): Period {
  const [y, rest] = [p.label.slice(0, 4), p.label.slice(4)];
  const earlier = parsePeriod(`${Number(y) - 1}${rest}`);
  // week 53 that the year before lacks: its week 52
  return earlier ?? (parsePeriod(`${Number(y) - 1}-W52`) as Period);
}

export const inPeriod = (iso: string | null, p: Period) => {
  if (iso === null) return false;
  const t = new Date(iso).getTime();
  return t >= p.from.getTime() && t < p.to.getTime();
};
