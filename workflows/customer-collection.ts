import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  isCancellation,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { InvoiceSignalDelivery, InvoiceSignalName } from '../activities/customer-contracts';
import { MAX_BUDGET_MESSAGES } from '../domain/dunning-policy';
import { mailQueue, mainQueue } from './activity-proxies';
import { validateCustomerMessage } from './customer-validation';
import {
  ConsolidatedMail,
  ConsolidationRequest,
  consolidationRequestSignal,
  CustomerCarriedState,
  CustomerCollectionInput,
  CustomerCollectionView,
  customerStateQuery,
  CustomerWork,
  closeInsolvencyUpdate,
  customerPaymentReversedUpdate,
  customerPaymentUpdate,
  invoiceOpenedSignal,
  liftCustomerHoldUpdate,
  openInsolvencyUpdate,
  placeCustomerHoldUpdate,
} from './customer-messages';
import { permanentRefusal } from './failures';

/** A customer's history stays small: it continues as new long before Temporal's limits. */
const DEFAULT_HISTORY_LIMIT = 2_000;
/** Answers to e-mail steps kept to answer a step that asks again (its answer lost, or late): the most recent only. */
const ANSWERS_KEPT = 500;

/**
 * One customer's coordination. The invoice workflows stay the units of collection (each its ladder, timers and state);
 * this one decides what they share: e-mail steps falling due in the same window go out as one e-mail, holds and
 * insolvency proceedings reach every invoice of the customer, and a payment naming no invoice is allocated across them.
 * Handlers only queue work; the main loop does it with activities, in arrival order, and answers the waiting update.
 */
export async function customerCollection(input: CustomerCollectionInput): Promise<void> {
  const c = new CustomerCoordination(input);
  registerHandlers(c);
  for (;;) {
    const work = c.pending.shift();
    if (work) {
      await c.perform(work);
      continue;
    }
    if (c.reanswers.length > 0) {
      await c.answer(c.reanswers.splice(0));
      continue;
    }
    if (c.batch.length > 0 && Date.now() >= Date.parse(c.batchSendAt!)) {
      await c.sendBatch();
      continue;
    }
    const expired = c.view.holds.find((h) => h.until !== null && Date.parse(h.until) <= Date.now());
    if (expired) {
      c.enqueue({ type: 'lift', lift: { holdId: expired.holdId, by: 'hold period ended' } });
      continue;
    }
    if (historyIsLong(input)) {
      await condition(allHandlersFinished);
      if (c.pending.length === 0) return continueAsNew<typeof customerCollection>(c.carry());
      continue;
    }
    await condition(() => c.pending.length > 0 || c.reanswers.length > 0 || c.batchChanged, c.nextWakeMs());
    c.batchChanged = false;
  }
}

interface WorkResult {
  value?: unknown;
  error?: { message: string; type: string };
}

class CustomerCoordination {
  readonly view: CustomerCollectionView;
  readonly pending: (CustomerWork & { seq: number })[] = [];
  batch: ConsolidationRequest[];
  batchSendAt: string | null;
  batchChanged = false;
  /** Answers of finished work, by sequence number, until the update waiting for it has read it. */
  readonly results = new Map<number, WorkResult>();
  /** Work an update waits for: only its answer is kept. */
  private readonly awaited = new Set<number>();
  /** Steps of the batch being sent now: one asking again meanwhile gets the answer this send gives. */
  private readonly inFlight = new Set<string>();
  /** Recent answers by step record id, to repeat to a step that asks again. */
  private readonly answered = new Map<string, InvoiceSignalDelivery>();
  /** Steps of the deferred batch already told until when it waits. */
  private readonly toldDeferred = new Set<string>();
  /** Answers to repeat, sent by the main loop. */
  readonly reanswers: InvoiceSignalDelivery[] = [];
  private nextSeq = 1;
  private readonly mail = mailQueue();

  constructor(readonly input: CustomerCollectionInput) {
    const carried = input.carried;
    this.view = carried?.view ?? {
      customerId: input.customerId,
      holds: [],
      insolvency: null,
      batch: null,
      counts: { batchesSent: 0, invoicesConsolidated: 0, paymentsAllocated: 0 },
    };
    this.batch = carried?.batch ?? [];
    this.batchSendAt = carried?.batchSendAt ?? null;
    for (const work of carried?.pending ?? []) this.enqueue(work);
  }

  enqueue(work: CustomerWork): number {
    const seq = this.nextSeq++;
    this.pending.push({ ...work, seq });
    return seq;
  }

  /** Queues the work and waits for its answer: the update answers only once it is done (or refused for good). */
  async submit<T>(work: CustomerWork): Promise<T> {
    const seq = this.enqueue(work);
    this.awaited.add(seq);
    await condition(() => this.results.has(seq));
    this.awaited.delete(seq);
    const result = this.results.get(seq)!;
    this.results.delete(seq);
    if (result.error) throw ApplicationFailure.create({ ...result.error, nonRetryable: true });
    return result.value as T;
  }

  /** An e-mail step of one invoice joins the open batch (once by record id); the first opens it for its window. */
  join(request: ConsolidationRequest): void {
    if (this.inFlight.has(request.recordId) || this.batch.some((r) => r.recordId === request.recordId)) return;
    const given = this.answered.get(request.recordId);
    if (given) {
      this.reanswers.push(given);
      return;
    }
    if (this.batch.length === 0) this.batchSendAt = new Date(Date.now() + Math.max(0, request.windowMs)).toISOString();
    this.batch.push(request);
    this.view.batch = { invoiceIds: this.batch.map((r) => r.invoiceId), sendAt: this.batchSendAt! };
    this.batchChanged = true;
  }

  nextWakeMs(): number | undefined {
    const moments = [
      ...(this.batchSendAt && this.batch.length > 0 ? [Date.parse(this.batchSendAt)] : []),
      ...this.view.holds.filter((h) => h.until !== null).map((h) => Date.parse(h.until!)),
    ];
    if (moments.length === 0) return undefined;
    return Math.max(1, Math.min(...moments) - Date.now());
  }

  async perform(work: CustomerWork & { seq: number }): Promise<void> {
    let result: WorkResult;
    try {
      result = { value: await this.run(work) };
    } catch (error) {
      if (isCancellation(error)) throw error;
      // Retries are the activity's; what reaches here was refused for good (a conflicting payment id, …). It is the
      // waiting update's answer: the customer's workflow itself never fails.
      const refusal = permanentRefusal(error);
      const message = refusal?.message ?? (error instanceof Error ? error.message : String(error));
      result = { error: { message, type: refusal?.type ?? 'CustomerWorkFailed' } };
      // A hold whose end could not be recorded still ends here: asked again, its expiry would loop for ever.
      if (work.type === 'lift') this.view.holds = this.view.holds.filter((h) => h.holdId !== work.lift.holdId);
    }
    if (this.awaited.has(work.seq)) this.results.set(work.seq, result);
  }

  private async run(work: CustomerWork): Promise<unknown> {
    const { customerId } = this.input;
    switch (work.type) {
      case 'hold': {
        const { hold } = work;
        const { since, invoiceIds } = await mainQueue.recordCustomerHold(customerId, hold);
        if (!this.view.holds.some((h) => h.holdId === hold.holdId)) {
          const { holdId, kind, reason } = hold;
          this.view.holds.push({ holdId, kind, reason, since, until: hold.until ?? null, by: hold.by ?? null });
        }
        await this.tell('customerHold', invoiceIds, hold);
        return { holdId: hold.holdId };
      }
      case 'lift': {
        const hold = this.view.holds.find((h) => h.holdId === work.lift.holdId);
        const { invoiceIds } = await mainQueue.recordCustomerHoldLifted(customerId, work.lift);
        this.view.holds = this.view.holds.filter((h) => h.holdId !== work.lift.holdId);
        // Told even when this run's view had lost the hold (it stands on invoices all the same): a lift names its hold
        // by id, and an invoice without it changes nothing.
        const { holdId } = work.lift;
        const known = { kind: hold?.kind ?? 'pause', reason: hold?.reason ?? 'lifted' } as const;
        await this.tell('customerHold', invoiceIds, { holdId, ...known, lifted: true, by: work.lift.by });
        return this.view;
      }
      case 'insolvency': {
        const { view, invoiceIds } = await mainQueue.recordInsolvencyOpened(customerId, work.open);
        this.view.insolvency = view;
        await this.tell('insolvency', invoiceIds, { ...noticeOf(view), by: work.open.by });
        return view;
      }
      case 'close_insolvency': {
        const { invoiceIds } = await mainQueue.recordInsolvencyClosed(customerId, work.close);
        const current = this.view.insolvency;
        if (!current) return null;
        const closed = { ...current, outcome: work.close.outcome };
        await this.tell('insolvency', invoiceIds, { ...noticeOf(closed), note: work.close.note, by: work.close.by });
        this.view.insolvency = null;
        return closed;
      }
      case 'payment': {
        const allocation = await mainQueue.allocateCustomerPayment(customerId, work.payment);
        this.view.counts.paymentsAllocated++;
        return allocation;
      }
      case 'reversal':
        return mainQueue.reverseCustomerPayment(customerId, work.reversal);
      case 'invoice_opened':
        return mainQueue.applyCustomerCredit(customerId, work.opened);
    }
  }

  /**
   * The batch whose window closed: one e-mail when two invoices or more are in it and nothing holds the customer;
   * otherwise each step is told to write alone (or, held, it was stopped already and runs again once lifted).
   */
  async sendBatch(): Promise<void> {
    const requests = this.batch;
    const held = this.view.holds.length > 0 || (this.view.insolvency !== null && this.view.insolvency.outcome === null);
    const deferredUntil = held ? null : this.budgetAllowsAt(requests.at(-1)?.budget ?? null);
    if (deferredUntil) {
      // Over the contact budget: the batch stays gathered until the budget allows one more e-mail; each step is told.
      this.batchSendAt = deferredUntil;
      this.view.batch = { invoiceIds: requests.map((r) => r.invoiceId), sendAt: deferredUntil };
      this.contact.deferredUntil = deferredUntil;
      const untold = requests.filter((r) => !this.toldDeferred.has(r.recordId));
      untold.forEach((r) => this.toldDeferred.add(r.recordId));
      if (untold.length > 0) await this.answer(untold.map((r) => answer(r, null, [], deferredUntil)));
      return;
    }
    this.batch = [];
    this.batchSendAt = null;
    this.view.batch = null;
    this.contact.deferredUntil = null;
    this.toldDeferred.clear();
    requests.forEach((r) => this.inFlight.add(r.recordId));
    let answers: InvoiceSignalDelivery[];
    const sent = requests.length >= 2 && !held ? await this.sendOne(requests) : null;
    if (sent && sent.invoiceIds.length > 0) {
      this.view.counts.batchesSent++;
      this.view.counts.invoicesConsolidated += sent.invoiceIds.length;
      this.spend(1);
      const included = new Set(sent.invoiceIds);
      answers = requests.map((r) =>
        answer(r, included.has(r.invoiceId) ? sent.messageId : null, included.has(r.invoiceId) ? sent.invoiceIds : []),
      );
    } else {
      // Each writes alone (held: its step was stopped already, and runs again once the hold is lifted).
      if (!held) this.spend(requests.length);
      answers = requests.map((r) => answer(r, null, [r.invoiceId]));
    }
    await this.answer(answers);
    for (const given of answers) this.remember(given);
    this.inFlight.clear();
  }

  private remember(given: InvoiceSignalDelivery): void {
    const { recordId } = given.payload as ConsolidatedMail;
    this.answered.delete(recordId);
    this.answered.set(recordId, given);
    if (this.answered.size > ANSWERS_KEPT) this.answered.delete(this.answered.keys().next().value!);
  }

  /**
   * The one e-mail; null when the relay refused it for good: each step then writes alone and meets the refusal itself
   * (its step fails, a person corrects the contact, the step is sent again), as a step alone always has.
   */
  private async sendOne(requests: ConsolidationRequest[]) {
    try {
      return await this.mail.sendConsolidatedReminder.executeWithOptions(
        { summary: `one e-mail for ${requests.length} invoices` },
        [this.input.customerId, requests],
      );
    } catch (error) {
      if (!permanentRefusal(error)) throw error;
      return null;
    }
  }

  private get contact(): NonNullable<CustomerCollectionView['contact']> {
    return (this.view.contact ??= { sentAt: [], deferredUntil: null });
  }

  /** When the budget allows the next e-mail: null when it does now (or there is no budget). */
  private budgetAllowsAt(budget: ConsolidationRequest['budget']): string | null {
    if (!budget) return null;
    const since = Date.now() - budget.perMs;
    const recent = this.contact.sentAt.filter((at) => Date.parse(at) > since);
    if (recent.length < budget.messages) return null;
    return new Date(Date.parse(recent[recent.length - budget.messages]!) + budget.perMs).toISOString();
  }

  private spend(messages: number): void {
    const at = new Date().toISOString();
    const sentAt = this.contact.sentAt;
    for (let i = 0; i < messages; i++) sentAt.push(at);
    sentAt.splice(0, Math.max(0, sentAt.length - MAX_BUDGET_MESSAGES));
  }

  async answer(answers: InvoiceSignalDelivery[]): Promise<void> {
    await mainQueue.signalInvoices.executeWithOptions({ summary: `answer ${answers.length} e-mail steps` }, [
      'consolidatedMail',
      answers,
    ]);
  }

  private async tell(signal: InvoiceSignalName, invoiceIds: string[], payload: unknown): Promise<void> {
    if (invoiceIds.length === 0) return;
    await mainQueue.signalInvoices.executeWithOptions({ summary: `tell ${invoiceIds.length} invoices (${signal})` }, [
      signal,
      invoiceIds.map((invoiceId) => ({ invoiceId, payload })),
    ]);
  }

  carry(): CustomerCollectionInput {
    const carried: CustomerCarriedState = {
      view: this.view,
      pending: this.pending.map(({ seq: _seq, ...work }) => work),
      batch: this.batch,
      batchSendAt: this.batchSendAt,
    };
    return {
      customerId: this.input.customerId,
      ...(this.input.historyLimit ? { historyLimit: this.input.historyLimit } : {}),
      carried,
    };
  }
}

function answer(
  request: ConsolidationRequest,
  messageId: string | null,
  invoiceIds: string[],
  deferredUntil?: string,
): InvoiceSignalDelivery {
  const payload: ConsolidatedMail = {
    recordId: request.recordId,
    messageId,
    invoiceIds,
    ...(deferredUntil ? { deferredUntil } : {}),
  };
  return { invoiceId: request.invoiceId, payload };
}

function noticeOf(view: NonNullable<CustomerCollectionView['insolvency']>) {
  const { procedure, openedOn, publishedOn, declareBy, taskId, outcome } = view;
  return {
    procedure,
    openedOn,
    publishedOn,
    declareBy,
    ...(taskId ? { taskId } : {}),
    ...(outcome ? { outcome } : {}),
  };
}

function registerHandlers(c: CustomerCoordination): void {
  const validated =
    <T>(kind: Parameters<typeof validateCustomerMessage>[0]) =>
    (message: T) =>
      validateCustomerMessage(kind, message, c.view);
  setHandler(placeCustomerHoldUpdate, (hold) => c.submit({ type: 'hold', hold }), {
    validator: validated('hold'),
  });
  setHandler(liftCustomerHoldUpdate, (lift) => c.submit({ type: 'lift', lift }), { validator: validated('lift') });
  setHandler(openInsolvencyUpdate, (open) => c.submit({ type: 'insolvency', open }), {
    validator: validated('insolvency'),
  });
  setHandler(closeInsolvencyUpdate, (close) => c.submit({ type: 'close_insolvency', close }), {
    validator: validated('close_insolvency'),
  });
  setHandler(customerPaymentUpdate, (payment) => c.submit({ type: 'payment', payment }), {
    validator: validated('payment'),
  });
  setHandler(customerPaymentReversedUpdate, (reversal) => c.submit({ type: 'reversal', reversal }), {
    validator: validated('reversal'),
  });
  setHandler(consolidationRequestSignal, (request) => {
    if (typeof request?.recordId === 'string' && typeof request.invoiceId === 'string') c.join(request);
  });
  setHandler(invoiceOpenedSignal, (opened) => {
    if (typeof opened?.invoiceId === 'string') c.enqueue({ type: 'invoice_opened', opened });
  });
  setHandler(customerStateQuery, () => c.view);
}

function historyIsLong(input: CustomerCollectionInput): boolean {
  const info = workflowInfo();
  return info.continueAsNewSuggested || info.historyLength >= (input.historyLimit ?? DEFAULT_HISTORY_LIMIT);
}
