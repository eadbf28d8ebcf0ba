import { DomainError } from '../../domain/domain-error';

/** Runs `fn`, expects it to throw a DomainError, and returns it for assertions on field and rule. */
export function domainError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
