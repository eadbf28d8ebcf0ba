import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

/** Custom search attributes support staff filter on in the Temporal UI; registered by `npm start` and compose. */
export const INVOICE_ID = defineSearchAttributeKey('InvoiceId', SearchAttributeType.KEYWORD);
export const CUSTOMER_ID = defineSearchAttributeKey('CustomerId', SearchAttributeType.KEYWORD);
export const DUNNING_STAGE = defineSearchAttributeKey('DunningStage', SearchAttributeType.KEYWORD);
export const AMOUNT_OUTSTANDING = defineSearchAttributeKey('AmountOutstanding', SearchAttributeType.DOUBLE);
export const CURRENCY = defineSearchAttributeKey('Currency', SearchAttributeType.KEYWORD);
export const DUE_DATE = defineSearchAttributeKey('DueDate', SearchAttributeType.DATETIME);
export const NEXT_ACTION_AT = defineSearchAttributeKey('NextActionAt', SearchAttributeType.DATETIME);

export const INVOICE_SEARCH_ATTRIBUTES = [
  INVOICE_ID,
  CUSTOMER_ID,
  DUNNING_STAGE,
  AMOUNT_OUTSTANDING,
  CURRENCY,
  DUE_DATE,
  NEXT_ACTION_AT,
] as const;
