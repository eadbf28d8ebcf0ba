import { DUNNING_ACTIONS, parseDunningPolicy } from '../domain/dunning-policy';

const duration = { type: 'string', description: "ISO 8601 duration, e.g. 'P15D', '-P3D', 'PT10S'" };

/** The policy shape as the API takes it (DESIGN.md); parseDunningPolicy is the validator, this the description. */
export const POLICY_JSON_SCHEMA = {
  type: 'object',
  required: ['id', 'name', 'calendar', 'instalmentGrace', 'promiseGrace', 'disputeSla', 'steps'],
  properties: {
    id: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{1,63}$' },
    version: { type: 'integer', minimum: 1, description: 'assigned (the next one) when absent' },
    name: { type: 'string', minLength: 1 },
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
    disputeSla: duration,
    reversalWindow: duration,
    resumeAfterBrokenPlan: { type: 'integer', minimum: 0 },
    steps: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['after', 'action'],
        properties: {
          after: duration,
          action: { enum: [...DUNNING_ACTIONS] },
          template: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
          deadline: { ...duration, description: 'formal_notice only: the final deadline given to the debtor' },
        },
      },
    },
  },
};

export function validatePolicyExample(value: unknown): void {
  parseDunningPolicy(value);
}
