import { DomainError, quote } from './domain-error';
import {
  compareIsoDurations,
  isNegativeDuration,
  isoDurationToMillis,
  isZeroDuration,
  parseIsoDuration,
} from './iso-duration';
import { assertCleanText } from './text';

export type DunningAction = 'email' | 'phone_task' | 'letter' | 'formal_notice' | 'legal_file';

export const DUNNING_ACTIONS: readonly DunningAction[] = [
  'email',
  'phone_task',
  'letter',
  'formal_notice',
  'legal_file',
];

export interface PolicyStep {
  /** ISO 8601 offset from the due moment: '-P3D' before it, 'P15D' after. */
  after: string;
  action: DunningAction;
  template: string;
  /** formal_notice only: the final deadline given to the debtor, counted from the notice. */
  deadline?: string;
  /** The step waits for a person's approval (an `approval` task) before it runs. */
  approval?: StepApproval;
}

/** What happens when nobody decides on an approval task in time. */
export type ApprovalTimeoutRule = 'proceed' | 'hold';

export const APPROVAL_TIMEOUT_RULES: readonly ApprovalTimeoutRule[] = ['proceed', 'hold'];

export interface StepApproval {
  /** ISO 8601 duration from the request: the approval task's due date. */
  timeout: string;
  /** `proceed` runs the step unapproved once the timeout passes; `hold` pauses escalation until resumed. */
  onTimeout: ApprovalTimeoutRule;
}

export interface PolicyCalendar {
  /** Local hour (0–23) in the customer's time zone at which calendar steps are sent. */
  sendHour: number;
  businessDaysOnly: boolean;
}

export interface DunningPolicy {
  id: string;
  version: number;
  name: string;
  /** null: offsets count exactly, to the second (demos, tests). */
  calendar: PolicyCalendar | null;
  instalmentGrace: string;
  promiseGrace: string;
  /**
   * How far ahead a debtor may promise to pay on the self-service page, from today (ISO 8601; default
   * DEFAULT_PROMISE_LIMIT). A later date is a plan to negotiate with a person, not a promise the ladder waits for.
   */
  promiseLimit?: string;
  disputeSla: string;
  /** Index of the step escalation resumes at when an instalment plan breaks. */
  resumeAfterBrokenPlan: number;
  /** How long before each instalment the courtesy reminder goes out (default DEFAULT_INSTALMENT_REMINDER_LEAD). */
  instalmentReminderLead?: string;
  /** How long a paid invoice stays watched for a bounced cheque or a chargeback (default DEFAULT_REVERSAL_WINDOW). */
  reversalWindow?: string;
  /**
   * How long a customer's e-mail steps are gathered into one message after the first falls due (ISO 8601; `PT0S`:
   * every invoice writes alone). Default `consolidationWindowMs`: the send slot's first minute with a calendar, `PT10S`
   * without one.
   */
  consolidationWindow?: string;
  /**
   * At most `messages` e-mails to one customer within any `per` (e.g. 2 per P7D): a batch past the budget waits for it
   * instead of adding to the customer's inbox. Absent: no limit.
   */
  contactBudget?: ContactBudget;
  steps: PolicyStep[];
}

export interface ContactBudget {
  messages: number;
  per: string;
}

/** A budget above this many messages is no budget; a period past a month is not how collectors count. */
export const MAX_BUDGET_MESSAGES = 100;
export const MAX_BUDGET_PERIOD = 'P31D';

/** SEPA direct debits can be disputed for eight weeks; a cheque bounces well within that. */
export const DEFAULT_REVERSAL_WINDOW = 'P70D';

/** A debtor answering on the self-service page may promise to pay within a month. */
export const DEFAULT_PROMISE_LIMIT = 'P30D';

/** A debtor on a plan is reminded a few days before each instalment, like before the original due date. */
export const DEFAULT_INSTALMENT_REMINDER_LEAD = 'P3D';

const DEFAULT_TEMPLATES: Readonly<Record<DunningAction, string>> = {
  email: 'reminder',
  phone_task: 'phone-call',
  letter: 'registered-letter',
  formal_notice: 'formal-notice',
  legal_file: 'legal-file',
};

/** With a calendar every step of a send slot is due at the same instant: its requests all arrive within a minute. */
const SLOT_GATHERING_MS = 60_000;
const UNCALENDARED_WINDOW_MS = 10_000;

/** The policy's consolidation window in milliseconds (0: no consolidation). */
export function consolidationWindowMs(policy: Pick<DunningPolicy, 'calendar' | 'consolidationWindow'>): number {
  if (policy.consolidationWindow !== undefined) {
    return isoDurationToMillis(parseIsoDuration(policy.consolidationWindow, 'consolidationWindow'));
  }
  return policy.calendar ? SLOT_GATHERING_MS : UNCALENDARED_WINDOW_MS;
}

export function defaultTemplate(action: DunningAction): string {
  return DEFAULT_TEMPLATES[action];
}

export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,63}$/;
/** Versions are stored as PostgreSQL `integer`. */
export const MAX_POLICY_VERSION = 2 ** 31 - 1;
export const MAX_POLICY_NAME_LENGTH = 200;
/** A ladder longer than this is a mistake, not a policy; it also bounds the work of every schedule computation. */
export const MAX_POLICY_STEPS = 50;
// Templates name files under templates/: no dots or slashes, so no path can escape that folder.
const TEMPLATE_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;

function fail(field: string, rule: string, message: string): never {
  throw new DomainError(field, rule, `${field}: ${message}`);
}

function record(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, 'object', 'must be an object');
  return value as Record<string, unknown>;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') fail(field, 'required', 'must be a non-empty string');
  return value;
}

function duration(value: unknown, field: string, allowNegative: boolean): string {
  const raw = text(value, field);
  const parsed = parseIsoDuration(raw, field);
  if (!allowNegative && isNegativeDuration(parsed)) fail(field, 'non_negative', `'${raw}' must not be negative`);
  return raw;
}

function parseCalendar(value: unknown): PolicyCalendar | null {
  if (value === null) return null;
  if (value === undefined) fail('calendar', 'required', 'is required (an object, or null for exact offsets)');
  const calendar = record(value, 'calendar');
  const { sendHour, businessDaysOnly } = calendar;
  if (typeof sendHour !== 'number' || !Number.isInteger(sendHour) || sendHour < 0 || sendHour > 23) {
    fail('calendar.sendHour', 'hour', `${quote(sendHour)} must be an integer hour from 0 to 23`);
  }
  if (typeof businessDaysOnly !== 'boolean') fail('calendar.businessDaysOnly', 'boolean', 'must be true or false');
  return { sendHour, businessDaysOnly };
}

function parseStep(value: unknown, field: string): PolicyStep {
  const raw = record(value, field);
  const after = duration(raw.after, `${field}.after`, true);
  if (typeof raw.action !== 'string' || !DUNNING_ACTIONS.includes(raw.action as DunningAction)) {
    fail(`${field}.action`, 'action', `${quote(raw.action)} is not one of ${DUNNING_ACTIONS.join(', ')}`);
  }
  const action = raw.action as DunningAction;
  const template = raw.template === undefined ? defaultTemplate(action) : text(raw.template, `${field}.template`);
  if (!TEMPLATE_PATTERN.test(template)) {
    fail(`${field}.template`, 'template', `'${template}' must be lower-case letters, digits and dashes`);
  }
  const step: PolicyStep = { after, action, template };
  if (action === 'formal_notice') {
    if (raw.deadline === undefined)
      fail(`${field}.deadline`, 'required', 'a formal notice must give the debtor a deadline');
    step.deadline = duration(raw.deadline, `${field}.deadline`, false);
    if (isZeroDuration(parseIsoDuration(step.deadline)))
      fail(`${field}.deadline`, 'positive', 'must be longer than zero');
  } else if (raw.deadline !== undefined) {
    fail(`${field}.deadline`, 'deadline_not_allowed', 'only a formal_notice step carries a deadline');
  }
  if (raw.approval !== undefined) step.approval = parseApproval(raw.approval, `${field}.approval`);
  return step;
}

function parseApproval(value: unknown, field: string): StepApproval {
  const raw = record(value, field);
  const timeout = duration(raw.timeout, `${field}.timeout`, false);
  if (isZeroDuration(parseIsoDuration(timeout))) fail(`${field}.timeout`, 'positive', 'must be longer than zero');
  if (!APPROVAL_TIMEOUT_RULES.includes(raw.onTimeout as ApprovalTimeoutRule)) {
    fail(
      `${field}.onTimeout`,
      'on_timeout',
      `${quote(raw.onTimeout)} is not one of ${APPROVAL_TIMEOUT_RULES.join(', ')}`,
    );
  }
  return { timeout, onTimeout: raw.onTimeout as ApprovalTimeoutRule };
}

function parseSteps(value: unknown): PolicyStep[] {
  if (!Array.isArray(value) || value.length === 0) fail('steps', 'non_empty', 'must be a non-empty array');
  if (value.length > MAX_POLICY_STEPS) fail('steps', 'max_steps', `may hold at most ${MAX_POLICY_STEPS} steps`);
  const steps = value.map((step, i) => parseStep(step, `steps[${i}]`));
  steps.forEach((step, i) => {
    const previous = steps[i - 1];
    // Two steps may share a moment (they then run one after the other, in policy order); none may come earlier.
    if (previous && compareIsoDurations(parseIsoDuration(previous.after), parseIsoDuration(step.after)) > 0) {
      fail(`steps[${i}].after`, 'order', `'${step.after}' must not come before '${previous.after}' (steps[${i - 1}])`);
    }
    if (step.action === 'legal_file' && i !== steps.length - 1) {
      fail(`steps[${i}].action`, 'legal_file_last', 'legal_file must be the last step, and there can be only one');
    }
    // Art. 1344 C. civ.: the debtor is put on notice before any claim; a court asks for the mise en demeure first.
    if (step.action === 'legal_file' && !steps.slice(0, i).some((s) => s.action === 'formal_notice')) {
      fail(`steps[${i}].action`, 'formal_notice_first', 'a legal_file step needs a formal_notice step before it');
    }
  });
  return steps;
}

/** The first step from the registered letter on: a broken plan has already used up the friendly steps. */
function defaultResumeIndex(steps: PolicyStep[]): number {
  const index = steps.findIndex(
    (s) => s.action === 'letter' || s.action === 'formal_notice' || s.action === 'legal_file',
  );
  return index === -1 ? steps.length - 1 : index;
}

/** Validates a policy as the API takes it (DESIGN.md) and returns a normalised copy. */
export function parseDunningPolicy(input: unknown): DunningPolicy {
  const raw = record(input, 'policy');
  const id = text(raw.id, 'id');
  if (!POLICY_ID_PATTERN.test(id)) fail('id', 'policy_id', `'${id}' must match ${POLICY_ID_PATTERN.source}`);
  const version = raw.version === undefined ? 1 : raw.version;
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1 || version > MAX_POLICY_VERSION) {
    fail('version', 'positive_integer', `${quote(version)} must be an integer from 1 to ${MAX_POLICY_VERSION}`);
  }
  const name = text(raw.name, 'name');
  assertCleanText(name, 'name', { maxLength: MAX_POLICY_NAME_LENGTH });
  const calendar = parseCalendar(raw.calendar);
  const instalmentGrace = duration(raw.instalmentGrace, 'instalmentGrace', false);
  const promiseGrace = duration(raw.promiseGrace, 'promiseGrace', false);
  const disputeSla = duration(raw.disputeSla, 'disputeSla', false);
  const promiseLimit = parsePromiseLimit(raw.promiseLimit);
  const reversalWindow =
    raw.reversalWindow === undefined ? DEFAULT_REVERSAL_WINDOW : duration(raw.reversalWindow, 'reversalWindow', false);
  const reminderLead =
    raw.instalmentReminderLead === undefined
      ? undefined
      : duration(raw.instalmentReminderLead, 'instalmentReminderLead', false);
  const consolidationWindow = parseConsolidationWindow(raw.consolidationWindow);
  const contactBudget = parseContactBudget(raw.contactBudget);
  const steps = parseSteps(raw.steps);
  const resume = raw.resumeAfterBrokenPlan === undefined ? defaultResumeIndex(steps) : raw.resumeAfterBrokenPlan;
  if (typeof resume !== 'number' || !Number.isInteger(resume) || resume < 0 || resume >= steps.length) {
    fail('resumeAfterBrokenPlan', 'step_index', `${quote(resume)} must be a step index from 0 to ${steps.length - 1}`);
  }
  return {
    id,
    version,
    name,
    calendar,
    instalmentGrace,
    promiseGrace,
    ...(promiseLimit === undefined ? {} : { promiseLimit }),
    disputeSla,
    resumeAfterBrokenPlan: resume,
    reversalWindow,
    ...(reminderLead === undefined ? {} : { instalmentReminderLead: reminderLead }),
    ...(consolidationWindow === undefined ? {} : { consolidationWindow }),
    ...(contactBudget === undefined ? {} : { contactBudget }),
    steps,
  };
}

/** A promise limit of zero would refuse every promise: the self-service page would offer an answer it cannot take. */
function parsePromiseLimit(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const limit = duration(value, 'promiseLimit', false);
  if (isZeroDuration(parseIsoDuration(limit))) fail('promiseLimit', 'positive', 'must be longer than zero');
  return limit;
}

/** A consolidation window holds the customer's first e-mail back for its length: past a day it is a mistake. */
export const MAX_CONSOLIDATION_WINDOW = 'P1D';

function parseConsolidationWindow(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const window = duration(value, 'consolidationWindow', false);
  if (compareIsoDurations(parseIsoDuration(window), parseIsoDuration(MAX_CONSOLIDATION_WINDOW)) > 0) {
    fail('consolidationWindow', 'max_duration', `'${window}' must not be longer than ${MAX_CONSOLIDATION_WINDOW}`);
  }
  return window;
}

function parseContactBudget(value: unknown): ContactBudget | undefined {
  if (value === undefined) return undefined;
  const raw = record(value, 'contactBudget');
  const messages = raw.messages;
  if (typeof messages !== 'number' || !Number.isInteger(messages) || messages < 1 || messages > MAX_BUDGET_MESSAGES) {
    fail(
      'contactBudget.messages',
      'budget_messages',
      `${quote(messages)} must be an integer from 1 to ${MAX_BUDGET_MESSAGES}`,
    );
  }
  const per = duration(raw.per, 'contactBudget.per', false);
  const period = parseIsoDuration(per, 'contactBudget.per');
  if (isZeroDuration(period) || period.years !== 0 || period.months !== 0) {
    fail('contactBudget.per', 'exact_duration', `'${per}' must be a positive duration in weeks, days, hours or less`);
  }
  if (compareIsoDurations(period, parseIsoDuration(MAX_BUDGET_PERIOD)) > 0) {
    fail('contactBudget.per', 'max_duration', `'${per}' must not be longer than ${MAX_BUDGET_PERIOD}`);
  }
  return { messages, per };
}

/** The budget in milliseconds, as the customer's workflow counts it; null: no budget. */
export function contactBudgetMs(
  policy: Pick<DunningPolicy, 'contactBudget'>,
): { messages: number; perMs: number } | null {
  const budget = policy.contactBudget;
  if (!budget) return null;
  return { messages: budget.messages, perMs: isoDurationToMillis(parseIsoDuration(budget.per, 'contactBudget.per')) };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

/**
 * French B2B practice: a courtesy note before the due date, « Facture en retard » the day after,
 * a firmer e-mail, a call, a registered letter, then the mise en demeure (art. 1344 Code civil:
 * it puts the debtor formally on notice; it is not an enforceable title) and the legal file.
 */
export const FRENCH_B2B_POLICY: DunningPolicy = deepFreeze({
  id: 'fr-b2b-standard',
  version: 1,
  name: 'French B2B standard',
  calendar: { sendHour: 9, businessDaysOnly: true },
  instalmentGrace: 'P5D',
  promiseGrace: 'P3D',
  disputeSla: 'P30D',
  resumeAfterBrokenPlan: 4,
  reversalWindow: DEFAULT_REVERSAL_WINDOW,
  steps: [
    { after: '-P3D', action: 'email', template: 'courtesy' },
    { after: 'P1D', action: 'email', template: 'reminder-1' },
    { after: 'P8D', action: 'email', template: 'reminder-2' },
    { after: 'P15D', action: 'phone_task', template: 'phone-call' },
    { after: 'P30D', action: 'letter', template: 'registered-letter' },
    { after: 'P45D', action: 'formal_notice', template: 'formal-notice', deadline: 'P8D' },
    { after: 'P53D', action: 'legal_file', template: 'legal-file' },
  ],
});

/** The same ladder in seconds with the calendar off, for demos and time-skipping tests. */
export const DEMO_POLICY: DunningPolicy = deepFreeze({
  id: 'demo-fast',
  version: 1,
  name: 'Demo (seconds)',
  calendar: null,
  instalmentGrace: 'PT10S',
  promiseGrace: 'PT10S',
  disputeSla: 'PT60S',
  resumeAfterBrokenPlan: 3,
  reversalWindow: 'PT30S',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'PT5S', action: 'email', template: 'reminder-2' },
    { after: 'PT10S', action: 'phone_task', template: 'phone-call' },
    { after: 'PT15S', action: 'letter', template: 'registered-letter' },
    { after: 'PT20S', action: 'formal_notice', template: 'formal-notice', deadline: 'PT5S' },
    { after: 'PT25S', action: 'legal_file', template: 'legal-file' },
  ],
});
