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

describe('a corrected postal address', () => {
  const field = (run: () => void) => {
    try {
      run();
    } catch (error) {
      return ((error as ApplicationFailure).details?.[0] as { field: string }).field;
    }
    return null;
  };
  const address = { lines: ['12 rue des Tanneurs'], postcode: '69002', city: 'Lyon', country: 'FR' };

  it('is taken alone, without an e-mail or a phone', () => {
    expect(field(() => state().validateContact({ address }))).toBeNull();
  });

  it('is refused, naming the field, when it cannot be printed in an envelope window', () => {
    expect(field(() => state().validateContact({ address: { ...address, lines: [] } }))).toBe('address.lines');
    expect(field(() => state().validateContact({ address: { ...address, lines: ['a\nb'] } }))).toBe('address.lines[0]');
    expect(field(() => state().validateContact({ address: { ...address, city: ' ' } }))).toBe('address.city');
    expect(field(() => state().validateContact({ address: { ...address, country: 'France' } }))).toBe(
      'address.country',
    );
  });
});

describe('resume', () => {
  it('is taken by a step blocked as time-barred, and refused when nothing holds escalation', () => {
    const s = state();
    expect(() => s.validateResume()).toThrow(/not paused/);
    s.view.blocked = {
      index: 5,
      action: 'formal_notice',
      template: 'formal-notice',
      reason: 'time_barred',
      taskId: 'T-1',
      message: 'time-barred',
      since: s.now(),
      checkedAt: s.now(),
    };
    expect(() => s.validateResume()).not.toThrow();
  });
});
