import { DEMO_POLICY, FRENCH_B2B_POLICY } from '../../domain/dunning-policy';
import {
  formalNoticeDeadline,
  minimumNoticePeriod,
  rebaseSchedule,
  reminderSlot,
  scheduleSteps,
} from '../../domain/dunning-schedule';

const base = { dueDate: '2026-03-03', timezone: 'Europe/Paris', country: 'FR', policy: FRENCH_B2B_POLICY };

describe('rebaseSchedule', () => {
  it('keeps the schedule when the step to resume at is still ahead', () => {
    expect(rebaseSchedule(base, 4, '2026-03-10T10:00:00Z')).toEqual(scheduleSteps(base));
  });

  it('moves an overdue step to the next send slot and keeps the spacing of the later ones', () => {
    // Resuming at the registered letter (P30D) on Friday 15 May 2026 at 14:00 Paris: today's 09:00 slot has passed.
    const rebased = rebaseSchedule(base, 4, '2026-05-15T12:00:00Z');
    const original = scheduleSteps(base);
    expect(rebased.slice(0, 4)).toEqual(original.slice(0, 4));
    expect(rebased[4]!.at).toBe('2026-05-18T07:00:00.000Z'); // Monday 09:00 Paris, the next business day
    // The formal notice keeps its fifteen days after the letter (P45D − P30D), on a business day at 09:00.
    expect(Date.parse(rebased[5]!.at) - Date.parse(rebased[4]!.at)).toBeGreaterThanOrEqual(15 * 86_400_000);
    expect(rebased[5]!.at).toBe('2026-06-02T07:00:00.000Z');
    expect(Date.parse(rebased[5]!.deadline!)).toBeGreaterThan(Date.parse(rebased[5]!.at));
  });

  it('uses the same day when its send slot is still ahead', () => {
    const rebased = rebaseSchedule(base, 4, '2026-05-18T05:00:00Z');
    expect(rebased[4]!.at).toBe('2026-05-18T07:00:00.000Z');
  });

  it('brings a step that is still ahead forward to the next slot when asked', () => {
    const rebased = rebaseSchedule(base, 4, '2026-03-10T10:00:00Z', { bringForward: true });
    expect(rebased[4]!.at).toBe('2026-03-11T08:00:00.000Z'); // Wednesday 09:00 Paris (winter time)
  });

  it('sends a backlog catch-up due months ago, onboarded on a Sunday evening, on Monday at the send hour', () => {
    // Due 3 March 2026; onboarded Sunday 2 August 2026 at 19:56 Paris: the formal notice (P45D) goes out Monday 09:00.
    const rebased = rebaseSchedule(base, 5, '2026-08-02T17:56:00Z');
    expect(rebased[5]!.at).toBe('2026-08-03T07:00:00.000Z');
    // The legal file keeps its eight days after the notice, and never before the notice's deadline has ended.
    expect(rebased[6]!.at).toBe('2026-08-11T07:00:00.000Z');
    expect(rebased[5]!.deadline).toBe('2026-08-11T22:00:00.000Z');
  });

  it('counts to the second when the calendar is off', () => {
    const demo = { ...base, dueDate: '2026-03-03T10:00:00Z', policy: DEMO_POLICY };
    const rebased = rebaseSchedule(demo, 3, '2026-03-03T11:00:00Z');
    expect(rebased[3]!.at).toBe('2026-03-03T11:00:00.000Z');
    expect(rebased[4]!.at).toBe('2026-03-03T11:00:05.000Z');
    expect(rebased[5]!.at).toBe('2026-03-03T11:00:10.000Z');
  });
});

describe('formalNoticeDeadline', () => {
  it('gives the full period from the day the notice actually goes out, ending at the end of a working day', () => {
    // Sent Monday 23 November 2026; eight days later is Tuesday 1 December, due at the end of that day in Paris.
    expect(formalNoticeDeadline(base, 5, '2026-11-23T08:00:00Z')).toBe('2026-12-01T23:00:00.000Z');
    // Sent Friday 24 April 2026: eight days later is Saturday 2 May, extended to Monday 4 May (art. 642 CPC).
    expect(formalNoticeDeadline(base, 5, '2026-04-24T07:00:00Z')).toBe('2026-05-04T22:00:00.000Z');
  });

  it('gives a letter before claim under English law at least 14 days (Practice Direction – Pre-Action Conduct)', () => {
    expect(minimumNoticePeriod('GB')).toBe('P14D');
    expect(minimumNoticePeriod('FR')).toBeUndefined();
    expect(minimumNoticePeriod(undefined)).toBeUndefined();
    // Sent Monday 23 November 2026: 14 days is Monday 7 December, ending at midnight Paris time; the policy's 8 gives way.
    expect(formalNoticeDeadline(base, 5, '2026-11-23T08:00:00Z', 'P14D')).toBe('2026-12-07T23:00:00.000Z');
    // A policy period longer than the minimum stands.
    expect(formalNoticeDeadline(base, 5, '2026-11-23T08:00:00Z', 'P2D')).toBe('2026-12-01T23:00:00.000Z');
  });

  it('counts to the second with the calendar off, and refuses a step that is not a formal notice', () => {
    const demo = { ...base, policy: DEMO_POLICY };
    expect(formalNoticeDeadline(demo, 4, '2026-03-03T11:00:00Z')).toBe('2026-03-03T11:00:05.000Z');
    expect(() => formalNoticeDeadline(demo, 0, '2026-03-03T11:00:00Z')).toThrow(/not a formal notice/);
  });
});

describe('reminderSlot', () => {
  it('reminds at the send hour three days before an instalment, on a business day', () => {
    // Due Tuesday 15 December 2026 (the end of that day in Paris): three days before is Saturday 12, moved back to Friday.
    expect(reminderSlot(base, '2026-12-15T23:00:00.000Z', 'P3D')).toBe('2026-12-11T08:00:00.000Z');
    // Due Friday 11 December: Tuesday 8 at 09:00.
    expect(reminderSlot(base, '2026-12-11T23:00:00.000Z', 'P3D')).toBe('2026-12-08T08:00:00.000Z');
  });

  it('counts to the millisecond when the calendar is off', () => {
    expect(reminderSlot({ ...base, policy: DEMO_POLICY }, '2026-12-15T23:00:00.000Z', 'PT10S')).toBe(
      '2026-12-15T22:59:50.000Z',
    );
  });
});
