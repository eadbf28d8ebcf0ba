import { DomainError, isDomainError } from '../../domain/domain-error';

describe('DomainError', () => {
  it('carries the field path, the rule id and the message', () => {
    const error = new DomainError(
      'steps[2].after',
      'iso_duration',
      "steps[2].after: 'P1X' is not an ISO 8601 duration",
    );
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('DomainError');
    expect(error.field).toBe('steps[2].after');
    expect(error.rule).toBe('iso_duration');
    expect(error.message).toBe("steps[2].after: 'P1X' is not an ISO 8601 duration");
  });

  it('is recognised by isDomainError and plain errors are not', () => {
    expect(isDomainError(new DomainError('a', 'b', 'c'))).toBe(true);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(isDomainError('x')).toBe(false);
  });
});
