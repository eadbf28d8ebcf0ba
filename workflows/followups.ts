import type { CustomerNoticeInput } from '../activities/contracts';
import { local, mainQueue } from './activity-proxies';
import type { Collection } from './collection';
import { permanentRefusal } from './failures';
import type { Followup } from './carried-state';
import type { InvoiceState } from './read-model';
import { attachClaimTask } from './state/payment-claims';
import { attachPlanRequestTask } from './state/plan-requests';

/** Does the work messages asked for, in the order they asked: resuming escalation, notices, support tasks. */
export async function runFollowups(c: Collection): Promise<void> {
  while (c.state.followups.length > 0) await runFollowup(c, c.state.followups.shift()!);
}

async function runFollowup(c: Collection, followup: Followup): Promise<void> {
  const { done, view } = c;
  switch (followup.kind) {
    case 'resume_escalation':
      c.resumeEscalation(followup.fromIndex, followup.bringForward);
      return;

    case 'notice': {
      if (done.has(followup.key)) return;
      const payment = view.payments.find((p) => p.paymentId === followup.paymentId);
      // No thanks for a payment reversed before the thank-you went out (a cheque returned within seconds).
      if (c.patches.current && followup.template === 'payment-thanks' && payment?.reversed) {
        done.add(followup.key);
        return;
      }
      await notify(c, {
        key: followup.key,
        template: followup.template,
        ...(view.plan ? { plan: view.plan } : {}),
        ...(followup.instalmentIndex !== undefined ? { instalmentIndex: followup.instalmentIndex } : {}),
        ...(payment
          ? { payment: { paymentId: payment.paymentId, amount: payment.amount, receivedAt: payment.receivedAt } }
          : {}),
      });
      done.add(followup.key);
      return;
    }
    case 'support_task':
      if (done.has(followup.key)) return;
      try {
        await mainQueue.createSupportTask.executeWithOptions({ summary: `support task « ${followup.taskKind} »` }, [
          { invoice: c.invoice, key: followup.key, kind: followup.taskKind, reason: followup.reason },
        ]);
      } catch (error) {
        const refusal = permanentRefusal(error);
        if (!refusal) throw error;
        c.state.record('task_failed', { key: followup.key, kind: followup.taskKind, reason: refusal.message });
        c.state.changed();
      }
      done.add(followup.key);
      return;
    case 'answer_task': {
      if (done.has(followup.key)) return;
      const { key, taskKind, reason, detail } = followup;
      let taskId = key;
      try {
        ({ taskId } = await mainQueue.createSupportTask.executeWithOptions(
          { summary: `${taskKind} task for the debtor's answer (${key})` },
          [{ invoice: c.invoice, key, kind: taskKind, reason, detail }],
        ));
      } catch (error) {
        // No task could be opened: the claim or request keeps the key as its id, for a person to find on the trail.
        const refusal = permanentRefusal(error);
        if (!refusal) throw error;
        c.state.record('task_failed', { key, kind: taskKind, reason: refusal.message });
      }
      if (taskKind === 'verify_payment') attachClaimTask(c.state, key, taskId);
      else attachPlanRequestTask(c.state, key, taskId);
      c.state.changed();
      done.add(key);
      return;
    }
    case 'close_tasks':
      if (done.has(followup.key)) return;
      await local.closeInvoiceTasks.executeWithOptions({ summary: `close ${followup.kinds.join(', ')} tasks` }, [
        { invoiceId: c.invoice.id, outcome: followup.outcome, kinds: followup.kinds },
      ]);
      done.add(followup.key);
      return;
    case 'close_legal_file': {
      if (done.has(followup.key)) return;
      const { legalFileId, outcome, note, by } = followup;
      try {
        await mainQueue.closeLegalFileRecord.executeWithOptions(
          { summary: `close legal file ${legalFileId}: ${outcome}` },
          [{ invoiceId: c.invoice.id, legalFileId, outcome, ...(note ? { note } : {}), ...(by ? { by } : {}) }],
        );
      } catch (error) {
        // The invoice is closed either way: a record the activity refuses is left on the proof trail for a person.
        const refusal = permanentRefusal(error);
        if (!refusal) throw error;
        c.state.record('task_failed', { key: followup.key, kind: 'close_legal_file', reason: refusal.message });
        c.state.changed();
      }
      done.add(followup.key);
      return;
    }
    case 'reopen_legal_file':
      if (done.has(followup.key)) return;
      await mainQueue.reopenLegalFileRecord.executeWithOptions(
        { summary: `reopen legal file ${followup.legalFileId}: payment ${followup.paymentId} reversed` },
        [{ invoiceId: c.invoice.id, legalFileId: followup.legalFileId, paymentId: followup.paymentId }],
      );
      done.add(followup.key);
      return;
  }
}

/** Sends a notice to the customer once; a refused address is recorded on the proof trail, not retried. */
export async function notify(c: Collection, notice: Omit<CustomerNoticeInput, 'invoice' | 'balance'>): Promise<void> {
  // While the customer is held or in insolvency proceedings, no message reaches it, not even a thank-you.
  const withheld = customerSilence(c.view);
  if (withheld) {
    c.state.record('notice_withheld', { key: notice.key, template: notice.template, reason: withheld });
    c.state.changed();
    return;
  }
  try {
    await c.mail.sendCustomerNotice.executeWithOptions({ summary: `notice « ${notice.template} »` }, [
      { invoice: c.invoice, balance: c.view.balance, ...notice },
    ]);
  } catch (error) {
    const refusal = permanentRefusal(error);
    if (!refusal) throw error;
    c.state.record('notice_failed', { key: notice.key, template: notice.template, reason: refusal.message });
    c.state.changed();
  }
}

/** Why nothing may be sent to the customer now, if anything forbids it. */
function customerSilence(view: InvoiceState): string | undefined {
  const hold = view.customerHolds?.[0];
  if (hold) return `customer hold ${hold.holdId} (${hold.kind}): ${hold.reason}`;
  if (view.insolvency && !view.insolvency.outcome) return `insolvency proceedings (${view.insolvency.procedure})`;
  return undefined;
}
