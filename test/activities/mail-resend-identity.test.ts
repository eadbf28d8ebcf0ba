import { contextRecordId, stepMessageId, stepRecordId } from '../../activities/mail-activities';
import { anInvoice, aStep } from './fixtures';

const from = 'Atelier Martin <recouvrement@atelier-martin.test>';

describe('the identity of a re-sent step', () => {
  it('keeps the ids of a step that was never re-sent, as running histories and stored rows know them', () => {
    expect(stepRecordId('F-1', { index: 2, action: 'email' }, 0, 0)).toBe('F-1:step-2:email');
    expect(stepMessageId('F-1', 2, from, 0, 0)).toBe(stepMessageId('F-1', 2, from));
    expect(stepMessageId('F-1', 2, from, 1, 0)).toBe(stepMessageId('F-1', 2, from, 1));
  });

  it('gives each re-send its own record id and Message-ID', () => {
    expect(stepRecordId('F-1', { index: 2, action: 'email' }, 0, 1)).toBe('F-1:step-2:email:resend-1');
    expect(stepRecordId('F-1', { index: 2, action: 'email' }, 1, 2)).toBe('F-1:step-2:email:ladder-1:resend-2');
    const ids = [0, 1, 2].map((resend) => stepMessageId('F-1', 2, from, 0, resend));
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toMatch(/^<[0-9a-f]{32}\.step-2\.resend-1@atelier-martin\.test>$/);
    expect(stepMessageId('F-1', 2, from, 1, 1)).not.toBe(ids[1]);
  });

  it('reads the re-send from the step context', () => {
    const invoice = anInvoice();
    expect(contextRecordId(aStep(invoice))).toBe(`${invoice.id}:step-1:email`);
    expect(contextRecordId({ ...aStep(invoice), ladder: 1, resend: 1 })).toBe(
      `${invoice.id}:step-1:email:ladder-1:resend-1`,
    );
  });
});
