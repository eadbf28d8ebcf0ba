import { z } from 'zod';
import { DomainError } from '../../domain/domain-error';
import { FieldIssue, ValidationError } from './http-errors';

/** Validates once, at the edge: the result is typed by the schema, or a 400 naming every bad field. */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const result = schema.safeParse(body ?? {});
  if (result.success) return result.data;
  throw new ValidationError(result.error.issues.map(toFieldIssue));
}

function toFieldIssue(issue: z.core.$ZodIssue): FieldIssue {
  const field = issue.path.length
    ? issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('')
    : '(body)';
  return { field, rule: issue.code, message: `${field}: ${issue.message}` };
}

/** Runs a domain rule and turns its DomainError into the same shape as a schema error (400, or the status given). */
export function domainCheck<T>(run: () => T, fieldPrefix = '', status = 400): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof DomainError) {
      const field = `${fieldPrefix}${error.field}`;
      throw new ValidationError(
        [
          {
            field,
            rule: error.rule,
            message: error.message.startsWith(error.field)
              ? `${fieldPrefix}${error.message}`
              : `${field}: ${error.message}`,
          },
        ],
        status,
      );
    }
    throw error;
  }
}
