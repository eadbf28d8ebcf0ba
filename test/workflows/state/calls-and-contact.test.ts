import { ApplicationFailure } from '@temporalio/common';
import { FRENCH_B2B_POLICY } from '../../../domain/dunning-policy';
import { CollectionState } from '../../../workflows/collection-state';

function state() {
  const invoice = {
    id: 'F-1',
    customer: {
      id: 'C-1',
      name: 'Dupont',
      email: 'ap@dupont.test',
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      country: 'FR',
    },
    amount: 1_000,
    currency: 'EUR',
    issueDate: '2026-02-01',
    dueDate: '2026-03-03',
  };
  return new CollectionState(
    { invoice, policy: FRENCH_B2B_POLICY },
    '2026-03-03T23:00:00.000Z',
    () => '2026-03-10T10:00:00.000Z',
  );
}

describe('a corrected contact', () => {
  it('is refused when the address would list a second recipient, as the mail relay would refuse it', () => {
    const refused = (() => {
      try {
        state().validateContact({ email: 'ap@dupont.fr,boss@dupont.fr' });
      } catch (error) {
        return error as ApplicationFailure;
      }
      return undefined;
    })();
    expect(refused).toMatchObject({ type: 'InvalidMessage', details: [{ field: 'email' }] });
  });
});
