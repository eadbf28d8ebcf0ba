import type { Request } from 'express';
import { z } from 'zod';
import { MAX_INT32 } from './field-schemas';
import { ValidationError } from './http-errors';

/**
 * What a path segment may name: the ids Relance and its clients make (invoice, task, legal file, policy, batch and
 * event ids) are letters, digits and `. _ : -`. Anything else, a decoded `%00` included, is refused before it reaches
 * PostgreSQL or Temporal.
 */
export const PATH_PARAMS = {
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,299}$/, 'must be an id: letters, digits, . _ : - (at most 300)'),
  eventId: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/, 'must be an id: letters, digits, . _ : - (at most 100)'),
  table: z.string().regex(/^[A-Z][A-Z_]{0,39}$/, 'must be a rate table name such as ECB_MRO'),
  version: z
    .string()
    .regex(/^[1-9][0-9]{0,9}$/, `must be a version number from 1 to ${MAX_INT32}`)
    .refine((v) => Number(v) <= MAX_INT32, `must be a version number from 1 to ${MAX_INT32}`),
} as const;

export type PathParamName = keyof typeof PATH_PARAMS;

/** A path parameter, checked; a bad one is a 400 naming it. */
export function pathParam(req: Request, name: PathParamName): string {
  const raw = req.params[name];
  const result = PATH_PARAMS[name].safeParse(raw);
  if (result.success) return result.data;
  const message = result.error.issues[0]?.message ?? 'is not valid';
  throw new ValidationError([{ field: name, rule: 'path_parameter', message: `${name}: ${message}` }]);
}
