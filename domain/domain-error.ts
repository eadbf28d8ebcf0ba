/**
 * The one error type of the domain: every rule violation names the offending field path
 * (`steps[2].after`) and a short, stable rule id (`iso_duration`) so that the API can map it
 * to a 4xx naming the field and a workflow update validator can reject with the same words.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/** How a rejected value appears in a message: strings in single quotes, anything else as JSON. */
export function quote(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  return value === undefined ? 'undefined' : JSON.stringify(value);
}
