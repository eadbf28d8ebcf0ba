import { FRENCH_B2B_POLICY } from '../../../domain/dunning-policy';
import { CollectionState } from '../../../workflows/collection-state';
import type { InsolvencyNotice } from '../../../workflows/customer-messages';
import type { InvoiceCollectionInput } from '../../../workflows/messages';
import { applyCustomerHold, applyInsolvency } from '../../../workflows/state/customer-notices';

function setup() {
  const input: InvoiceCollectionInput = {
    invoice: {
      id: 'F-2026-0042',
      customer: {
        id: 'C-1',
        name: 'Dupont SARL',
        email: 'ap@dupont.test',
        locale: 'fr-FR',
        timezone: 'Europe/Paris',
        country: 'FR',
      },
      amount: 120_000,
      currency: 'EUR',
      issueDate: '2026-02-01',
      dueDate: '2026-03-03',
    },
    policy: FRENCH_B2B_POLICY,
  };
  return new CollectionState(input, '2026-03-03T23:00:00.000Z', () => '2026-03-10T10:00:00.000Z');
}

const opened: InsolvencyNotice = {
  procedure: 'redressement',
  openedOn: '2026-03-08',
  publishedOn: '2026-03-12',
  declareBy: '2026-05-12',
  taskId: 'C-1:insolvency:file_claim',
};

describe('what the customer tells its invoices', () => {
  it('holds escalation while any customer hold stands, once per hold id, and resumes when the last is lifted', () => {
    const state = setup();
    applyCustomerHold(state, { holdId: 'H1', kind: 'do_not_contact', reason: 'lawyer asked' });
    applyCustomerHold(state, { holdId: 'H1', kind: 'do_not_contact', reason: 'lawyer asked' });
    applyCustomerHold(state, { holdId: 'H2', kind: 'pause', reason: 'negotiating' });
    expect(state.view.customerHolds!.map((h) => h.holdId)).toEqual(['H1', 'H2']);
    expect([state.escalating, state.view.stage]).toEqual([false, 'paused']);

    applyCustomerHold(state, { holdId: 'H1', kind: 'do_not_contact', reason: '', lifted: true });
    expect([state.escalating, state.followups]).toEqual([false, []]);
    applyCustomerHold(state, { holdId: 'H2', kind: 'pause', reason: '', lifted: true });
    applyCustomerHold(state, { holdId: 'H2', kind: 'pause', reason: '', lifted: true });
    expect(state.escalating).toBe(true);
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
    expect(state.pendingEvents.map((e) => e.kind)).toEqual([
      'customer_hold_placed',
      'customer_hold_placed',
      'customer_hold_lifted',
      'customer_hold_lifted',
    ]);
  });

  it('freezes the invoice in insolvency, resumes it when the procedure is dismissed', () => {
    const state = setup();
    applyInsolvency(state, opened);
    applyInsolvency(state, opened);
    expect([state.escalating, state.view.stage]).toEqual([false, 'insolvency']);
    applyInsolvency(state, { ...opened, outcome: 'dismissed' });
    expect(state.escalating).toBe(true);
    expect(state.view.insolvency?.outcome).toBe('dismissed');
    expect(state.followups).toEqual([{ kind: 'resume_escalation' }]);
    expect(state.pendingEvents.map((e) => e.kind)).toEqual(['insolvency_opened', 'insolvency_closed']);
  });

  it('keeps an invoice frozen under an adopted plan, and writes it off when assets are insufficient', () => {
    const planned = setup();
    applyInsolvency(planned, opened);
    applyInsolvency(planned, { ...opened, outcome: 'plan_adopted' });
    expect([planned.escalating, planned.view.stage, planned.view.status]).toEqual([false, 'insolvency', 'open']);

    const liquidated = setup();
    applyInsolvency(liquidated, { ...opened, procedure: 'liquidation' });
    applyInsolvency(liquidated, { ...opened, procedure: 'liquidation', outcome: 'insufficient_assets', by: 'ops' });
    expect(liquidated.view.status).toBe('written_off');
    expect(liquidated.view.writeOff?.reason).toMatch(/insufficient assets/);
  });

  it('ignores a closing for another procedure than the one in progress', () => {
    const state = setup();
    applyInsolvency(state, opened);
    applyInsolvency(state, { ...opened, openedOn: '2025-01-01', outcome: 'insufficient_assets' });
    expect([state.view.status, state.view.insolvency?.outcome]).toEqual(['open', null]);
  });
});
