import { z } from 'zod';

/** A request body as /openapi.json documents it, with the examples a test runs through the real validation. */
export interface DocumentedBody {
  schema: object;
  examples: unknown[];
  /** Throws when a value does not pass the same validation real requests go through. */
  validate: (value: unknown) => void;
}

export const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });

/** A body validated by a zod schema: the document shows that very schema. */
export const zodBody = (schema: z.ZodType, ...examples: unknown[]): DocumentedBody => ({
  schema: jsonSchema(schema),
  examples,
  validate: (value) => void schema.parse(value),
});
