import { ApplicationFailure } from '@temporalio/common';
import { DomainError } from '../../../domain/domain-error';
import { FailureType } from '../../../domain/failure-types';
import { refuseOnDomainError } from '../../../workflows/state/refusal';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

describe('refuseOnDomainError', () => {
  it('passes on what the rule returns', () => {
    expect(refuseOnDomainError(() => 42)).toBe(42);
  });

  it('turns a DomainError into a non-retryable InvalidMessage naming the field, its message kept as it was', () => {
    const failure = thrown(() =>
      refuseOnDomainError(() => {
        throw new DomainError(
          'instalments[0].dueDate',
          'future',
          "instalments[0].dueDate: '2026-03-01' is not in the future",
        );
      }),
    ) as ApplicationFailure;
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({
      type: FailureType.InvalidMessage,
      nonRetryable: true,
      message: "instalments[0].dueDate: '2026-03-01' is not in the future",
      details: [{ field: 'instalments[0].dueDate' }],
    });
  });

  it('leaves any other error alone: a bug is not a refusal', () => {
    const bug = new TypeError('undefined is not a function');
    expect(
      thrown(() =>
        refuseOnDomainError(() => {
          throw bug;
        }),
      ),
    ).toBe(bug);
  });
});
