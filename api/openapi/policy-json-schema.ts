import {
  APPROVAL_TIMEOUT_RULES,
  DUNNING_ACTIONS,
  MAX_POLICY_NAME_LENGTH,
  MAX_POLICY_STEPS,
  MAX_BUDGET_MESSAGES,
  MAX_BUDGET_PERIOD,
  MAX_CONSOLIDATION_WINDOW,
  MAX_POLICY_VERSION,
  parseDunningPolicy,
  POLICY_ID_PATTERN,
} from '../../domain/dunning-policy';
import { MAX_DURATION } from '../../domain/iso-duration';
import { SINGLE_LINE_CHARACTERS } from '../../domain/text';
import { allStepTemplates, stepTemplates, unknownStepTemplates } from '../policies/step-templates';

const duration = {
  type: 'string',
  maxLength: 40,
  pattern: String.raw`^[+-]?P(?:[0-9]+Y)?(?:[0-9]+M)?(?:[0-9]+W)?(?:[0-9]+D)?(?:T(?:[0-9]+H)?(?:[0-9]+M)?(?:[0-9]+(?:[.,][0-9]{1,3})?S)?)?$`,
  description: `ISO 8601 duration, e.g. 'P15D', '-P3D', 'PT10S'; at most ${MAX_DURATION} either way`,
};

const templatesByAction = DUNNING_ACTIONS.map((action) => `${action}: ${stepTemplates(action).join(', ')}`).join('; ');

/** The policy shape as the API takes it (DESIGN.md); parseDunningPolicy is the validator, this the description. */
export const POLICY_JSON_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'calendar', 'instalmentGrace', 'promiseGrace', 'disputeSla', 'steps'],
  properties: {
    id: { type: 'string', pattern: POLICY_ID_PATTERN.source },
    version: {
      type: 'integer',
      minimum: 1,
      maximum: MAX_POLICY_VERSION,
      description: 'assigned (the next one) when absent',
    },
    createdBy: {
      type: ['string', 'null'],
      readOnly: true,
      description: 'the name of the key that posted this version (answered by POST and by GET …/versions/{version})',
    },
    name: { type: 'string', minLength: 1, maxLength: MAX_POLICY_NAME_LENGTH, pattern: SINGLE_LINE_CHARACTERS.source },
    calendar: {
      oneOf: [
        {
          type: 'object',
          required: ['sendHour', 'businessDaysOnly'],
          properties: { sendHour: { type: 'integer', minimum: 0, maximum: 23 }, businessDaysOnly: { type: 'boolean' } },
        },
        { type: 'null', description: 'offsets count exactly, to the second' },
      ],
    },
    instalmentGrace: duration,
    promiseGrace: duration,
    promiseLimit: {
      ...duration,
      description:
        "how far ahead, from today, a debtor may promise to pay on the self-service page (a later date is refused); longer than zero. Default 'P30D'",
    },
    disputeSla: duration,
    reversalWindow: duration,
    instalmentReminderLead: duration,
    resumeAfterBrokenPlan: { type: 'integer', minimum: 0, maximum: MAX_POLICY_STEPS - 1 },
    consolidationWindow: {
      ...duration,
      description: `how long one customer's e-mail steps falling due together are gathered into one e-mail listing each invoice, from the first; 'PT0S': every invoice writes alone; at most ${MAX_CONSOLIDATION_WINDOW}, no years or months. Default: the same send slot with a calendar, 'PT10S' with "calendar": null`,
    },
    contactBudget: {
      type: 'object',
      required: ['messages', 'per'],
      additionalProperties: false,
      description: `at most \`messages\` e-mails to one customer within any \`per\` (e.g. 2 per P7D): a batch past the budget waits until the budget allows it. Absent: no limit`,
      properties: {
        messages: { type: 'integer', minimum: 1, maximum: MAX_BUDGET_MESSAGES },
        per: { ...duration, description: `at most ${MAX_BUDGET_PERIOD}; no years or months` },
      },
    },
    steps: {
      type: 'array',
      description:
        "in order of `after` (two steps may share an offset; rule 'order'); a legal_file step is the last one and needs a formal_notice step before it (rule 'formal_notice_first')",
      minItems: 1,
      maxItems: MAX_POLICY_STEPS,
      items: {
        type: 'object',
        required: ['after', 'action'],
        properties: {
          after: duration,
          action: { enum: [...DUNNING_ACTIONS] },
          template: {
            enum: allStepTemplates(),
            description: `the template of the step, by action (${templatesByAction}); the action's default when absent`,
          },
          deadline: { ...duration, description: 'formal_notice only: the final deadline given to the debtor' },
          approval: {
            type: 'object',
            description:
              "the step waits for a manager's approval: an `approval` task is opened when the step is due, with `timeout` as its due date; `approved` runs the step, `rejected` pauses escalation (stage `paused`); without a decision `onTimeout` applies (`proceed` runs it, `hold` pauses). Resuming after a rejection or a hold asks again with a new task.",
            required: ['timeout', 'onTimeout'],
            properties: {
              timeout: {
                ...duration,
                description: 'how long the approval task waits for a decision, longer than zero',
              },
              onTimeout: { enum: [...APPROVAL_TIMEOUT_RULES] },
            },
          },
        },
      },
    },
  },
};

/** The checks of POST /v1/policies: the policy rules, then the templates its steps name. */
export function validatePolicyExample(value: unknown): void {
  const unknown = unknownStepTemplates(parseDunningPolicy(value));
  if (unknown.length) throw new Error(unknown.map((issue) => issue.message).join('; '));
}
