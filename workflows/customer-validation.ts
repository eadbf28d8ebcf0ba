import {
  CUSTOMER_HOLD_KINDS,
  CustomerCollectionView,
  CustomerWork,
  INSOLVENCY_OUTCOMES,
  INSOLVENCY_PROCEDURES,
} from './customer-messages';
import { invalid } from './state/refusal';

// The customer workflow's validators: a message it cannot act on is refused before it enters the history, naming the
// field (the API checked it first; this guards the CLI, the UI and any other client).

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function validateCustomerMessage(
  kind: CustomerWork['type'],
  message: unknown,
  view: CustomerCollectionView,
): void {
  const m = (message ?? {}) as Record<string, unknown>;
  switch (kind) {
    case 'hold':
      text(m, 'holdId');
      oneOf(m, 'kind', CUSTOMER_HOLD_KINDS);
      text(m, 'reason');
      if (m.until !== undefined) instant(m, 'until');
      return;
    case 'lift':
      text(m, 'holdId');
      return;
    case 'insolvency':
      oneOf(m, 'procedure', INSOLVENCY_PROCEDURES);
      date(m, 'openedOn');
      date(m, 'publishedOn');
      if ((m.publishedOn as string) < (m.openedOn as string)) {
        throw invalid('publishedOn', 'the publication cannot come before the opening judgment');
      }
      if (view.insolvency && view.insolvency.openedOn !== m.openedOn) {
        throw invalid(
          'openedOn',
          `a ${view.insolvency.procedure} opened on ${view.insolvency.openedOn} is in progress`,
        );
      }
      return;
    case 'close_insolvency':
      oneOf(m, 'outcome', INSOLVENCY_OUTCOMES);
      if (!view.insolvency) throw invalid('outcome', 'no insolvency procedure is in progress');
      return;
    case 'payment':
      text(m, 'paymentId');
      if (!Number.isSafeInteger(m.amount) || (m.amount as number) <= 0) {
        throw invalid('amount', 'a positive integer in minor units');
      }
      if (typeof m.currency !== 'string' || !/^[A-Z]{3}$/.test(m.currency)) {
        throw invalid('currency', 'an ISO 4217 code');
      }
      instant(m, 'receivedAt');
      return;
    case 'reversal':
      text(m, 'paymentId');
      text(m, 'reason');
      return;
    case 'invoice_opened':
      text(m, 'invoiceId');
      return;
  }
}

function text(m: Record<string, unknown>, field: string): void {
  if (typeof m[field] !== 'string' || (m[field] as string).trim() === '') throw invalid(field, `${field} is required`);
}

function oneOf(m: Record<string, unknown>, field: string, values: readonly string[]): void {
  if (!values.includes(m[field] as string)) throw invalid(field, `one of ${values.join(', ')}`);
}

function date(m: Record<string, unknown>, field: string): void {
  if (typeof m[field] !== 'string' || !DATE.test(m[field] as string)) throw invalid(field, 'a date YYYY-MM-DD');
}

function instant(m: Record<string, unknown>, field: string): void {
  if (typeof m[field] !== 'string' || !INSTANT.test(m[field] as string)) {
    throw invalid(field, 'an RFC 3339 instant with its offset');
  }
}
