import { DEMO_POLICY, DunningPolicy, FRENCH_B2B_POLICY, PolicyStep } from '../../domain/dunning-policy';
import {
  deliveredNoticeDeadline,
  formalNoticeDeadline,
  ScheduledStep,
  nextStepAfter,
  scheduleSteps,
  selectCatchUp,
} from '../../domain/dunning-schedule';
import { domainError } from './support';

const paris = { timezone: 'Europe/Paris', country: 'FR' };

function policyWith(
  steps: PolicyStep[],
  calendar: DunningPolicy['calendar'] = { sendHour: 9, businessDaysOnly: true },
) {
  return { ...FRENCH_B2B_POLICY, calendar, steps, resumeAfterBrokenPlan: 0 };
}

const email = (after: string): PolicyStep => ({ after, action: 'email', template: 'reminder' });
const at = (schedule: ScheduledStep[]) => schedule.map((s) => s.at);

describe('scheduleSteps with the French B2B calendar', () => {
  // Due Tuesday 10 March 2026, Paris: CET (UTC+1) until 29 March, CEST (UTC+2) after.
  const schedule = scheduleSteps({ dueDate: '2026-03-10', ...paris, policy: FRENCH_B2B_POLICY });

  it('places every step at 09:00 Paris time on a business day', () => {
    expect(schedule).toEqual([
      { index: 0, action: 'email', template: 'courtesy', at: '2026-03-06T08:00:00.000Z' },
      { index: 1, action: 'email', template: 'reminder-1', at: '2026-03-11T08:00:00.000Z' },
      { index: 2, action: 'email', template: 'reminder-2', at: '2026-03-18T08:00:00.000Z' },
      { index: 3, action: 'phone_task', template: 'phone-call', at: '2026-03-25T08:00:00.000Z' },
      { index: 4, action: 'letter', template: 'registered-letter', at: '2026-04-09T07:00:00.000Z' },
      {
        index: 5,
        action: 'formal_notice',
        template: 'formal-notice',
        at: '2026-04-24T07:00:00.000Z',
        deadline: '2026-05-04T22:00:00.000Z',
      },
      { index: 6, action: 'legal_file', template: 'legal-file', at: '2026-05-04T07:00:00.000Z' },
    ]);
  });

  it('rolls a courtesy note on a Saturday back to Friday', () => {
    // -P3D from 10 March is Saturday 7 March.
    expect(schedule[0]?.at).toBe('2026-03-06T08:00:00.000Z');
  });

  it('counts P1D from the due date itself, so the first reminder goes the next day', () => {
    expect(schedule[1]?.at).toBe('2026-03-11T08:00:00.000Z');
  });

  it('rolls a step landing on a Saturday forward to Monday', () => {
    // P53D from 10 March is Saturday 2 May.
    expect(schedule[6]?.at).toBe('2026-05-04T07:00:00.000Z');
  });

  it('ends the formal-notice deadline at midnight of the next working day when it falls on a weekend', () => {
    // Notice on Friday 24 April + P8D = Saturday 2 May → Monday 4 May, ending at 24:00 Paris (art. 642 CPC).
    expect(schedule[5]?.deadline).toBe('2026-05-04T22:00:00.000Z');
  });

  it('skips a public holiday of the customer country', () => {
    // P1D after Wednesday 13 May 2026 is Ascension Thursday.
    const s = scheduleSteps({ dueDate: '2026-05-13', ...paris, policy: policyWith([email('P1D')]) });
    expect(at(s)).toEqual(['2026-05-15T07:00:00.000Z']);
  });

  it('uses the holidays of the customer country, not France', () => {
    // P1D after Thursday 2 April 2026 is Good Friday: a working day in France, not in Germany.
    const policy = policyWith([email('P1D')]);
    expect(at(scheduleSteps({ dueDate: '2026-04-02', ...paris, policy }))).toEqual(['2026-04-03T07:00:00.000Z']);
    expect(at(scheduleSteps({ dueDate: '2026-04-02', timezone: 'Europe/Berlin', country: 'DE', policy }))).toEqual([
      '2026-04-07T07:00:00.000Z',
    ]);
  });

  it('keeps policy order when two steps land on the same instant', () => {
    // Due Friday 13 March: P1D is Saturday and P2D Sunday; both roll to Monday 16 March.
    const s = scheduleSteps({ dueDate: '2026-03-13', ...paris, policy: policyWith([email('P1D'), email('P2D')]) });
    expect(s.map((step) => [step.index, step.at])).toEqual([
      [0, '2026-03-16T08:00:00.000Z'],
      [1, '2026-03-16T08:00:00.000Z'],
    ]);
  });

  it('moves a step due on the due date itself after the due moment', () => {
    // 09:00 on 10 March precedes the end of that day, so the step goes out on the 11th.
    const s = scheduleSteps({ dueDate: '2026-03-10', ...paris, policy: policyWith([email('P0D')]) });
    expect(at(s)).toEqual(['2026-03-11T08:00:00.000Z']);
  });
});

describe('scheduleSteps across daylight-saving changes', () => {
  const everyDay = { sendHour: 9, businessDaysOnly: false };

  it('sends at 08:00Z on Friday 27 March 2026 and 07:00Z on Sunday 29 March 2026', () => {
    const policy = policyWith([email('P1D'), email('P3D')], everyDay);
    expect(at(scheduleSteps({ dueDate: '2026-03-26', ...paris, policy }))).toEqual([
      '2026-03-27T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ]);
  });

  it('moves a send hour that the spring-forward skips to the hour after the gap', () => {
    const policy = policyWith([email('P1D')], { sendHour: 2, businessDaysOnly: false });
    // 02:00 does not exist in Paris on 29 March 2026; 03:00 CEST is 01:00Z.
    expect(at(scheduleSteps({ dueDate: '2026-03-28', ...paris, policy }))).toEqual(['2026-03-29T01:00:00.000Z']);
  });

  it('keeps 09:00 local after the autumn change', () => {
    const policy = policyWith([email('P1D')], everyDay);
    expect(at(scheduleSteps({ dueDate: '2026-10-24', ...paris, policy }))).toEqual(['2026-10-25T08:00:00.000Z']);
  });

  it('places the hour in the customer time zone, not the server one', () => {
    const policy = policyWith([email('P1D')], everyDay);
    expect(at(scheduleSteps({ dueDate: '2026-03-10', timezone: 'America/New_York', country: 'US', policy }))).toEqual([
      '2026-03-11T13:00:00.000Z',
    ]);
  });
});

describe('scheduleSteps with an RFC 3339 due date', () => {
  const dueDate = '2026-03-10T15:00:00+01:00';

  it('counts calendar offsets from the local date of the instant', () => {
    const s = scheduleSteps({ dueDate, ...paris, policy: FRENCH_B2B_POLICY });
    expect(s[0]?.at).toBe('2026-03-06T08:00:00.000Z');
    expect(s[1]?.at).toBe('2026-03-11T08:00:00.000Z');
  });

  it('never places a non-negative step before the due moment', () => {
    // 09:00 on 10 March is before 15:00 that day: the next send slot is 09:00 on the 11th.
    const s = scheduleSteps({ dueDate, ...paris, policy: policyWith([email('P0D'), email('PT2H')]) });
    expect(at(s)).toEqual(['2026-03-11T08:00:00.000Z', '2026-03-11T08:00:00.000Z']);
  });

  it('keeps a negative step before the due moment', () => {
    // Due at 08:00; -PT1H is still 10 March, whose 09:00 slot is after the due moment: Monday 9 March.
    const s = scheduleSteps({
      dueDate: '2026-03-10T08:00:00+01:00',
      ...paris,
      policy: policyWith([email('-PT1H')]),
    });
    expect(at(s)).toEqual(['2026-03-09T08:00:00.000Z']);
  });

  it('reads the local date in the customer zone, not the offset written in the instant', () => {
    // 23:30 in New York on 10 March is already 11 March in Paris.
    const s = scheduleSteps({ dueDate: '2026-03-10T23:30:00-04:00', ...paris, policy: policyWith([email('P1D')]) });
    expect(at(s)).toEqual(['2026-03-12T08:00:00.000Z']);
  });
});

describe('scheduleSteps with the calendar off', () => {
  it('runs the demo ladder to the second from an instant due date', () => {
    expect(scheduleSteps({ dueDate: '2026-03-10T12:00:00Z', ...paris, policy: DEMO_POLICY })).toEqual([
      { index: 0, action: 'email', template: 'reminder-1', at: '2026-03-10T12:00:00.000Z' },
      { index: 1, action: 'email', template: 'reminder-2', at: '2026-03-10T12:00:05.000Z' },
      { index: 2, action: 'phone_task', template: 'phone-call', at: '2026-03-10T12:00:10.000Z' },
      { index: 3, action: 'letter', template: 'registered-letter', at: '2026-03-10T12:00:15.000Z' },
      {
        index: 4,
        action: 'formal_notice',
        template: 'formal-notice',
        at: '2026-03-10T12:00:20.000Z',
        deadline: '2026-03-10T12:00:25.000Z',
      },
      { index: 5, action: 'legal_file', template: 'legal-file', at: '2026-03-10T12:00:25.000Z' },
    ]);
  });

  it('counts from the end of a calendar due date, ignoring weekends', () => {
    const policy = policyWith([email('-P3D'), email('P4D')], null);
    expect(at(scheduleSteps({ dueDate: '2026-03-10', ...paris, policy }))).toEqual([
      '2026-03-07T23:00:00.000Z',
      '2026-03-14T23:00:00.000Z',
    ]);
  });

  it('keeps local midnight when a day offset crosses the spring-forward change', () => {
    const policy = policyWith([email('P1D')], null);
    expect(at(scheduleSteps({ dueDate: '2026-03-28', ...paris, policy }))).toEqual(['2026-03-29T22:00:00.000Z']);
  });
});

describe('scheduleSteps input checks', () => {
  it('refuses a bad time zone or due date, naming the field', () => {
    expect(
      domainError(() => scheduleSteps({ dueDate: '2026-03-10', timezone: 'CET1', country: 'FR', policy: DEMO_POLICY }))
        .field,
    ).toBe('timezone');
    expect(domainError(() => scheduleSteps({ dueDate: 'soon', ...paris, policy: DEMO_POLICY })).field).toBe('dueDate');
  });

  it('refuses a malformed country when business days are needed', () => {
    expect(
      domainError(() =>
        scheduleSteps({
          dueDate: '2026-03-10',
          timezone: 'Europe/Paris',
          country: 'France',
          policy: FRENCH_B2B_POLICY,
        }),
      ).field,
    ).toBe('country');
  });
});

describe('selectCatchUp', () => {
  const schedule = scheduleSteps({ dueDate: '2026-03-10', ...paris, policy: FRENCH_B2B_POLICY });

  it('runs only the most advanced step that is due and skips the earlier ones', () => {
    // On 10 April the letter (9 April) is due; the formal notice (24 April) is not.
    const { run, skipped } = selectCatchUp(schedule, 0, '2026-04-10T00:00:00Z');
    expect(run?.index).toBe(4);
    expect(run?.action).toBe('letter');
    expect(skipped.map((s) => s.index)).toEqual([0, 1, 2, 3]);
  });

  it('ignores steps before the index the ladder stands at', () => {
    const { run, skipped } = selectCatchUp(schedule, 2, '2026-04-10T00:00:00Z');
    expect(run?.index).toBe(4);
    expect(skipped.map((s) => s.index)).toEqual([2, 3]);
  });

  it('counts a step due exactly now', () => {
    expect(selectCatchUp(schedule, 0, '2026-03-11T08:00:00.000Z').run?.index).toBe(1);
    expect(selectCatchUp(schedule, 0, '2026-03-11T09:00:00+01:00').run?.index).toBe(1);
    expect(selectCatchUp(schedule, 0, '2026-03-11T07:59:59.999Z').run?.index).toBe(0);
  });

  it('runs the legal file alone for an invoice far past every step', () => {
    const { run, skipped } = selectCatchUp(schedule, 0, '2027-01-01T00:00:00Z');
    expect(run?.action).toBe('legal_file');
    expect(skipped).toHaveLength(6);
  });

  it('runs nothing when no step is due yet', () => {
    expect(selectCatchUp(schedule, 0, '2026-03-01T00:00:00Z')).toEqual({ run: null, skipped: [] });
    expect(selectCatchUp(schedule, 7, '2027-01-01T00:00:00Z')).toEqual({ run: null, skipped: [] });
  });

  it('refuses a now that is not an instant', () => {
    expect(domainError(() => selectCatchUp(schedule, 0, '2026-03-01')).field).toBe('now');
  });
});

describe('nextStepAfter', () => {
  const schedule = scheduleSteps({ dueDate: '2026-03-10', ...paris, policy: FRENCH_B2B_POLICY });

  it('gives the following step by policy index', () => {
    expect(nextStepAfter(schedule, 2)?.action).toBe('phone_task');
    expect(nextStepAfter(schedule, -1)?.index).toBe(0);
  });

  it('gives null at the end of the ladder', () => {
    expect(nextStepAfter(schedule, 6)).toBeNull();
  });
});

describe('deliveredNoticeDeadline', () => {
  const input = { dueDate: '2026-03-03', timezone: 'Europe/Paris', country: 'FR', policy: FRENCH_B2B_POLICY };
  // The notice (P8D) went out on Friday 17 April 2026 at 09:00 Paris: its last full day is Monday 27 April.
  const sent = formalNoticeDeadline(input, 5, '2026-04-17T07:00:00.000Z');

  it('gives the full period from the day the letter was delivered, to the end of its last day', () => {
    expect(sent).toBe('2026-04-27T22:00:00.000Z');
    // Delivered on Wednesday 22 April: eight days to Thursday 30 April, which ends at midnight Paris.
    expect(deliveredNoticeDeadline(input, 5, '2026-04-22', sent)).toBe('2026-04-30T22:00:00.000Z');
  });

  it('never moves the deadline earlier than the one the notice gave', () => {
    expect(deliveredNoticeDeadline(input, 5, '2026-04-17', sent)).toBe(sent);
  });

  it("keeps the governing law's minimum period (a letter before claim: 14 days)", () => {
    expect(deliveredNoticeDeadline(input, 5, '2026-04-22', sent, 'P14D')).toBe('2026-05-06T22:00:00.000Z');
  });

  it('refuses a delivery day that is not a calendar date', () => {
    expect(domainError(() => deliveredNoticeDeadline(input, 5, '22/04/2026', sent)).field).toBe('deliveredOn');
  });
});
