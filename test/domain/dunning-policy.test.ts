import {
  consolidationWindowMs,
  contactBudgetMs,
  DEMO_POLICY,
  FRENCH_B2B_POLICY,
  defaultTemplate,
  DunningAction,
  parseDunningPolicy,
} from '../../domain/dunning-policy';
import { domainError } from './support';

/** The example of DESIGN.md, as the API takes it. */
const designExample = () => ({
  id: 'fr-b2b-standard',
  name: 'French B2B standard',
  calendar: { sendHour: 9, businessDaysOnly: true },
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  steps: [
    { after: '-P3D', action: 'email', template: 'courtesy' },
    { after: 'P1D', action: 'email', template: 'reminder-1' },
    { after: 'P15D', action: 'phone_task' },
    { after: 'P45D', action: 'formal_notice', deadline: 'P8D' },
    { after: 'P53D', action: 'legal_file' },
  ] as Record<string, unknown>[],
});

function rejection(patch: (policy: ReturnType<typeof designExample>) => void) {
  const policy = designExample();
  patch(policy);
  return domainError(() => parseDunningPolicy(policy));
}

describe('defaultTemplate', () => {
  it.each([
    ['email', 'reminder'],
    ['phone_task', 'phone-call'],
    ['letter', 'registered-letter'],
    ['formal_notice', 'formal-notice'],
    ['legal_file', 'legal-file'],
  ])('gives %s the template %s', (action, template) => {
    expect(defaultTemplate(action as DunningAction)).toBe(template);
  });
});

describe('parseDunningPolicy', () => {
  it('reads the DESIGN.md example, filling in version, templates, the resume step and the reversal window', () => {
    expect(parseDunningPolicy(designExample())).toEqual({
      id: 'fr-b2b-standard',
      version: 1,
      name: 'French B2B standard',
      calendar: { sendHour: 9, businessDaysOnly: true },
      instalmentGrace: 'P5D',
      promiseGrace: 'P3D',
      disputeSla: 'P30D',
      resumeAfterBrokenPlan: 3,
      reversalWindow: 'P70D',
      steps: [
        { after: '-P3D', action: 'email', template: 'courtesy' },
        { after: 'P1D', action: 'email', template: 'reminder-1' },
        { after: 'P15D', action: 'phone_task', template: 'phone-call' },
        { after: 'P45D', action: 'formal_notice', template: 'formal-notice', deadline: 'P8D' },
        { after: 'P53D', action: 'legal_file', template: 'legal-file' },
      ],
    });
  });

  it('accepts a null calendar, an explicit version and an explicit resume step', () => {
    const policy = parseDunningPolicy({ ...designExample(), calendar: null, version: 4, resumeAfterBrokenPlan: 2 });
    expect(policy.calendar).toBeNull();
    expect(policy.version).toBe(4);
    expect(policy.resumeAfterBrokenPlan).toBe(2);
  });

  it('resumes a broken plan at the letter when the policy has one', () => {
    const { resumeAfterBrokenPlan, ...withoutResume } = FRENCH_B2B_POLICY;
    expect(resumeAfterBrokenPlan).toBe(4);
    expect(parseDunningPolicy(withoutResume).resumeAfterBrokenPlan).toBe(4);
  });

  it('resumes at the last step when the ladder has no letter, notice or legal file', () => {
    const policy = parseDunningPolicy({
      ...designExample(),
      steps: [
        { after: 'P1D', action: 'email' },
        { after: 'P2D', action: 'phone_task' },
      ],
    });
    expect(policy.resumeAfterBrokenPlan).toBe(1);
  });

  it('ignores fields it does not know and does not keep references to the input', () => {
    const input = { ...designExample(), createdAt: 'yesterday' };
    const policy = parseDunningPolicy(input);
    expect(policy).not.toHaveProperty('createdAt');
    expect(policy.steps[0]).not.toBe(input.steps[0]);
  });

  it('refuses something that is not an object', () => {
    expect(domainError(() => parseDunningPolicy(null)).field).toBe('policy');
    expect(domainError(() => parseDunningPolicy([])).rule).toBe('object');
  });

  it.each([
    ['a missing id', (p: Record<string, unknown>) => delete p.id, 'id', 'required'],
    ['an id with capitals', (p: Record<string, unknown>) => (p.id = 'FR-Standard'), 'id', 'policy_id'],
    ['a one-character id', (p: Record<string, unknown>) => (p.id = 'a'), 'id', 'policy_id'],
    ['an id starting with a dash', (p: Record<string, unknown>) => (p.id = '-fr'), 'id', 'policy_id'],
    ['a zero version', (p: Record<string, unknown>) => (p.version = 0), 'version', 'positive_integer'],
    ['a fractional version', (p: Record<string, unknown>) => (p.version = 1.5), 'version', 'positive_integer'],
    ['a version past 2^31 - 1', (p: Record<string, unknown>) => (p.version = 2 ** 31), 'version', 'positive_integer'],
    ['an empty name', (p: Record<string, unknown>) => (p.name = ' '), 'name', 'required'],
    ['a name with a NUL', (p: Record<string, unknown>) => (p.name = 'B2B\u0000'), 'name', 'control_characters'],
    ['a name on two lines', (p: Record<string, unknown>) => (p.name = 'B2B\r\nX'), 'name', 'control_characters'],
    ['a name too long', (p: Record<string, unknown>) => (p.name = 'x'.repeat(201)), 'name', 'max_length'],
    [
      'a grace of a hundred billion years',
      (p: Record<string, unknown>) => (p.disputeSla = 'P99999999999Y'),
      'disputeSla',
      'max_duration',
    ],
    [
      'an offset past ten years',
      (p: Record<string, unknown>) => (p.steps = [{ after: 'P11Y', action: 'phone_task' }]),
      'steps[0].after',
      'max_duration',
    ],
    [
      'more than fifty steps',
      (p: Record<string, unknown>) =>
        (p.steps = Array.from({ length: 51 }, (_, i) => ({ after: `P${i}D`, action: 'phone_task' }))),
      'steps',
      'max_steps',
    ],
    ['a missing calendar', (p: Record<string, unknown>) => delete p.calendar, 'calendar', 'required'],
    ['a calendar that is a string', (p: Record<string, unknown>) => (p.calendar = 'on'), 'calendar', 'object'],
    [
      'a send hour of 24',
      (p: Record<string, unknown>) => (p.calendar = { sendHour: 24, businessDaysOnly: true }),
      'calendar.sendHour',
      'hour',
    ],
    [
      'a fractional send hour',
      (p: Record<string, unknown>) => (p.calendar = { sendHour: 9.5, businessDaysOnly: true }),
      'calendar.sendHour',
      'hour',
    ],
    [
      'a missing businessDaysOnly',
      (p: Record<string, unknown>) => (p.calendar = { sendHour: 9 }),
      'calendar.businessDaysOnly',
      'boolean',
    ],
    ['a bad grace', (p: Record<string, unknown>) => (p.instalmentGrace = '5 days'), 'instalmentGrace', 'iso_duration'],
    ['a negative grace', (p: Record<string, unknown>) => (p.promiseGrace = '-P3D'), 'promiseGrace', 'non_negative'],
    ['a missing dispute SLA', (p: Record<string, unknown>) => delete p.disputeSla, 'disputeSla', 'required'],
    ['no steps', (p: Record<string, unknown>) => (p.steps = []), 'steps', 'non_empty'],
    ['steps that are not an array', (p: Record<string, unknown>) => (p.steps = {}), 'steps', 'non_empty'],
    [
      'a resume index past the end',
      (p: Record<string, unknown>) => (p.resumeAfterBrokenPlan = 5),
      'resumeAfterBrokenPlan',
      'step_index',
    ],
  ])('refuses %s, naming the field', (_case, patch, field, rule) => {
    const error = rejection(patch);
    expect(error.field).toBe(field);
    expect(error.rule).toBe(rule);
    expect(error.message.startsWith(`${field}: `)).toBe(true);
  });

  it('names the step whose offset is not a duration', () => {
    const error = rejection((p) => (p.steps[2] = { after: 'P1X', action: 'phone_task' }));
    expect(error.field).toBe('steps[2].after');
    expect(error.rule).toBe('iso_duration');
    expect(error.message).toBe("steps[2].after: 'P1X' is not an ISO 8601 duration");
  });

  it('names an unknown action', () => {
    const error = rejection((p) => (p.steps[1] = { after: 'P1D', action: 'sms' }));
    expect(error.field).toBe('steps[1].action');
    expect(error.rule).toBe('action');
    expect(error.message).toBe(
      "steps[1].action: 'sms' is not one of email, phone_task, letter, formal_notice, legal_file",
    );
  });

  it('refuses a template name that could escape the templates folder', () => {
    const error = rejection((p) => (p.steps[0] = { after: '-P3D', action: 'email', template: '../secret' }));
    expect(error.field).toBe('steps[0].template');
    expect(error.rule).toBe('template');
  });

  it('refuses steps out of order', () => {
    const error = rejection((p) => (p.steps[2] = { after: '-P1D', action: 'phone_task' }));
    expect(error.field).toBe('steps[2].after');
    expect(error.rule).toBe('order');
    expect(error.message).toBe("steps[2].after: '-P1D' must not come before 'P1D' (steps[1])");
  });

  it('accepts two steps at the same offset, run in policy order', () => {
    const policy = designExample();
    policy.steps[2] = { after: 'P1D', action: 'phone_task' };
    expect(parseDunningPolicy(policy).steps.map((s) => s.after)).toEqual(['-P3D', 'P1D', 'P1D', 'P45D', 'P53D']);
  });

  it('compares offsets written in different units', () => {
    const error = rejection((p) => (p.steps[2] = { after: 'PT23H', action: 'phone_task' }));
    expect(error.rule).toBe('order');
    expect(error.field).toBe('steps[2].after');
  });

  it('refuses a legal file without a formal notice before it', () => {
    const error = rejection((p) => p.steps.splice(3, 1));
    expect(error.field).toBe('steps[3].action');
    expect(error.rule).toBe('formal_notice_first');
    expect(error.message).toBe('steps[3].action: a legal_file step needs a formal_notice step before it');
  });

  it('refuses a policy whose only step is the legal file', () => {
    const error = rejection((p) => (p.steps = [{ after: 'P53D', action: 'legal_file' }]));
    expect([error.field, error.rule]).toEqual(['steps[0].action', 'formal_notice_first']);
  });

  it('keeps an approval gate on a step', () => {
    const policy = designExample();
    policy.steps[3] = { ...policy.steps[3], approval: { timeout: 'P3D', onTimeout: 'hold' } };
    policy.steps[4] = { ...policy.steps[4], approval: { timeout: 'PT1H', onTimeout: 'proceed', extra: 1 } };
    const parsed = parseDunningPolicy(policy);
    expect(parsed.steps[3]!.approval).toEqual({ timeout: 'P3D', onTimeout: 'hold' });
    expect(parsed.steps[4]!.approval).toEqual({ timeout: 'PT1H', onTimeout: 'proceed' });
    expect(parsed.steps[0]!.approval).toBeUndefined();
  });

  it.each([
    [{ timeout: 'P3D', onTimeout: 'wait' }, 'steps[3].approval.onTimeout', 'on_timeout'],
    [{ onTimeout: 'hold' }, 'steps[3].approval.timeout', 'required'],
    [{ timeout: 'three days', onTimeout: 'hold' }, 'steps[3].approval.timeout', 'iso_duration'],
    [{ timeout: '-P3D', onTimeout: 'hold' }, 'steps[3].approval.timeout', 'non_negative'],
    [{ timeout: 'PT0S', onTimeout: 'proceed' }, 'steps[3].approval.timeout', 'positive'],
    [{ timeout: 'P11Y', onTimeout: 'proceed' }, 'steps[3].approval.timeout', 'max_duration'],
    ['yes', 'steps[3].approval', 'object'],
  ])('refuses the approval %j, naming %s', (approval, field, rule) => {
    const error = rejection((p) => (p.steps[3] = { ...p.steps[3], approval }));
    expect([error.field, error.rule]).toEqual([field, rule]);
  });

  it('refuses a formal notice without a deadline', () => {
    const error = rejection((p) => (p.steps[3] = { after: 'P45D', action: 'formal_notice' }));
    expect(error.field).toBe('steps[3].deadline');
    expect(error.rule).toBe('required');
  });

  it('refuses a zero or negative deadline', () => {
    expect(rejection((p) => (p.steps[3] = { after: 'P45D', action: 'formal_notice', deadline: 'P0D' })).rule).toBe(
      'positive',
    );
    expect(rejection((p) => (p.steps[3] = { after: 'P45D', action: 'formal_notice', deadline: '-P8D' })).rule).toBe(
      'non_negative',
    );
  });

  it('refuses a deadline on any other action', () => {
    const error = rejection((p) => (p.steps[2] = { after: 'P15D', action: 'phone_task', deadline: 'P2D' }));
    expect(error.field).toBe('steps[2].deadline');
    expect(error.rule).toBe('deadline_not_allowed');
  });

  it('refuses a legal file that is not the last step', () => {
    const error = rejection((p) => p.steps.push({ after: 'P60D', action: 'email' }));
    expect(error.field).toBe('steps[4].action');
    expect(error.rule).toBe('legal_file_last');
  });

  it('refuses two legal files', () => {
    const error = rejection((p) => p.steps.push({ after: 'P60D', action: 'legal_file' }));
    expect(error.field).toBe('steps[4].action');
    expect(error.rule).toBe('legal_file_last');
  });
});

describe('FRENCH_B2B_POLICY', () => {
  it('is a valid policy that parses to itself', () => {
    expect(parseDunningPolicy(FRENCH_B2B_POLICY)).toEqual(FRENCH_B2B_POLICY);
  });

  it('walks the French ladder from the courtesy note to the legal file', () => {
    expect(FRENCH_B2B_POLICY.id).toBe('fr-b2b-standard');
    expect(FRENCH_B2B_POLICY.calendar).toEqual({ sendHour: 9, businessDaysOnly: true });
    expect(FRENCH_B2B_POLICY.steps.map((s) => [s.after, s.action, s.template, s.deadline])).toEqual([
      ['-P3D', 'email', 'courtesy', undefined],
      ['P1D', 'email', 'reminder-1', undefined],
      ['P8D', 'email', 'reminder-2', undefined],
      ['P15D', 'phone_task', 'phone-call', undefined],
      ['P30D', 'letter', 'registered-letter', undefined],
      ['P45D', 'formal_notice', 'formal-notice', 'P8D'],
      ['P53D', 'legal_file', 'legal-file', undefined],
    ]);
    expect(FRENCH_B2B_POLICY.steps[FRENCH_B2B_POLICY.resumeAfterBrokenPlan]?.action).toBe('letter');
    expect([FRENCH_B2B_POLICY.instalmentGrace, FRENCH_B2B_POLICY.promiseGrace, FRENCH_B2B_POLICY.disputeSla]).toEqual([
      'P5D',
      'P3D',
      'P30D',
    ]);
  });

  it('cannot be mutated by accident', () => {
    expect(Object.isFrozen(FRENCH_B2B_POLICY)).toBe(true);
    expect(Object.isFrozen(FRENCH_B2B_POLICY.steps[0])).toBe(true);
  });
});

describe('DEMO_POLICY', () => {
  it('is a valid policy counting in seconds with the calendar off', () => {
    expect(parseDunningPolicy(DEMO_POLICY)).toEqual(DEMO_POLICY);
    expect(DEMO_POLICY.id).toBe('demo-fast');
    expect(DEMO_POLICY.calendar).toBeNull();
    expect(DEMO_POLICY.steps.map((s) => s.after)).toEqual(['PT0S', 'PT5S', 'PT10S', 'PT15S', 'PT20S', 'PT25S']);
    expect(DEMO_POLICY.steps[4]).toEqual({
      after: 'PT20S',
      action: 'formal_notice',
      template: 'formal-notice',
      deadline: 'PT5S',
    });
    expect(DEMO_POLICY.steps[DEMO_POLICY.resumeAfterBrokenPlan]?.action).toBe('letter');
    expect([DEMO_POLICY.instalmentGrace, DEMO_POLICY.promiseGrace, DEMO_POLICY.disputeSla]).toEqual([
      'PT10S',
      'PT10S',
      'PT60S',
    ]);
  });
});

describe('consolidation and the contact budget', () => {
  it('reads a contact budget and counts it in milliseconds', () => {
    const policy = parseDunningPolicy({ ...designExample(), contactBudget: { messages: 2, per: 'P7D' } });
    expect(policy.contactBudget).toEqual({ messages: 2, per: 'P7D' });
    expect(contactBudgetMs(policy)).toEqual({ messages: 2, perMs: 7 * 86_400_000 });
    expect(contactBudgetMs(parseDunningPolicy(designExample()))).toBeNull();
  });

  it.each([
    [{ messages: 0, per: 'P7D' }, 'contactBudget.messages'],
    [{ messages: 1.5, per: 'P7D' }, 'contactBudget.messages'],
    [{ messages: 101, per: 'P7D' }, 'contactBudget.messages'],
    [{ messages: 2, per: 'P1M' }, 'contactBudget.per'],
    [{ messages: 2, per: 'PT0S' }, 'contactBudget.per'],
    [{ messages: 2, per: 'P32D' }, 'contactBudget.per'],
    [{ messages: 2 }, 'contactBudget.per'],
    ['2 a week', 'contactBudget'],
  ])('refuses the budget %j, naming %s', (contactBudget, field) => {
    expect(domainError(() => parseDunningPolicy({ ...designExample(), contactBudget })).field).toBe(field);
  });

  it('gathers for the send slot with a calendar, ten seconds without, or the policy window', () => {
    const calendared = parseDunningPolicy(designExample());
    expect(consolidationWindowMs(calendared)).toBe(60_000);
    expect(consolidationWindowMs({ ...calendared, calendar: null })).toBe(10_000);
    expect(consolidationWindowMs({ ...calendared, consolidationWindow: 'PT0S' })).toBe(0);
    expect(consolidationWindowMs({ ...calendared, consolidationWindow: 'PT2M' })).toBe(120_000);
  });
});
