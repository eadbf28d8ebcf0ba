import { allocateOver, paymentOrder, referencedIds } from '../../activities/customer-activities';

describe('which invoices a customer payment pays, in order', () => {
  const ids = ['F-2026-001', 'F-2026-002', 'f-2026-010', 'A:7'];

  it('reads invoice ids from a reference between characters no id holds, trailing punctuation trimmed', () => {
    expect(referencedIds(ids, 'Règlement F-2026-002, F-2026-001.')).toEqual(['F-2026-002', 'F-2026-001']);
    expect(referencedIds(ids, 'ref A:7 / F-2026-001;')).toEqual(['A:7', 'F-2026-001']);
  });

  it('takes exact ids before ids matching but for case', () => {
    expect(referencedIds(ids, 'F-2026-010 f-2026-002')).toEqual(['f-2026-010', 'F-2026-002']);
    expect(referencedIds(ids, 'f-2026-002 f-2026-010')).toEqual(['f-2026-010', 'F-2026-002']);
  });

  it('names no invoice when a case-insensitive match is ambiguous, or for an unknown or missing reference', () => {
    expect(referencedIds(['F-1', 'f-1'], 'F-1')).toEqual(['F-1']);
    expect(referencedIds(['Ab-1', 'aB-1'], 'AB-1')).toEqual([]);
    expect(referencedIds(ids, 'F-2026-0011')).toEqual([]);
    expect(referencedIds(ids, undefined)).toEqual([]);
  });

  it('puts the invoices named first, then the others in the order given (oldest due first)', () => {
    const invoices = ids.map((id) => ({ id }));
    expect(paymentOrder(invoices, 'A:7').map((i) => i.id)).toEqual(['A:7', 'F-2026-001', 'F-2026-002', 'f-2026-010']);
  });

  it('gives each invoice what it owes until the payment runs out, the rest as credit', () => {
    const invoices = [
      { id: 'a', owed: 300 },
      { id: 'zero', owed: 0 },
      { id: 'b', owed: 500 },
      { id: 'c', owed: 400 },
    ];
    expect(allocateOver(600, invoices)).toEqual({
      shares: [
        { invoiceId: 'a', amount: 300 },
        { invoiceId: 'b', amount: 300 },
      ],
      credit: 0,
    });
    expect(allocateOver(1_500, invoices).credit).toBe(300);
    expect(allocateOver(100, [])).toEqual({ shares: [], credit: 100 });
  });
});
