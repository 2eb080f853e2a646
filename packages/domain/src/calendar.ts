import chineseDays from 'chinese-days';

/**
 * Working days on the official PRC calendar, including make-up workdays (调休), as published by
 * the State Council. Deadlines are counted in China Standard Time.
 */
const CST_OFFSET_MS = 8 * 3_600_000;

const cstDate = (at: Date) => new Date(at.getTime() + CST_OFFSET_MS).toISOString().slice(0, 10);

// The calendar's answers never change while the process runs; deadlines ask them day by day, so
// they are remembered (a working-hours deadline otherwise cost milliseconds: a year's holidays per step).
const workdays = new Map<number, boolean>();
const officialYears = new Map<number, boolean>();

export function isWorkday(at: Date): boolean {
  const day = Math.floor((at.getTime() + CST_OFFSET_MS) / 86_400_000);
  let known = workdays.get(day);
  if (known === undefined) {
    known = chineseDays.isWorkday(cstDate(at));
    workdays.set(day, known);
  }
  return known;
}

/** True when the holiday notice of that year is in the calendar data; otherwise only weekends are known. */
export function hasOfficialCalendar(year: number): boolean {
  let known = officialYears.get(year);
  if (known === undefined) {
    known = chineseDays.getHolidaysInRange(`${year}-01-01`, `${year}-12-31`, false).length > 0;
    officialYears.set(year, known);
  }
  return known;
}

export interface WorkingDeadline {
  dueAt: Date;
  /** The deadline crossed a year whose official holidays are not published yet: weekends only. */
  provisional: boolean;
}

/**
 * `days` working days after `from`: the same time of day on the n-th working day after the
 * date of `from` (a case opened on Friday 10:00 with 3 working days is due Wednesday 10:00).
 */
export function addWorkingDays(from: Date, days: number): WorkingDeadline {
  let cursor = from.getTime();
  let left = days;
  let provisional = !hasOfficialCalendar(new Date(cursor + CST_OFFSET_MS).getUTCFullYear());
  while (left > 0) {
    cursor += 86_400_000;
    const day = new Date(cursor);
    if (!hasOfficialCalendar(new Date(cursor + CST_OFFSET_MS).getUTCFullYear())) provisional = true;
    if (isWorkday(day)) left--;
  }
  return { dueAt: new Date(cursor), provisional };
}

/** Start of the China Standard Time day that contains `ms`, as epoch milliseconds. */
const cstDayStart = (ms: number) => Math.floor((ms + CST_OFFSET_MS) / 86_400_000) * 86_400_000 - CST_OFFSET_MS;

/**
 * `hours` working hours after `from`: the clock runs only on working days (a case claimed on
 * Friday 15:00 with 24 working hours is due Monday 15:00; time on a holiday does not count).
 */
export function addWorkingHours(from: Date, hours: number): WorkingDeadline {
  let cursor = from.getTime();
  let left = hours * 3_600_000;
  let provisional = !hasOfficialCalendar(new Date(cursor + CST_OFFSET_MS).getUTCFullYear());
  while (left > 0) {
    const dayEnd = cstDayStart(cursor) + 86_400_000;
    if (!hasOfficialCalendar(new Date(cursor + CST_OFFSET_MS).getUTCFullYear())) provisional = true;
    if (isWorkday(new Date(cursor))) {
      const take = Math.min(left, dayEnd - cursor);
      cursor += take;
      left -= take;
    } else cursor = dayEnd;
  }
  return { dueAt: new Date(cursor), provisional };
}
