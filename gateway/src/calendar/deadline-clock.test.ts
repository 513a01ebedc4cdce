import { describe, expect, it } from 'vitest';
import { deadlineClock, type DeadlineClockInput } from './deadline-clock.js';
import { createWorkingCalendar } from './working-calendar.js';

const calendar = createWorkingCalendar();

/** Legal review accepted on Friday 2025-01-24 (before 春节), 7 working days: due Monday 2025-02-10. */
const review = (now: string, more: Partial<DeadlineClockInput> = {}) =>
  deadlineClock({
    calendar,
    startedAt: new Date('2025-01-24T10:00:00+08:00'),
    workingDays: 7,
    now: new Date(now),
    ...more,
  });

/** A clock on the library-only calendar, started on a day, read at an instant. */
const clockOn = (startedAt: string, workingDays: number, now: string, on = calendar) =>
  deadlineClock({ calendar: on, startedAt, workingDays, now: new Date(now) });

describe('deadline clock', () => {
  it('is due at the end of the 7th working day, in Shanghai time', () => {
    const c = review('2025-01-27T09:00:00+08:00');
    expect(c.startDay).toBe('2025-01-24');
    expect(c.dueDay).toBe('2025-02-10');
    expect(c.dueAt.toISOString()).toBe('2025-02-10T15:59:59.999Z');
    expect(c.totalWorkingDays).toBe(7);
    expect(c.remainingWorkingDays).toBe(5); // 2-05, 2-06, 2-07, 2-08 (make-up Saturday), 2-10
    expect(c.state).toBe('ok');
    expect(c.calendarWarning).toBeUndefined();
  });

  it('stays ok while more than 2 working days remain after today', () => {
    expect(review('2025-02-06T09:00:00+08:00')).toMatchObject({ remainingWorkingDays: 3, state: 'ok' });
  });

  it('turns amber with 2 or 1 working days left, a rest day before the due day included', () => {
    expect(review('2025-02-07T09:00:00+08:00')).toMatchObject({ remainingWorkingDays: 2, state: 'amber' });
    expect(review('2025-02-08T09:00:00+08:00')).toMatchObject({ remainingWorkingDays: 1, state: 'amber' });
    expect(review('2025-02-09T20:00:00+08:00')).toMatchObject({ remainingWorkingDays: 1, state: 'amber' }); // Sunday
  });

  it('is red all through the due day, to its last millisecond', () => {
    expect(review('2025-02-10T00:00:00+08:00')).toMatchObject({ remainingWorkingDays: 0, state: 'red' });
    expect(review('2025-02-10T23:59:59.999+08:00')).toMatchObject({ remainingWorkingDays: 0, state: 'red' });
  });

  it('is breached from the first moment after the due day, counting the working days overdue', () => {
    expect(review('2025-02-11T00:00:00+08:00')).toMatchObject({ remainingWorkingDays: -1, state: 'breached' });
    expect(review('2025-02-15T10:00:00+08:00')).toMatchObject({ remainingWorkingDays: -4, state: 'breached' });
  });

  it('moves the due day by an approved extension (+3 working days)', () => {
    const c = review('2025-02-10T09:00:00+08:00', { extendedBy: 3 });
    expect(c).toMatchObject({ dueDay: '2025-02-13', totalWorkingDays: 10, remainingWorkingDays: 3, state: 'ok' });
  });

  it('takes the amber threshold from the caller: 0 goes straight from ok to red, 5 warns earlier', () => {
    expect(review('2025-02-09T09:00:00+08:00', { amberAtRemaining: 0 }).state).toBe('ok');
    expect(review('2025-02-10T09:00:00+08:00', { amberAtRemaining: 0 }).state).toBe('red');
    expect(review('2025-01-27T09:00:00+08:00', { amberAtRemaining: 5 }).state).toBe('amber');
  });

  it('reads the start and now as Shanghai days: 23:30 UTC is already the next day', () => {
    // 2025-01-23T23:30Z is Friday 1-24 07:30 in Shanghai; 15:30Z is still Thursday 1-23.
    expect(review('2025-01-27T01:00:00Z', { startedAt: new Date('2025-01-23T23:30:00Z') }).dueDay).toBe('2025-02-10');
    expect(review('2025-01-27T01:00:00Z', { startedAt: new Date('2025-01-23T15:30:00Z') }).dueDay).toBe('2025-02-08');
    expect(review('2025-02-10T15:59:59.999Z').state).toBe('red');
    expect(review('2025-02-10T16:00:00Z').state).toBe('breached');
    // Sunday 2-09 in UTC, but Monday 2-10 07:30 in Shanghai: the due day, red rather than amber.
    expect(review('2025-02-09T23:30:00Z')).toMatchObject({ remainingWorkingDays: 0, state: 'red' });
  });

  it('counts a 20-working-day publicity period across 国庆 2025 from a day string', () => {
    const c = clockOn('2025-09-26', 20, '2025-10-09T10:00:00+08:00');
    expect(c).toMatchObject({ dueDay: '2025-10-30', remainingWorkingDays: 16, state: 'ok' });
  });

  it('refuses periods that are not whole working days', () => {
    expect(() => review('2025-01-27T09:00:00+08:00', { workingDays: 0 })).toThrow(
      /workingDays is 0: give a whole number/,
    );
    expect(() => review('2025-01-27T09:00:00+08:00', { extendedBy: -3 })).toThrow(/extendedBy is -3/);
    expect(() => review('2025-01-27T09:00:00+08:00', { amberAtRemaining: 1.5 })).toThrow(/amberAtRemaining/);
  });
});

describe('deadline clock in a year without a holiday schedule', () => {
  it('warns that the year was counted with weekends only', () => {
    const c = clockOn('2099-12-20', 7, '2099-12-21T09:00:00+08:00');
    expect(c.dueDay).toBe('2099-12-29'); // Monday 12-21 … Friday 12-25, Monday 12-28, Tuesday 12-29
    expect(c.calendarWarning).toMatchObject({ code: 'holiday-schedule-not-loaded', years: [2099] });
    expect(c.calendarWarning?.message).toMatch(/^2099 holiday schedule not loaded/);
  });

  it('names every uncovered year the count crosses', () => {
    const c = clockOn('2099-12-28', 7, '2099-12-28T09:00:00+08:00');
    expect(c.dueDay).toBe('2100-01-06');
    expect(c.calendarWarning?.years).toEqual([2099, 2100]);
    expect(c.calendarWarning?.message).toMatch(/^2099, 2100 holiday schedules not loaded/);
  });

  it('is quiet for a year the agency loaded, and warns again once the overdue days reach a year it did not', () => {
    const loaded = createWorkingCalendar({
      overrides: { years: [2099], holidays: ['2099-01-01'], workdays: [] }, // an invented schedule for the test
    });
    const on = (now: string) => clockOn('2099-12-10', 7, now, loaded);
    expect(on('2099-12-15T09:00:00+08:00')).toMatchObject({ dueDay: '2099-12-21', state: 'ok' });
    expect(on('2099-12-15T09:00:00+08:00').calendarWarning).toBeUndefined();
    const overdue = on('2100-01-04T09:00:00+08:00');
    expect(overdue).toMatchObject({ state: 'breached', remainingWorkingDays: -10 });
    expect(overdue.calendarWarning?.years).toEqual([2100]);
  });
});
