import type { TaskRow } from '../../../db/tasks';
import { checkCompletionBody, outcomesOf, planCompletion } from '../../../api/tasks/task-completions';
import { ValidationError } from '../../../api/http/http-errors';
import type { TemporalGateway } from '../../../api/temporal/temporal-gateway';

/** The per-kind rules of a completion, checked without PostgreSQL or Temporal. */
describe('task completions', () => {
  const now = new Date('2026-06-15T10:00:00Z');
  const temporal = {} as TemporalGateway;
  const task = (kind: string, progress: Record<string, unknown> | null = null): TaskRow => ({
    id: `F-1:${kind}`,
    invoiceId: 'F-1',
    kind,
    status: 'open',
    customer: { name: 'Boulangerie Dupont', timezone: 'Europe/Paris' },
    phone: null,
    amount: 1_000,
    balance: 1_000,
    currency: 'EUR',
    daysLate: 30,
    context: kind === 'post_letter' ? { letter: 'formal-notice' } : {},
    owner: 'mail-room',
    dueAt: now.toISOString(),
    outcome: null,
    note: null,
    createdAt: now.toISOString(),
    closedAt: null,
    completedBy: null,
    outcomeDetail: null,
    progress,
    customerId: 'C-1',
    invoices: [{ invoiceId: 'F-1', recordId: `F-1:${kind}`, addedAt: now.toISOString() }],
  });
  const plan = (kind: string, body: object, progress?: Record<string, unknown>) =>
    planCompletion(task(kind, progress), body, { temporal, by: 'ops:1', now });
  const refusal = (run: () => unknown) => {
    try {
      run();
    } catch (error) {
      if (error instanceof ValidationError) return { status: error.status, issues: error.issues };
      throw error;
    }
    throw new Error('expected a refusal');
  };

  it('names the outcomes of each kind, and resolved for every other kind', () => {
    expect(outcomesOf('post_letter')).toEqual([
      'posted',
      'delivered',
      'returned_unclaimed',
      'refused',
      'address_unknown',
    ]);
    expect(outcomesOf('fix_contact')).toEqual(['fixed', 'unreachable']);
    expect(outcomesOf('approval')).toEqual(['approved', 'rejected']);
    expect(outcomesOf('file_claim')).toEqual(['filed']);
    expect(outcomesOf('dispute_review')).toEqual(['resolved']);
    expect(outcomesOf('something_new')).toEqual(['resolved']);
  });

  it('answers 422 naming outcome, with the outcomes of the kind, for an outcome of another kind or of none', () => {
    for (const outcome of ['reached', 'nonsense']) {
      expect(refusal(() => plan('approval', { outcome }))).toEqual({
        status: 422,
        issues: [expect.objectContaining({ field: 'outcome', message: expect.stringContaining('approved, rejected') })],
      });
    }
  });

  it('checks the bounds of every field before any task is looked up, and what an outcome needs once its kind is known', () => {
    expect(refusal(() => checkCompletionBody({ outcome: 'no_answer', note: 'a\u0000b' })).issues[0]?.field).toBe(
      'note',
    );
    expect(refusal(() => checkCompletionBody({ outcome: 'posted', postedOn: '15/06/2026' })).issues[0]?.field).toBe(
      'postedOn',
    );
    expect(refusal(() => checkCompletionBody({ outcome: 'fixed', email: 'nope' })).issues[0]?.field).toBe('email');
    expect(refusal(() => checkCompletionBody({ outcome: 'resolved', by: 'me' })).status).toBe(400);
    expect(refusal(() => checkCompletionBody({})).issues[0]?.field).toBe('outcome');
    expect(() => checkCompletionBody({ outcome: 'unknown-to-all' })).not.toThrow();
    expect(refusal(() => plan('post_letter', { outcome: 'posted', postedOn: '2026-06-12' })).issues[0]?.field).toBe(
      'trackingNumber',
    );
    expect(refusal(() => plan('fix_contact', { outcome: 'fixed' })).issues[0]?.field).toBe('email');
    expect(refusal(() => plan('file_claim', { outcome: 'filed', filedOn: '2026-06-01' })).issues[0]?.field).toBe(
      'reference',
    );
    expect(refusal(() => plan('approval', { outcome: 'promise_to_pay' })).status).toBe(422);
  });

  it('keeps a posted letter open and closes it on delivery, carrying the posting, never before it', () => {
    const posted = plan('post_letter', { outcome: 'posted', trackingNumber: 'RK 1', postedOn: '2026-06-12' });
    expect(posted).toMatchObject({ outcome: 'posted', closes: false, detail: { letter: 'formal-notice' } });
    const progress = { outcome: 'posted', trackingNumber: 'RK 1', postedOn: '2026-06-12' };
    const delivered = plan('post_letter', { outcome: 'delivered', deliveredOn: '2026-06-14' }, progress);
    expect(delivered).toMatchObject({
      closes: true,
      detail: { letter: 'formal-notice', trackingNumber: 'RK 1', postedOn: '2026-06-12', deliveredOn: '2026-06-14' },
    });
    const early = refusal(() => plan('post_letter', { outcome: 'delivered', deliveredOn: '2026-06-11' }, progress));
    expect(early.issues[0]).toMatchObject({ field: 'deliveredOn', rule: 'after_posting' });
    const future = refusal(() => plan('post_letter', { outcome: 'delivered', deliveredOn: '2026-06-16' }));
    expect(future).toEqual({
      status: 422,
      issues: [expect.objectContaining({ field: 'deliveredOn', rule: 'not_future' })],
    });
  });

  it('tells the workflow of letters, contacts fixed and approvals, and of nothing else', () => {
    expect(plan('fix_contact', { outcome: 'fixed', phone: '+33 4 00 00 00 00' }).tell).toBeDefined();
    expect(plan('fix_contact', { outcome: 'unreachable' }).tell).toBeUndefined();
    expect(plan('approval', { outcome: 'rejected', note: 'no' }).tell).toBeDefined();
    expect(plan('file_claim', { outcome: 'filed', filedOn: '2026-06-01', reference: 'MJ-1' }).tell).toBeUndefined();
    expect(plan('mail_relay', { outcome: 'resolved' }).tell).toBeUndefined();
  });
});
