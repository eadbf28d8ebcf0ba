import { patched, workflowInfo } from '@temporalio/workflow';
import { dueMoment } from '../domain/due-moment';
import type { DunningPolicy } from '../domain/dunning-policy';
import { rebaseSchedule, scheduleSteps, ScheduledStep, ScheduleInput } from '../domain/dunning-schedule';
import { addIsoDuration, isNegativeDuration, parseIsoDuration } from '../domain/iso-duration';
import { mailQueue } from './activity-proxies';
import { CollectionState } from './collection-state';
import type { ConsolidatedMail } from './customer-messages';
import type { InvoiceCollectionInput, InvoiceSnapshot } from './messages';
import type { StepBlock } from '../domain/failure-types';
import type { InvoiceState } from './read-model';
import { CollectionPlan, NextAction, nextAction, nextActionView, projectTimeline } from './next-action';

/** Where the ladder stands: its schedule, the first step not yet taken, and the step running now. */
export interface LadderCursor {
  schedule: ScheduledStep[];
  nextIndex: number;
  /** Bumped when a policy move replaces the ladder under a step that is running. */
  epoch: number;
  running: ScheduledStep | null;
}

/**
 * One invoice's collection as the workflow holds it: the invoice and policy it follows, the message-driven state, the
 * ladder cursor and the side effects already done. Message handlers and the main loop both work on this one object.
 */
export class Collection {
  /** The invoice as collection knows it now: a corrected contact replaces the one given at start. */
  invoice: InvoiceSnapshot;
  policy: DunningPolicy;
  readonly timezone: string;
  readonly state: CollectionState;
  readonly view: InvoiceState;
  readonly ladder: LadderCursor;
  /** Side-effect keys already done (notices, support tasks, closing), so that none runs twice. */
  readonly done: Set<string>;
  /** When the invoice's collection began: steps due before it are backlog, caught up to the most advanced one. */
  readonly onboardedAt = workflowInfo().startTime.toISOString();
  readonly mail = mailQueue();
  /**
   * Changes to the workflow's logic that running histories must not see, decided once, in the run's first activation:
   * there no local activity can shift which workflow task a marker lands in, so a replay always meets it where it was.
   */
  readonly patches = decidePatches();
  /** The customer workflow's answers about e-mail steps sent with its other invoices, by step record id. */
  readonly consolidation = new Map<string, ConsolidatedMail>();

  constructor(readonly input: InvoiceCollectionInput) {
    const { carried } = input;
    this.invoice = input.invoice;
    this.policy = input.policy;
    this.timezone = input.invoice.customer.timezone;
    this.state = new CollectionState(input, dueMoment(input.invoice.dueDate, this.timezone), this.now);
    this.view = this.state.view;
    this.ladder = {
      schedule: carried?.schedule ?? scheduleSteps(this.scheduleFor(this.policy)),
      nextIndex: carried?.nextIndex ?? 0,
      epoch: 0,
      running: null,
    };
    this.done = new Set(carried?.done ?? []);
  }

  readonly now = (): string => new Date().toISOString();

  scheduleFor(policy: DunningPolicy = this.policy): ScheduleInput {
    const { dueDate, customer } = this.invoice;
    return { dueDate, timezone: this.timezone, country: customer.country, policy };
  }

  /** An instant `duration` from now, in the customer's zone (a 'P1D' across a DST change stays a calendar day). */
  after(duration: string): string {
    return addIsoDuration(this.now(), parseIsoDuration(duration), this.timezone);
  }

  plan(): CollectionPlan {
    const { schedule, nextIndex } = this.ladder;
    const { view, policy, done } = this;
    return { view, policy, scheduleInput: this.scheduleFor(), schedule, nextIndex, done, now: this.now() };
  }

  /** Recomputes what the state query shows of the future: the next action and the projected timeline. */
  refreshPlan(): NextAction | null {
    if (this.state.closed) {
      this.view.nextAction = null;
      this.view.timeline = [];
      return null;
    }
    const plan = this.plan();
    const next = nextAction(plan);
    this.view.nextAction = nextActionView(next, this.view);
    this.view.timeline = projectTimeline(plan, !this.state.escalating || next.type === 'retry_step');
    return next;
  }

  /**
   * Lifts the block on the ladder's step when `reason` is what held it: the main loop then runs that same step again.
   * `by` names what may have changed (a contact, a rate table, a payment), on the proof trail.
   */
  unblock(reasons: readonly StepBlock['reason'][], by: string): void {
    const block = this.view.blocked;
    if (!block || !reasons.includes(block.reason)) return;
    this.view.blocked = null;
    const { index, action, reason, taskId } = block;
    this.state.record('step_unblocked', { index, action, reason, taskId, by });
    this.state.changed();
  }

  /**
   * Applies at once what a message implies for the ladder (resuming escalation is pure: no activity), then recomputes
   * the projected timeline, so that an update answers with the state as it now stands.
   */
  settle(): void {
    const resumes = this.state.followups.filter((f) => f.kind === 'resume_escalation');
    this.state.followups = this.state.followups.filter((f) => f.kind !== 'resume_escalation');
    for (const resume of resumes) this.resumeEscalation(resume.fromIndex, resume.bringForward);
    this.refreshPlan();
  }

  /**
   * Escalation picks up where it stood, or at `fromIndex` when later. A step whose date passed during the interruption
   * runs at the next send slot and the later ones keep their spacing: no burst after a long hold. A courtesy note
   * meant for before the due date is skipped once that date is behind.
   */
  resumeEscalation(fromIndex?: number, bringForward = false): void {
    const { ladder, policy } = this;
    let from = Math.max(ladder.nextIndex, fromIndex ?? 0);
    while (from < ladder.schedule.length && Date.parse(ladder.schedule[from]!.at) < Date.now()) {
      if (!isNegativeDuration(parseIsoDuration(policy.steps[from]!.after))) break;
      this.state.recordStep(ladder.schedule[from]!, 'skipped', 'its date passed while escalation was held');
      from++;
    }
    ladder.nextIndex = from;
    // Escalation resuming beyond a blocked step leaves that block behind.
    if (this.view.blocked && this.view.blocked.index < from) this.view.blocked = null;
    if (from < ladder.schedule.length && (bringForward || Date.parse(ladder.schedule[from]!.at) < Date.now())) {
      ladder.schedule = rebaseSchedule(this.scheduleFor(policy), from, this.now(), { bringForward });
    }
    this.state.changed();
  }
}

/**
 * Every behaviour change released so far, decided by one marker in a new run: each `patched()` call costs a marker and
 * an upsert of `TemporalChangeVersion`, two billable actions per patch per run. Runs started before this generation
 * existed replay with the individual markers they recorded. The next change adds its own patch beside this one (and,
 * once no run older than it is open, folds into the next generation).
 */
const CURRENT_GENERATION = 'collection-generation-2026-12b';
/** The generation before: every change below except the customer's consolidation. */
const PREVIOUS_GENERATION = 'collection-generation-2026-12';

function decidePatches() {
  const current = patched(CURRENT_GENERATION);
  const previous = current || patched(PREVIOUS_GENERATION);
  const since = (id: string) => previous || patched(id);
  return {
    /** The run started with every change of the previous generation in force (so mid-run patches need no marker). */
    current: previous,
    /** E-mail steps falling due with the customer's other invoices' go out as one e-mail (customerCollection). */
    customerConsolidation: current,
    /** A step due during an outage still runs, at the next slot; only an onboarding backlog is caught up. */
    outagesAreNotBacklog: since('outage-is-not-backlog'),
    /** A stopped step whose attempt was lost is settled from what it left behind instead of failing the run. */
    settleInterruptedSteps: since('settle-interrupted-step'),
    /** A step refused for an unexpected reason opens a task for a person. */
    unexpectedRefusalTask: since('unexpected-refusal-task'),
    /** A step blocked until a person acts (no postal address, rates not known, time-barred) waits instead of failing. */
    blockedStepsWait: since('blocked-step-waits'),
    /** A backlog's catch-up step goes out at the next send slot, not at whatever hour the invoice was onboarded. */
    catchUpAtSendSlot: since('catch-up-at-send-slot'),
    /** Opening the legal file no longer ends collection: the invoice stays open in `legal` until the file closes. */
    legalFileStaysOpen: since('legal-file-stays-open'),
    /** A step whose message did not reach the customer is sent again once the contact is corrected. */
    resendAfterContactFix: since('resend-after-contact-fix'),
  };
}
