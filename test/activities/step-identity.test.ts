import { stepMessageId, stepRecordId } from '../../activities/mail-activities';

describe('the identity of a step in the proof trail and on the wire', () => {
  const from = 'Atelier Martin <recouvrement@atelier-martin.test>';

  it('is the same on every attempt, so a retry finds what an earlier one recorded and sent', () => {
    expect(stepRecordId('F-1', { index: 2, action: 'email' })).toBe('F-1:step-2:email');
    expect(stepMessageId('F-1', 2, from)).toBe(stepMessageId('F-1', 2, from));
    expect(stepMessageId('F-1', 2, from)).toMatch(/^<[0-9a-f]{32}\.step-2@atelier-martin\.test>$/);
  });

  it('differs per invoice and per step', () => {
    expect(stepMessageId('F-1', 2, from)).not.toBe(stepMessageId('F-2', 2, from));
    expect(stepMessageId('F-1', 2, from)).not.toBe(stepMessageId('F-1', 3, from));
  });

  it('keeps the steps of a new policy apart from those of the old one, and leaves invoices never moved unchanged', () => {
    expect(stepRecordId('F-1', { index: 2, action: 'email' }, 0)).toBe('F-1:step-2:email');
    expect(stepRecordId('F-1', { index: 2, action: 'email' }, 1)).toBe('F-1:step-2:email:ladder-1');
    expect(stepMessageId('F-1', 2, from, 0)).toBe(stepMessageId('F-1', 2, from));
    expect(stepMessageId('F-1', 2, from, 1)).not.toBe(stepMessageId('F-1', 2, from));
  });
});
