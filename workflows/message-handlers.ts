import { setHandler } from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import { isDomainError } from '../domain/domain-error';
import { DunningPolicy, parseDunningPolicy } from '../domain/dunning-policy';
import { scheduleSteps } from '../domain/dunning-schedule';
import type { Collection } from './collection';
import { invalid } from './collection-state';
import { escalationRank } from '../domain/escalation-rank';
import { serveDebtorMessages } from './debtor-message-handlers';
import { serveDeskMessages } from './desk-message-handlers';
import { refusalOf } from './failures';
import {
  CallOutcome,
  callOutcomeSignal,
  callOutcomeUpdate,
  Cancel,
  cancelUpdate,
  ContactUpdate,
  disputeRaisedSignal,
  disputeRaisedUpdate,
  DisputeResolved,
  disputeResolvedUpdate,
  instalmentAgreedSignal,
  instalmentAgreedUpdate,
  MovePolicy,
  movePolicyUpdate,
  Pause,
  pauseUpdate,
  paymentReceivedSignal,
  paymentReceivedUpdate,
  paymentReversedSignal,
  paymentReversedUpdate,
  PromiseToPay,
  promiseToPayUpdate,
  RatesUpdated,
  ratesUpdatedSignal,
  Resume,
  resumeUpdate,
  stateQuery,
  updateContactUpdate,
} from './messages';
import { registerCustomerNotices } from './customer-link';
import { InvoiceState } from './read-model';
import { contactCorrected } from './state/resends';

/**
 * Every message the invoice takes. One function serves a signal and an update. An update refuses bad input in its
 * validator, naming the field; a signal cannot answer, so its refusal is written to the proof trail. Handlers change
 * the state only and are synchronous; the main loop alone runs activities.
 */
export function registerMessageHandlers(c: Collection): void {
  const serve = server(c);
  serveMoneyMessages(c, serve);
  serveEscalationMessages(c, serve);
  serveDeskMessages(c, serve);
  serveDebtorMessages(c, serve);
  registerCustomerNotices(c);
  setHandler(ratesUpdatedSignal, (message) => applyRatesUpdated(c, message));
  setHandler(stateQuery, () => c.view);
}

export type Serve = ReturnType<typeof server>;

/** Payments, reversals and the commitments a debtor makes: plans, promises, disputes. */
function serveMoneyMessages(c: Collection, serve: Serve): void {
  const { state, timezone } = c;
  serve(
    paymentReceivedSignal,
    paymentReceivedUpdate,
    (p) => state.validatePayment(p),
    (p) => {
      // A part-payment acknowledges the debt and restarts limitation (art. 2240 C. civ.): a time-barred step may go on.
      if (state.applyPayment(p) && !state.closed) c.unblock(['time_barred'], `payment ${p.paymentId}`);
    },
  );
  serve(
    paymentReversedSignal,
    paymentReversedUpdate,
    (r) => state.validateReversal(r),
    (r) => state.applyReversal(r),
    (r) => state.validateReversal(r, true),
  );
  serve(
    instalmentAgreedSignal,
    instalmentAgreedUpdate,
    (plan) => state.validatePlan(plan, timezone),
    (plan) => state.applyPlan(plan, timezone, c.policy.instalmentGrace),
  );
  serve(
    disputeRaisedSignal,
    disputeRaisedUpdate,
    (d) => state.validateDispute(d),
    (d) => state.applyDispute(d, c.after(c.policy.disputeSla)),
  );
  serve<DisputeResolved>(
    null,
    disputeResolvedUpdate,
    (r) => state.validateResolution(r),
    (r) => state.applyResolution(r),
  );
  serve<PromiseToPay>(
    null,
    promiseToPayUpdate,
    (p) => state.validatePromise(p, timezone),
    (p) => state.applyPromise(p, timezone, c.policy.promiseGrace),
  );
}

/** What operations and collectors tell the ladder: holds, cancellation, policy moves, contacts, call outcomes. */
function serveEscalationMessages(c: Collection, serve: Serve): void {
  const { state, timezone } = c;
  serve<Pause>(
    null,
    pauseUpdate,
    (p) => state.validatePause(p, timezone),
    (p) => state.applyPause(p, timezone),
  );
  serve<Resume>(
    null,
    resumeUpdate,
    () => state.validateResume(),
    (r) => {
      state.applyResume(r);
      // A person who resumes a time-barred step has judged the limitation interrupted (an acknowledgement, a claim).
      c.unblock(['time_barred'], 'resume');
    },
  );
  serve<Cancel>(
    null,
    cancelUpdate,
    (m) => state.validateCancel(m),
    (m) => state.applyCancel(m),
  );
  serve(
    null,
    movePolicyUpdate,
    (m) => validateMove(c, m),
    (m) => applyMove(c, m),
  );
  serve<ContactUpdate>(
    null,
    updateContactUpdate,
    (m) => state.validateContact(m),
    (m) => applyContact(c, m),
  );
  serve(
    callOutcomeSignal,
    callOutcomeUpdate,
    (call) => state.validateCallOutcome(call, timezone),
    (call) => applyCallOutcome(c, call),
  );
}

function server(c: Collection) {
  const { state } = c;
  return function serve<T>(
    signal: SignalDefinition<[T]> | null,
    update: UpdateDefinition<InvoiceState, [T]>,
    validate: (message: T) => void,
    apply: (message: T) => void,
    validateSignal: (message: T) => void = validate,
  ): void {
    // A message sent without a payload (from the CLI or the UI) is an empty object, which validators then judge.
    const payload = (message: T | undefined): T => message ?? ({} as T);
    if (signal) {
      setHandler(signal, (message) => {
        const refusal = refusalOf(() => validateSignal(payload(message)));
        if (refusal) {
          // Nobody waits for a signal's answer: the refusal goes to the proof trail, where a person can see it.
          state.record('message_refused', { message: signal.name, reason: refusal, payload: message ?? null });
          state.changed();
          return;
        }
        apply(payload(message));
        c.settle();
      });
    }
    setHandler(
      update,
      (message) => {
        apply(payload(message));
        c.settle();
        return c.view;
      },
      { validator: (message) => validate(payload(message)) },
    );
  };
}

function applyContact(c: Collection, update: ContactUpdate): void {
  const previous = c.invoice.customer;
  c.invoice = {
    ...c.invoice,
    customer: {
      ...previous,
      ...(update.email !== undefined ? { email: update.email } : {}),
      ...(update.phone !== undefined ? { phone: update.phone } : {}),
      ...(update.address !== undefined ? { address: update.address } : {}),
    },
  };
  c.state.record('contact_updated', {
    ...(update.email !== undefined ? { email: { from: previous.email, to: update.email } } : {}),
    ...(update.phone !== undefined ? { phone: { from: previous.phone ?? null, to: update.phone } } : {}),
    ...(update.address !== undefined ? { address: { from: previous.address ?? null, to: update.address } } : {}),
    ...(update.by ? { by: update.by } : {}),
  });
  c.state.changed();
  // A letter waiting for a postal address is posted to the new one; a time-barred step is looked at again.
  c.unblock(update.address !== undefined ? ['address_missing', 'time_barred'] : ['time_barred'], 'contact update');
  // A step refused, bounced or returned on the old contact goes out again to the new one.
  if (c.patches.resendAfterContactFix) contactCorrected(c.state, update, previous);
}

/** A rate table was extended: a step waiting on that table (or on an unnamed one) is tried again. */
function applyRatesUpdated(c: Collection, message: RatesUpdated | undefined): void {
  const block = c.view.blocked;
  if (c.state.closed || block?.reason !== 'rates_outdated') return;
  if (block.table && message?.table && block.table !== message.table) return;
  c.unblock(['rates_outdated'], `rate table ${message?.table ?? 'updated'}`);
  c.settle();
}

function applyCallOutcome(c: Collection, call: CallOutcome): void {
  const { state, timezone, policy } = c;
  if (!state.applyCallOutcome(call)) return;
  const by = call.by ?? `collector (task ${call.taskId})`;
  if (call.outcome === 'promise_to_pay') {
    state.applyPromise(
      { promisedDate: call.promisedDate!, amount: call.promisedAmount, promisedBy: by },
      timezone,
      policy.promiseGrace,
    );
  } else if (call.outcome === 'dispute') {
    state.applyDispute({ reason: call.disputeReason!, raisedBy: by }, c.after(policy.disputeSla));
  }
}

function validateMove(c: Collection, move: MovePolicy): void {
  if (c.state.closed) throw invalid('status', `the invoice is ${c.view.status}; it takes no more of this message`);
  if (c.view.legalFile?.status === 'open') {
    throw invalid('policy', `the legal file ${c.view.legalFile.id} is open: a new ladder cannot start under it`);
  }
  let parsed: DunningPolicy;
  try {
    parsed = parseDunningPolicy(move?.policy);
    scheduleSteps(c.scheduleFor(parsed));
  } catch (error) {
    if (isDomainError(error)) throw invalid(`policy.${error.field}`, error.message);
    throw error;
  }
  if (parsed.id === c.policy.id && parsed.version === c.policy.version) {
    throw invalid('policy', `the invoice already follows ${c.policy.id} version ${c.policy.version}`);
  }
  if (move.fromStep !== undefined) {
    if (!Number.isInteger(move.fromStep) || move.fromStep < 0 || move.fromStep >= parsed.steps.length) {
      throw invalid('fromStep', `fromStep must be a step index from 0 to ${parsed.steps.length - 1}`);
    }
  }
}

function applyMove(c: Collection, move: MovePolicy): void {
  const { ladder, state, view } = c;
  const previous = c.policy;
  c.policy = parseDunningPolicy(move.policy);
  ladder.schedule = scheduleSteps(c.scheduleFor(c.policy));
  // A step running right now counts as taken: the new ladder must not send its equivalent a second time.
  const lastSent = ladder.running ?? [...view.history].reverse().find((record) => record.result === 'sent');
  const beyond = lastSent
    ? c.policy.steps.findIndex((step) => escalationRank(step.action) > escalationRank(lastSent.action))
    : 0;
  const fromStep = move.fromStep ?? (beyond === -1 ? c.policy.steps.length - 1 : beyond);
  ladder.nextIndex = fromStep;
  ladder.epoch++;
  // The new ladder's steps are run afresh: a block, an approval or a re-send of the old one does not carry over.
  view.blocked = null;
  if (view.approval) {
    state.followups.push({
      kind: 'close_tasks',
      key: `${view.approval.taskId}:moved`,
      kinds: ['approval'],
      outcome: 'policy_moved',
    });
    view.approval = null;
  }
  view.resend = null;
  view.policy = { id: c.policy.id, version: c.policy.version };
  view.ladder = (view.ladder ?? 0) + 1;
  state.record('policy_moved', {
    from: { id: previous.id, version: previous.version },
    to: view.policy,
    fromStep,
    ...(move.reason ? { reason: move.reason } : {}),
    ...(move.by ? { by: move.by } : {}),
  });
  state.followups.push({ kind: 'resume_escalation', fromIndex: fromStep });
  state.changed();
}
