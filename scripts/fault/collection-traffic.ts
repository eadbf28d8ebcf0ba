import { sleep } from './product-processes';
import type { Answer, RetryingClient } from './retrying-client';

/** The ladder every invoice of the run walks: whole in about 35 seconds, calendar off. */
export const FAULT_POLICY = {
  id: 'fault-ladder',
  name: 'Fault-injection ladder (seconds)',
  calendar: null,
  instalmentGrace: 'PT10S',
  promiseGrace: 'PT10S',
  disputeSla: 'PT60S',
  reversalWindow: 'PT10S',
  steps: [
    { after: 'PT0S', action: 'email', template: 'reminder-1' },
    { after: 'PT5S', action: 'email', template: 'reminder-2' },
    { after: 'PT10S', action: 'email', template: 'reminder-2' },
    { after: 'PT15S', action: 'phone_task' },
    { after: 'PT20S', action: 'letter' },
    { after: 'PT25S', action: 'formal_notice', deadline: 'PT5S' },
    { after: 'PT35S', action: 'legal_file' },
  ],
} as const;

export interface PlannedInvoice {
  id: string;
  amount: number;
  /** Planned; moved later at creation when creating the invoices took longer than planned. */
  dueAt: number;
}

export interface PlannedPayment {
  invoiceId: string;
  paymentId: string;
  amount: number;
  /** When it is reported, counted from its invoice's due moment (negative: before it). */
  afterDueMs: number;
  channel: 'api' | 'webhook';
  /** Webhook only: the same event (same eventId) delivered a second time. */
  redeliverEvent: boolean;
  /** The same paymentId reported again later, through the other channel. */
  repeatVia?: 'api' | 'webhook';
}

export interface PaymentOutcome {
  payment: PlannedPayment;
  /** A 2xx that applied it (or said it was already applied): the payer was told "received". */
  accepted: boolean;
  /** A 202: the webhook kept the event for a person rather than applying it. */
  parked: boolean;
  answers: { channel: string; status: number; detail?: string }[];
  /** No definite answer before the deadline. */
  unanswered?: string;
}

/** A small seeded generator, so a run can be repeated with the same invoices and payments. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0x100000000;
  };
}

/**
 * Invoices due one after another over `spreadMs` from `firstDueAt`; about a third unpaid, a third paid in full (in
 * one or two payments) and a third paid in part, at moments spread over their ladder.
 */
export function planTraffic(options: {
  prefix: string;
  invoices: number;
  firstDueAt: number;
  spreadMs: number;
  random: () => number;
}): { invoices: PlannedInvoice[]; payments: PlannedPayment[] } {
  const { random } = options;
  const invoices: PlannedInvoice[] = [];
  const payments: PlannedPayment[] = [];
  for (let i = 0; i < options.invoices; i++) {
    const id = `${options.prefix}-${String(i).padStart(4, '0')}`;
    const amount = 10_000 + Math.floor(random() * 490_000);
    const dueAt = options.firstDueAt + Math.floor((options.spreadMs * i) / Math.max(1, options.invoices - 1));
    invoices.push({ id, amount, dueAt });
    const kind = random();
    const parts =
      kind < 0.35 ? [] : kind < 0.5 ? [amount] : kind < 0.65 ? split(amount, random) : [Math.floor(amount * 0.4)];
    let afterDueMs = Math.floor(-3_000 + random() * 25_000);
    parts.forEach((part, n) => {
      const channel = random() < 0.5 ? 'api' : 'webhook';
      const repeat = random() < 0.15;
      payments.push({
        invoiceId: id,
        paymentId: `${id}-pay-${n + 1}`,
        amount: part,
        afterDueMs,
        channel,
        redeliverEvent: channel === 'webhook' && random() < 0.3,
        ...(repeat ? { repeatVia: channel === 'api' ? 'webhook' : 'api' } : {}),
      });
      afterDueMs += 2_000 + Math.floor(random() * 6_000);
    });
  }
  return { invoices, payments };
}

function split(amount: number, random: () => number): number[] {
  const first = Math.floor(amount * (0.2 + random() * 0.6));
  return [first, amount - first];
}

export function invoiceBody(invoice: PlannedInvoice, policyId: string) {
  const n = invoice.id.slice(-4);
  return {
    id: invoice.id,
    customer: {
      id: `${invoice.id}-C`,
      name: `Atelier ${n}`,
      email: `compta-${invoice.id.toLowerCase()}@fault.test`,
      locale: 'fr-FR',
      timezone: 'Europe/Paris',
      country: 'FR',
      address: { lines: ['12 rue des Lilas'], postcode: '69003', city: 'Lyon', country: 'FR' },
    },
    amount: invoice.amount,
    currency: 'EUR',
    issueDate: new Date(invoice.dueAt - 30 * 86_400_000).toISOString().slice(0, 10),
    dueDate: new Date(invoice.dueAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    policyId,
  };
}

/** Reports one planned payment at `at`, through its channel, then any re-delivery; never throws. */
export async function reportPayment(
  client: RetryingClient,
  keys: { payments: string },
  webhookSecret: string,
  payment: PlannedPayment,
  at: number,
): Promise<PaymentOutcome> {
  const outcome: PaymentOutcome = { payment, accepted: false, parked: false, answers: [] };
  const receivedAt = new Date(at).toISOString();
  const event = {
    eventId: `evt-${payment.paymentId}`,
    type: 'settlement',
    invoiceId: payment.invoiceId,
    paymentId: payment.paymentId,
    amount: payment.amount,
    currency: 'EUR',
    receivedAt,
  };
  const viaApi = () =>
    client.send('POST', `/v1/invoices/${encodeURIComponent(payment.invoiceId)}/payments`, keys.payments, {
      paymentId: payment.paymentId,
      amount: payment.amount,
      currency: 'EUR',
      receivedAt,
    });
  const note = (channel: string, answer: Answer) => {
    const body = answer.body as { status?: string; duplicate?: boolean; detail?: string } | undefined;
    // A webhook answers 202 when it parks an event for a person instead of applying it: received, not applied.
    const applied = answer.status >= 200 && answer.status < 300 && answer.status !== 202;
    if (applied) outcome.accepted = true;
    if (answer.status === 202) outcome.parked = true;
    const detail = typeof body === 'object' && body ? (body.detail ?? body.status) : String(body).slice(0, 200);
    outcome.answers.push({ channel, status: answer.status, ...(detail ? { detail: String(detail) } : {}) });
  };
  try {
    await sleep(Math.max(0, at - Date.now()));
    if (payment.channel === 'api') note('api', await viaApi());
    else note('webhook', await client.sendWebhook(webhookSecret, event));
    if (payment.redeliverEvent) note('webhook-redelivery', await client.sendWebhook(webhookSecret, event));
    if (payment.repeatVia) {
      await sleep(1_000 + Math.floor(Math.random() * 3_000));
      if (payment.repeatVia === 'api') note('api-repeat', await viaApi());
      else
        note(
          'webhook-repeat',
          await client.sendWebhook(webhookSecret, { ...event, eventId: `${event.eventId}-again` }),
        );
    }
  } catch (error) {
    outcome.unanswered = error instanceof Error ? error.message : String(error);
  }
  return outcome;
}
