import {
  ActivityCancellationType,
  ActivityFailure,
  allHandlersFinished,
  ApplicationFailure,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setCurrentDetails,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { createActivities } from '../activities';
import type { CustomerNoticeInput } from '../activities/contracts';
import type { StepContext } from '../activities/mail-activities';
import { isDomainError } from '../domain/domain-error';
import { dueMoment } from '../domain/due-moment';
import {
  DEFAULT_INSTALMENT_REMINDER_LEAD,
  DEFAULT_REVERSAL_WINDOW,
  DunningAction,
  DunningPolicy,
  parseDunningPolicy,
} from '../domain/dunning-policy';
import {
  formalNoticeDeadline,
  rebaseSchedule,
  reminderSlot,
  scheduleSteps,
  selectCatchUp,
  ScheduledStep,
} from '../domain/dunning-schedule';
import { addIsoDuration, isNegativeDuration, isoDurationToMillis, parseIsoDuration } from '../domain/iso-duration';
import { toMajorUnits } from '../domain/money';
import { CollectionState, invalid } from './collection-state';
import { describeState } from './describe-state';
import {
  CallOutcome,
  callOutcomeSignal,
  Cancel,
  ContactUpdate,
  DisputeResolved,
  Pause,
  PromiseToPay,
  Resume,
  callOutcomeUpdate,
  cancelUpdate,
  disputeRaisedSignal,
  disputeRaisedUpdate,
  disputeResolvedUpdate,
  Followup,
  instalmentAgreedSignal,
  instalmentAgreedUpdate,
  InstalmentView,
  InvoiceCollectionInput,
  InvoiceCollectionResult,
  InvoiceState,
  mailTaskQueue,
  MovePolicy,
  movePolicyUpdate,
  NextActionKind,
  pauseUpdate,
  paymentReceivedSignal,
  paymentReceivedUpdate,
  paymentReversedSignal,
  paymentReversedUpdate,
  promiseToPayUpdate,
  resumeUpdate,
  stateQuery,
  TimelineEntry,
  updateContactUpdate,
} from './messages';
import { AMOUNT_OUTSTANDING, DUNNING_STAGE, INVOICE_ID, NEXT_ACTION_AT } from './search-attributes';
import { waitUntil } from './wait-until';

type Activities = ReturnType<typeof createActivities>;

/** Side effects that reach customers are retried with backoff; a permanent refusal is a named, non-retryable failure. */
const ACTIVITY_OPTIONS = {
  startToCloseTimeout: '2 minutes',
  // Activities heartbeat while they run: an attempt whose worker died is retried within seconds, not minutes.
  heartbeatTimeout: '20 seconds',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
  // A step stopped by a payment or a dispute while it waits in the (rate-limited) queue never starts; one already
  // running finishes, and its result says whether it was sent.
  cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
} as const;

const acts = proxyActivities<Activities>(ACTIVITY_OPTIONS);

/** Projections to the app database are cheap and idempotent: local activities keep them out of the history's way. */
const local = proxyLocalActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** Well below Temporal's 51,200-event limit, and what the server itself suggests continuing as new at. */
const DEFAULT_HISTORY_LIMIT = 4_000;

/**
 * How late a step may start before it counts as delayed by an outage and moves to the next send slot: on the calendar,
 * a step still goes out the same morning; with the calendar off (seconds-apart ladders), a few seconds.
 */
const LATE_ON_CALENDAR_MS = 3 * 3_600_000;
const LATE_WITHOUT_CALENDAR_MS = 5_000;

/** Escalation order: moving to a new policy continues with the first step beyond what was already done. */
const RANK: Record<DunningAction, number> = { email: 0, phone_task: 1, letter: 2, formal_notice: 3, legal_file: 4 };

interface Move {
  kind: NextActionKind;
  /** null: nothing is scheduled, only a message moves the invoice on. */
  at: string | null;
  summary: string;
  run: () => Promise<void> | void;
}

export async function invoiceCollection(input: InvoiceCollectionInput): Promise<InvoiceCollectionResult> {
  const { carried } = input;
  /** The invoice as collection knows it now: a corrected contact replaces the one given at start. */
  let invoice = input.invoice;
  const timezone = invoice.customer.timezone;
  let policy = input.policy;
  const now = () => new Date().toISOString();
  const dueAt = dueMoment(invoice.dueDate, timezone);
  const scheduleFor = (p: DunningPolicy) => ({
    dueDate: invoice.dueDate,
    timezone,
    country: invoice.customer.country,
    policy: p,
  });
  let schedule: ScheduledStep[] = carried?.schedule ?? scheduleSteps(scheduleFor(policy));
  let nextIndex = carried?.nextIndex ?? 0;
  /** Bumped when a policy move replaces the ladder under a step that is running. */
  let ladderEpoch = 0;
  /** The ladder step whose activity is under way, if any. */
  let running: ScheduledStep | null = null;
  const done = new Set(carried?.done ?? []);
  /** When the invoice's collection began: steps due before it are backlog, caught up to the most advanced one. */
  const onboardedAt = workflowInfo().startTime.toISOString();
  const state = new CollectionState(input, dueAt, now);
  const { view } = state;
  const mail = proxyActivities<Activities>({ ...ACTIVITY_OPTIONS, taskQueue: mailTaskQueue(workflowInfo().taskQueue) });

  // ── Messages ────────────────────────────────────────────────────────────────────────────────
  // One function serves a signal and an update. An update refuses bad input in its validator, naming the field; a
  // signal cannot answer, so its refusal is written to the proof trail. Handlers change the state only; the main loop
  // alone runs activities.

  function serve<T>(
    signal: SignalDefinition<[T]> | null,
    update: UpdateDefinition<InvoiceState, [T]>,
    validate: (message: T) => void,
    apply: (message: T) => void,
    validateSignal: (message: T) => void = validate,
  ) {
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
        settle();
      });
    }
    setHandler(
      update,
      (message) => {
        apply(payload(message));
        settle();
        return view;
      },
      { validator: (message) => validate(payload(message)) },
    );
  }

  serve(
    paymentReceivedSignal,
    paymentReceivedUpdate,
    (p) => state.validatePayment(p),
    (p) => state.applyPayment(p),
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
    (plan) => state.applyPlan(plan, timezone, policy.instalmentGrace),
  );
  serve(
    disputeRaisedSignal,
    disputeRaisedUpdate,
    (d) => state.validateDispute(d),
    (d) => state.applyDispute(d, after(policy.disputeSla)),
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
    (p) => state.applyPromise(p, timezone, policy.promiseGrace),
  );
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
    (r) => state.applyResume(r),
  );
  serve<Cancel>(
    null,
    cancelUpdate,
    (c) => state.validateCancel(c),
    (c) => state.applyCancel(c),
  );
  serve(null, movePolicyUpdate, validateMove, applyMove);
  serve<ContactUpdate>(
    null,
    updateContactUpdate,
    (c) => state.validateContact(c),
    (c) => {
      const previous = invoice.customer;
      invoice = {
        ...invoice,
        customer: {
          ...previous,
          ...(c.email !== undefined ? { email: c.email } : {}),
          ...(c.phone !== undefined ? { phone: c.phone } : {}),
        },
      };
      state.record('contact_updated', {
        ...(c.email !== undefined ? { email: { from: previous.email, to: c.email } } : {}),
        ...(c.phone !== undefined ? { phone: { from: previous.phone ?? null, to: c.phone } } : {}),
        ...(c.by ? { by: c.by } : {}),
      });
      state.changed();
    },
  );
  serve(callOutcomeSignal, callOutcomeUpdate, (call) => state.validateCallOutcome(call, timezone), applyCallOutcome);
  setHandler(stateQuery, () => view);

  function applyCallOutcome(call: CallOutcome): void {
    if (!state.applyCallOutcome(call)) return;
    const by = call.by ?? `collector (task ${call.taskId})`;
    if (call.outcome === 'promise_to_pay') {
      state.applyPromise(
        { promisedDate: call.promisedDate!, amount: call.promisedAmount, promisedBy: by },
        timezone,
        policy.promiseGrace,
      );
    } else if (call.outcome === 'dispute') {
      state.applyDispute({ reason: call.disputeReason!, raisedBy: by }, after(policy.disputeSla));
    }
  }

  function validateMove(move: MovePolicy): void {
    if (state.closed) throw invalid('status', `the invoice is ${view.status}; it takes no more of this message`);
    let parsed: DunningPolicy;
    try {
      parsed = parseDunningPolicy(move?.policy);
    } catch (error) {
      if (isDomainError(error)) throw invalid(`policy.${error.field}`, error.message);
      throw error;
    }
    try {
      scheduleSteps(scheduleFor(parsed));
    } catch (error) {
      if (isDomainError(error)) throw invalid(`policy.${error.field}`, error.message);
      throw error;
    }
    if (parsed.id === policy.id && parsed.version === policy.version) {
      throw invalid('policy', `the invoice already follows ${policy.id} version ${policy.version}`);
    }
    if (move.fromStep !== undefined) {
      if (!Number.isInteger(move.fromStep) || move.fromStep < 0 || move.fromStep >= parsed.steps.length) {
        throw invalid('fromStep', `fromStep must be a step index from 0 to ${parsed.steps.length - 1}`);
      }
    }
  }

  function applyMove(move: MovePolicy): void {
    const previous = policy;
    policy = parseDunningPolicy(move.policy);
    schedule = scheduleSteps(scheduleFor(policy));
    // A step running right now counts as taken: the new ladder must not send its equivalent a second time.
    const lastSent = running ?? [...view.history].reverse().find((record) => record.result === 'sent');
    const beyond = lastSent ? policy.steps.findIndex((step) => RANK[step.action] > RANK[lastSent.action]) : 0;
    const fromStep = move.fromStep ?? (beyond === -1 ? policy.steps.length - 1 : beyond);
    nextIndex = fromStep;
    ladderEpoch++;
    view.policy = { id: policy.id, version: policy.version };
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

  /**
   * Applies at once what a message implies for the ladder (resuming escalation is pure: no activity), then recomputes
   * the projected timeline, so that an update answers with the state as it now stands.
   */
  function settle(): void {
    const resumes = state.followups.filter((f) => f.kind === 'resume_escalation');
    state.followups = state.followups.filter((f) => f.kind !== 'resume_escalation');
    for (const resume of resumes) resumeEscalation(resume.fromIndex, resume.bringForward);
    refreshPlan();
  }

  /** An instant `duration` from now, in the customer's zone (a 'P1D' across a DST change stays a calendar day). */
  function after(duration: string): string {
    return addIsoDuration(now(), parseIsoDuration(duration), timezone);
  }

  // ── What comes next ─────────────────────────────────────────────────────────────────────────

  const reminderKey = (instalment: InstalmentView) =>
    `plan-${view.plan!.number}:instalment-${instalment.index}:reminder`;
  const reminderAt = (instalment: InstalmentView) =>
    reminderSlot(
      scheduleFor(policy),
      instalment.dueAt,
      policy.instalmentReminderLead ?? DEFAULT_INSTALMENT_REMINDER_LEAD,
    );

  /** The one thing the invoice waits for now: what holds escalation comes first, then the ladder. */
  function nextMove(): Move {
    const { hold, dispute, plan, promise } = view;
    const forever = (kind: NextActionKind, summary: string): Move => ({ kind, at: null, summary, run: () => {} });
    if (hold) {
      if (!hold.until) return forever('hold_ends', 'paused until resumed');
      return {
        kind: 'hold_ends',
        at: hold.until,
        summary: `paused until ${hold.until}`,
        run: () => state.applyResume({ reason: 'the hold period ended' }, true),
      };
    }
    if (dispute) {
      if (dispute.slaBreached) return forever('dispute_sla', 'disputed, past its SLA: waiting for resolution');
      return {
        kind: 'dispute_sla',
        at: dispute.slaEndsAt,
        summary: `disputed: SLA ends ${dispute.slaEndsAt}`,
        run: () => state.disputeSlaPassed(),
      };
    }
    if (plan?.status === 'active') {
      const instalment = plan.instalments.find((i) => i.status === 'pending');
      if (!instalment) return forever('instalment_check', 'plan paid: waiting for the balance to settle');
      const key = reminderKey(instalment);
      const remindAt = reminderAt(instalment);
      // A reminder is due only if it could go out before its instalment, and after the plan was agreed.
      if (!done.has(key) && remindAt >= plan.agreedAt && now() < instalment.dueAt) {
        return {
          kind: 'instalment_reminder',
          at: remindAt,
          summary: `remind instalment ${instalment.index + 1} due ${instalment.dueDate}`,
          run: () =>
            notify({ key, template: 'instalment-reminder', instalmentIndex: instalment.index, plan }).then(() => {
              done.add(key);
            }),
        };
      }
      return {
        kind: 'instalment_check',
        at: instalment.graceEndsAt,
        summary: `check instalment ${instalment.index + 1} (due ${instalment.dueDate}, grace to ${instalment.graceEndsAt})`,
        run: () => {
          state.checkInstalment(instalment.index, policy.resumeAfterBrokenPlan);
        },
      };
    }
    if (promise) {
      return {
        kind: 'promise_check',
        at: promise.watchUntil,
        summary: `promise to pay ${promise.promisedDate}: check at ${promise.watchUntil}`,
        run: () => state.checkPromise(),
      };
    }
    const step = schedule.find((candidate) => candidate.index >= nextIndex);
    if (!step) return forever('close', 'ladder complete: waiting for payment');
    // The debtor has until the end of the formal notice's deadline: no legal file opens before it has passed.
    const deadline = step.action === 'legal_file' ? noticeDeadline() : undefined;
    const at = deadline && deadline > step.at ? deadline : step.at;
    return {
      kind: step.action,
      at,
      summary: `wait until ${step.at} for ${step.action} « ${step.template} »`,
      run: () => runLadder(step, at),
    };
  }

  /** The deadline given by the last formal notice actually sent. */
  function noticeDeadline(): string | undefined {
    return [...view.history].reverse().find((h) => h.action === 'formal_notice' && h.result === 'sent')?.deadline;
  }

  /** Recomputes what the state query shows of the future: the next action and the projected timeline. */
  function refreshPlan(): Move | null {
    if (state.closed) {
      view.nextAction = null;
      view.timeline = [];
      return null;
    }
    const move = nextMove();
    view.nextAction = move.at ? { action: move.kind, at: move.at } : null;
    const timeline: TimelineEntry[] = [];
    if (view.hold?.until) timeline.push({ action: 'hold_ends', at: view.hold.until });
    if (view.dispute && !view.dispute.slaBreached) timeline.push({ action: 'dispute_sla', at: view.dispute.slaEndsAt });
    if (view.plan?.status === 'active') {
      for (const instalment of view.plan.instalments.filter((i) => i.status === 'pending')) {
        const remindAt = reminderAt(instalment);
        if (!done.has(reminderKey(instalment)) && remindAt >= view.plan.agreedAt && remindAt > now()) {
          timeline.push({ action: 'instalment_reminder', at: remindAt });
        }
        timeline.push({ action: 'instalment_check', at: instalment.graceEndsAt });
      }
    }
    if (view.promise) timeline.push({ action: 'promise_check', at: view.promise.watchUntil });
    const held = !state.escalating;
    for (const step of schedule.filter((s) => s.index >= nextIndex)) {
      timeline.push({
        action: step.action,
        at: step.at,
        index: step.index,
        template: step.template,
        ...(held ? { tentative: true } : {}),
      });
    }
    view.timeline = timeline;
    return move;
  }

  // ── Side effects ────────────────────────────────────────────────────────────────────────────

  async function notify(notice: Omit<CustomerNoticeInput, 'invoice' | 'balance'>): Promise<void> {
    try {
      await mail.sendCustomerNotice.executeWithOptions({ summary: `notice « ${notice.template} »` }, [
        { invoice, balance: view.balance, ...notice },
      ]);
    } catch (error) {
      const refusal = permanentRefusal(error);
      if (!refusal) throw error;
      state.record('notice_failed', { key: notice.key, template: notice.template, reason: refusal });
      state.changed();
    }
  }

  async function runFollowup(followup: Followup): Promise<void> {
    switch (followup.kind) {
      case 'resume_escalation':
        resumeEscalation(followup.fromIndex, followup.bringForward);
        return;

      case 'notice': {
        if (done.has(followup.key)) return;
        const payment = view.payments.find((p) => p.paymentId === followup.paymentId);
        await notify({
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
          await acts.createSupportTask.executeWithOptions({ summary: `support task « ${followup.taskKind} »` }, [
            { invoice, key: followup.key, kind: followup.taskKind, reason: followup.reason },
          ]);
        } catch (error) {
          const refusal = permanentRefusal(error);
          if (!refusal) throw error;
          state.record('task_failed', { key: followup.key, kind: followup.taskKind, reason: refusal });
          state.changed();
        }
        done.add(followup.key);
        return;
    }
  }

  /**
   * Escalation picks up where it stood, or at `fromIndex` when later. A step whose date passed during the interruption
   * runs at the next send slot and the later ones keep their spacing: no burst after a long hold. A courtesy note
   * meant for before the due date is skipped once that date is behind.
   */
  function resumeEscalation(fromIndex?: number, bringForward = false): void {
    let from = Math.max(nextIndex, fromIndex ?? 0);
    while (from < schedule.length && Date.parse(schedule[from]!.at) < Date.now()) {
      const offset = parseIsoDuration(policy.steps[from]!.after);
      if (!isNegativeDuration(offset)) break;
      state.recordStep(schedule[from]!, 'skipped', 'its date passed while escalation was held');
      from++;
    }
    nextIndex = from;
    if (from < schedule.length && (bringForward || Date.parse(schedule[from]!.at) < Date.now())) {
      schedule = rebaseSchedule(scheduleFor(policy), from, now(), { bringForward });
    }
    state.changed();
  }

  async function runLadder(step: ScheduledStep, plannedAt: string): Promise<void> {
    // Catching up a backlog: of the steps already due when the invoice was onboarded, only the most advanced runs and
    // the earlier ones are skipped. A step that fell due later, while workers or a server were down, is no backlog.
    const outagesAreNotBacklog = patched('outage-is-not-backlog');
    const { run, skipped } = selectCatchUp(schedule, nextIndex, outagesAreNotBacklog ? onboardedAt : now());
    if (outagesAreNotBacklog && !run && isLate(plannedAt)) {
      // It runs once, at the next send slot, and the later steps keep their spacing to it: no burst after an outage.
      schedule = rebaseSchedule(scheduleFor(policy), step.index, now());
      state.changed();
      return;
    }
    let target = run ?? step;
    let superseded = skipped;
    // A debt goes to court only after a formal notice: a backlog that is due for the legal file gets the notice first,
    // and the legal file then waits for its deadline.
    if (target.action === 'legal_file' && !noticeDeadline()) {
      const notice = schedule.find(
        (s) => s.action === 'formal_notice' && s.index >= nextIndex && s.index < target.index,
      );
      if (notice && patched('formal-notice-before-legal-file')) {
        target = notice;
        superseded = skipped.filter((s) => s.index < notice.index);
      }
    }
    for (const missed of superseded) state.recordStep(missed, 'skipped', `superseded by step ${target.index}`);
    // Re-check right before acting: a payment may have landed a millisecond before the timer fired.
    if (!state.escalating) return;
    const epoch = ladderEpoch;
    const done = await runStep(target);
    if (done && epoch === ladderEpoch) nextIndex = Math.max(nextIndex, target.index + 1);
  }

  /** Later than a timer's own jitter: the step's moment passed while nothing could run it. */
  function isLate(plannedAt: string): boolean {
    const tolerance = policy.calendar ? LATE_ON_CALENDAR_MS : LATE_WITHOUT_CALENDAR_MS;
    return Date.now() - Date.parse(plannedAt) > tolerance;
  }

  /** Runs one step; false when a message stopped it before it started (it will run again when escalation resumes). */
  async function runStep(planned: ScheduledStep): Promise<boolean> {
    // A formal notice gives its full period from the day it actually goes out.
    const issuedAt = now();
    const step: ScheduledStep =
      planned.action === 'formal_notice'
        ? { ...planned, deadline: formalNoticeDeadline(scheduleFor(policy), planned.index, issuedAt) }
        : planned;
    const context: StepContext = {
      invoice,
      step,
      balance: view.balance,
      policyId: policy.id,
      ...(view.ladder ? { ladder: view.ladder } : {}),
    };
    const summary = { summary: `${step.action} « ${step.template} »` };
    const scope = new CancellationScope();
    let settled = false;
    // A payment, a dispute or a hold arriving while the step waits in its queue stops it there.
    void condition(() => settled || !state.escalating).then(() => {
      if (!settled) scope.cancel();
    });
    running = step;
    try {
      await scope.run(() => execute(step, context, summary, issuedAt));
    } catch (error) {
      // A refused address or an unknown template will not heal by retrying: record why and go on with the ladder.
      const refusal = permanentRefusal(error);
      if (refusal) {
        state.recordStep(step, 'failed', refusal);
        return true;
      }
      if (!isCancellation(error) && !(error instanceof ActivityFailure)) throw error;
      if (!patched('settle-interrupted-step')) {
        if (!isCancellation(error)) throw error;
        state.recordStep(step, 'skipped', `stopped before it started: the invoice is ${view.stage}`);
        return false;
      }
      // Stopped, maybe while queued, maybe mid-attempt on a worker that then died (the server no longer retries an
      // activity whose cancellation was asked): whether it took place is read from what it left behind, never guessed.
      if (!(await tookPlace(context))) {
        const when = isCancellation(error) ? 'before it started' : 'before it was sent';
        state.recordStep(step, 'skipped', `stopped ${when}: the invoice is ${view.stage}`);
        return false;
      }
      if (!(await finish(step, context, summary, issuedAt))) return true;
    } finally {
      settled = true;
      running = null;
    }
    state.recordStep(step, 'sent');
    if (step.action === 'legal_file' && !state.closed) state.close('handed_to_legal');
    return true;
  }

  async function tookPlace(context: StepContext): Promise<boolean> {
    const { tookPlace } = await local.settleInterruptedStep.executeWithOptions(
      { summary: `settle stopped step ${context.step.index} (${context.step.action})` },
      [context],
    );
    return tookPlace;
  }

  /**
   * Finishes a stopped step that had taken place, whatever arrives meanwhile: being idempotent, its activity only
   * completes the proof trail. False when it was refused for good (recorded as a failed step).
   */
  async function finish(
    step: ScheduledStep,
    context: StepContext,
    summary: { summary: string },
    issuedAt: string,
  ): Promise<boolean> {
    try {
      await CancellationScope.nonCancellable(() => execute(step, context, summary, issuedAt));
      return true;
    } catch (error) {
      const refusal = permanentRefusal(error);
      if (!refusal) throw error;
      state.recordStep(step, 'failed', refusal);
      return false;
    }
  }

  /** Runs the activity of one ladder step; `step.action` picks the activity and its queue. */
  async function execute(step: ScheduledStep, context: StepContext, summary: { summary: string }, issuedAt: string) {
    switch (step.action) {
      case 'email':
        await mail.sendReminderEmail.executeWithOptions(summary, [context]);
        break;
      case 'phone_task':
        await acts.createPhoneTask.executeWithOptions(summary, [context]);
        break;
      case 'letter':
        await acts.queueRegisteredLetter.executeWithOptions(summary, [context]);
        break;
      case 'formal_notice':
        await mail.sendFormalNotice.executeWithOptions(summary, [{ ...context, deadline: step.deadline!, issuedAt }]);
        break;
      case 'legal_file': {
        // Contested: a dispute was upheld in part or is still open; a rejected one leaves the debt uncontested.
        const contested = view.dispute !== null || view.disputes.some((d) => d.outcome === 'partially_upheld');
        await acts.openLegalFile.executeWithOptions(summary, [{ ...context, contested }]);
        break;
      }
    }
  }

  // ── Publishing ──────────────────────────────────────────────────────────────────────────────

  // Search attributes are kept current when the invoice was started with them (the API always does): a namespace
  // without them registered, such as a bare test server, still runs the ladder.
  const indexed = workflowInfo().typedSearchAttributes.get(INVOICE_ID) !== undefined;
  let published = -1;
  let publishedStage = carried ? view.stage : null;
  async function publish(): Promise<void> {
    if (published === state.version && state.pendingEvents.length === 0) return;
    refreshPlan();
    if (publishedStage !== null && publishedStage !== view.stage) {
      state.record('stage_changed', { from: publishedStage, to: view.stage });
    }
    publishedStage = view.stage;
    published = state.version;
    if (indexed)
      upsertSearchAttributes([
        { key: DUNNING_STAGE, value: view.stage },
        { key: AMOUNT_OUTSTANDING, value: toMajorUnits({ amount: view.balance, currency: view.currency }) },
        { key: NEXT_ACTION_AT, value: view.nextAction ? new Date(view.nextAction.at) : null },
      ]);
    setCurrentDetails(describeState(view));
    const events = state.pendingEvents.splice(0);
    try {
      await local.projectInvoiceState.executeWithOptions(
        { summary: `project state v${state.version} (${view.stage}) and ${events.length} proof-trail event(s)` },
        [{ invoiceId: invoice.id, version: state.version, state: view, events }],
      );
    } catch (error) {
      state.pendingEvents.unshift(...events);
      throw error;
    }
  }

  // ── Main loop ───────────────────────────────────────────────────────────────────────────────

  const reversalWindow = () => isoDurationToMillis(parseIsoDuration(policy.reversalWindow ?? DEFAULT_REVERSAL_WINDOW));
  const historyLimit = input.historyLimit ?? DEFAULT_HISTORY_LIMIT;
  for (;;) {
    while (state.followups.length > 0) await runFollowup(state.followups.shift()!);
    await publish();
    if (state.closed) {
      const closing = `close-tasks:${view.closedAt}`;
      if ((view.status === 'paid' || view.status === 'cancelled') && !done.has(closing)) {
        await local.closeInvoiceTasks.executeWithOptions({ summary: `close open tasks: invoice ${view.status}` }, [
          { invoiceId: invoice.id, outcome: view.status },
        ]);
        done.add(closing);
      }
      if (!state.closed) continue; // a reversal re-opened the invoice while its tasks were closing
      // A cheque can bounce and a direct debit be charged back weeks after the invoice was marked paid. Every change
      // meanwhile (a second payment's credit) is published; a reversal re-opens the invoice.
      const until = view.status === 'paid' ? Date.parse(view.closedAt!) + reversalWindow() : 0;
      if (Date.now() < until) {
        const seen = state.version;
        await waitUntil(
          until,
          () => state.version !== seen || state.followups.length > 0,
          'watch for a late payment reversal',
        );
        continue;
      }
      // From here a message is refused rather than applied to a run that is about to complete.
      state.ended = true;
      await condition(allHandlersFinished);
      if (state.closed && state.followups.length === 0) break;
      state.ended = false; // an update accepted just before re-opened the invoice: collection goes on
      continue;
    }
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= historyLimit) {
      await condition(allHandlersFinished);
      if (state.followups.length === 0 && published === state.version && state.pendingEvents.length === 0) {
        return continueAsNew<typeof invoiceCollection>({
          invoice,
          policy,
          ...(input.historyLimit ? { historyLimit: input.historyLimit } : {}),
          carried: {
            state: view,
            schedule,
            nextIndex,
            version: state.version,
            pendingEvents: [],
            nextSeq: state.nextSeq,
            followups: [],
            done: [...done],
          },
        });
      }
      continue;
    }
    const move = refreshPlan()!;
    const seen = state.version;
    const wake = () => state.version !== seen || state.followups.length > 0;
    if (move.at === null) {
      await condition(wake);
      continue;
    }
    if (await waitUntil(Date.parse(move.at), wake, move.summary)) continue;
    await move.run();
    state.changed();
  }
  await publish();
  const { status, balance, credit, currency } = view;
  return { status, balance, credit, currency };
}

/** The message of a non-retryable activity failure: a refusal that retrying will not heal. */
function permanentRefusal(error: unknown): string | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
    return error.cause.message;
  }
  return null;
}

/** Why a message was refused, or null when it is valid. */
function refusalOf(validate: () => void): string | null {
  try {
    validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
