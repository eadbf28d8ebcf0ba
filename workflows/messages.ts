import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { DunningAction, DunningPolicy } from '../domain/dunning-policy';

/** Wire names are a contract with the API, payment systems and running histories: never rename them. */
export const INVOICE_WORKFLOW_TYPE = 'invoiceCollection';
export const INVOICE_TASK_QUEUE = 'invoice-collection';
export const invoiceWorkflowId = (invoiceId: string): string => `invoice-${invoiceId}`;

export type DunningStage =
  | 'scheduled'
  | 'reminding'
  | 'calling'
  | 'letter'
  | 'formal_notice'
  | 'legal'
  | 'instalment_plan'
  | 'promise_to_pay'
  | 'disputed'
  | 'paused'
  | 'paid'
  | 'cancelled'
  | 'written_off'
  | 'handed_to_legal';

export type InvoiceStatus = 'open' | 'paid' | 'cancelled' | 'written_off' | 'handed_to_legal';

export interface CustomerSnapshot {
  id: string;
  name: string;
  email: string;
  phone?: string;
  locale: string;
  timezone: string;
  country: string;
}

/** The invoice as it was when collection started; the policy is copied so that editing it never moves running work. */
export interface InvoiceSnapshot {
  id: string;
  customer: CustomerSnapshot;
  amount: number;
  currency: string;
  issueDate: string;
  dueDate: string;
}

export interface InvoiceCollectionInput {
  invoice: InvoiceSnapshot;
  policy: DunningPolicy;
}

export interface PaymentReceived {
  paymentId: string;
  amount: number;
  currency: string;
  receivedAt: string;
  method?: string;
  reference?: string;
}

export interface PaymentReversed {
  paymentId: string;
  reason: string;
}

export interface PaymentRecord extends PaymentReceived {
  reversed?: { reason: string; at: string };
}

export interface StepRecord {
  index: number;
  action: DunningAction;
  template: string;
  scheduledAt: string;
  at: string;
  result: 'sent' | 'skipped' | 'failed';
  detail?: string;
}

export interface TimelineEntry {
  index: number;
  action: DunningAction;
  template: string;
  at: string;
}

export interface InvoiceState {
  invoiceId: string;
  status: InvoiceStatus;
  stage: DunningStage;
  amount: number;
  balance: number;
  credit: number;
  currency: string;
  dueAt: string;
  payments: PaymentRecord[];
  plan: null;
  dispute: null;
  hold: null;
  nextAction: { action: DunningAction | 'close'; at: string } | null;
  timeline: TimelineEntry[];
  history: StepRecord[];
  closedAt?: string;
}

export interface InvoiceCollectionResult {
  status: InvoiceStatus;
  balance: number;
  credit: number;
  currency: string;
}

export const paymentReceivedSignal = defineSignal<[PaymentReceived]>('paymentReceived');
export const paymentReceivedUpdate = defineUpdate<InvoiceState, [PaymentReceived]>('paymentReceived');
export const paymentReversedSignal = defineSignal<[PaymentReversed]>('paymentReversed');
export const paymentReversedUpdate = defineUpdate<InvoiceState, [PaymentReversed]>('paymentReversed');
export const stateQuery = defineQuery<InvoiceState>('state');
