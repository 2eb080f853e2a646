import { describe, expect, it } from 'vitest';
import { addWorkingDays, addWorkingHours, hasOfficialCalendar, isWorkday } from './calendar.ts';

describe('working days on the official PRC calendar', () => {
  it('knows the National Day holiday and the make-up Saturday', () => {
    expect(isWorkday(new Date('2026-10-01T02:00:00Z'))).toBe(false);
    expect(isWorkday(new Date('2026-10-07T02:00:00Z'))).toBe(false);
    expect(isWorkday(new Date('2026-10-10T02:00:00Z'))).toBe(true); // Saturday, 调休
    expect(isWorkday(new Date('2026-10-11T02:00:00Z'))).toBe(false); // Sunday
  });

  it('counts three working days across the holiday, including the make-up Saturday', () => {
    // Wednesday 30 September, 10:00 CST → 8, 9, 10 October
    expect(addWorkingDays(new Date('2026-09-30T02:00:00Z'), 3)).toEqual({ dueAt: new Date('2026-10-10T02:00:00Z'), provisional: false });
    // Tuesday 29 September → 30 September, 8, 9 October
    expect(addWorkingDays(new Date('2026-09-29T02:00:00Z'), 3).dueAt).toEqual(new Date('2026-10-09T02:00:00Z'));
  });

  it('uses China Standard Time for the date: 23:30 UTC on Friday is already Saturday in Chengdu', () => {
    // Fri 27 Nov 23:30 UTC = Sat 28 Nov 07:30 CST → Mon 30, Tue 1, Wed 2 December
    expect(addWorkingDays(new Date('2026-11-27T23:30:00Z'), 3).dueAt).toEqual(new Date('2026-12-01T23:30:00Z')); // Wed 07:30 CST
  });

  it('says when a deadline runs into a year without a published holiday notice', () => {
    expect(hasOfficialCalendar(2026)).toBe(true);
    expect(hasOfficialCalendar(2027)).toBe(false);
    expect(addWorkingDays(new Date('2026-12-30T02:00:00Z'), 3).provisional).toBe(true);
  });

  it('counts working hours only on working days: a Friday-afternoon claim with 24 working hours is due Monday afternoon', () => {
    // Fri 27 Nov 15:00 CST (07:00 UTC) + 24 h: 9 h on Friday, the weekend skipped, 15 h on Monday
    expect(addWorkingHours(new Date('2026-11-27T07:00:00Z'), 24)).toEqual({ dueAt: new Date('2026-11-30T07:00:00Z'), provisional: false });
    // Within a working day the hours simply pass
    expect(addWorkingHours(new Date('2026-11-25T02:00:00Z'), 4).dueAt).toEqual(new Date('2026-11-25T06:00:00Z'));
    // Over National Day: Wed 30 Sep 20:00 CST + 8 h → 4 h left on the 30th, holidays skipped, due 8 Oct 04:00 CST
    expect(addWorkingHours(new Date('2026-09-30T12:00:00Z'), 8).dueAt).toEqual(new Date('2026-10-07T20:00:00Z'));
  });
});
