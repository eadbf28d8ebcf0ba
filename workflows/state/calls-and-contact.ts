import { assertEmailAddress, assertPhoneNumber } from '../../domain/contact';
import { assertCleanText } from '../../domain/text';
import type { CallOutcome, ContactUpdate, PostalAddress } from '../messages';
import { validateDispute } from './disputes';
import { validatePromise } from './promises';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

const CALL_OUTCOMES = ['reached', 'no_answer', 'wrong_number', 'promise_to_pay', 'dispute', 'paid_already'];

export function validateContact(state: StateCore, update: ContactUpdate): void {
  requireOpen(state);
  if (update.email === undefined && update.phone === undefined && update.address === undefined) {
    throw refusal('email', 'required', 'give an email, a phone, an address, or several');
  }
  if (update.email !== undefined) assertEmailAddress(update.email, 'email');
  if (update.phone !== undefined) assertPhoneNumber(update.phone, 'phone');
  if (update.address !== undefined) validateAddress(update.address);
}

/** What an envelope's window can print: one to four street lines, a postcode, a city, an ISO 3166 country. */
function validateAddress(address: PostalAddress): void {
  if (typeof address !== 'object' || address === null) throw refusal('address', 'object', 'must be a postal address');
  const { lines, postcode, city, country } = address;
  if (!Array.isArray(lines) || lines.length < 1 || lines.length > 4) {
    throw refusal('address.lines', 'lines', 'must hold one to four lines');
  }
  lines.forEach((line, i) => requireLine(line, `address.lines[${i}]`));
  requireLine(postcode, 'address.postcode', 16);
  requireLine(city, 'address.city');
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country)) {
    throw refusal('address.country', 'country', 'must be an ISO 3166 alpha-2 code such as FR');
  }
}

function requireLine(value: unknown, field: string, maxLength = 100): void {
  requireText(value, field);
  assertCleanText(value, field, { maxLength });
}

export function validateCallOutcome(state: StateCore, call: CallOutcome, timezone: string): void {
  requireText(call?.taskId, 'taskId');
  if (!CALL_OUTCOMES.includes(call.outcome)) {
    throw refusal('outcome', 'call_outcome', `outcome must be one of ${CALL_OUTCOMES.join(', ')}`);
  }
  // A retry of an outcome already counted is accepted and changes nothing, even if what it asked for has since
  // moved on (the dispute it raised is open, the date it promised has passed).
  if (state.view.calls.some((c) => c.taskId === call.taskId)) return;
  if (call.outcome === 'promise_to_pay') {
    const promise = { promisedDate: call.promisedDate as string, amount: call.promisedAmount };
    validatePromise(state, promise, timezone, 'promisedDate');
  }
  if (call.outcome === 'dispute') {
    requireText(call.disputeReason, 'disputeReason', 'a dispute outcome needs the reason the customer gave');
    validateDispute(state, { reason: call.disputeReason as string });
  }
}

/** Each task's outcome counts once: a collector's double click, or the API retrying, changes nothing. */
export function applyCallOutcome(state: StateCore, call: CallOutcome): boolean {
  if (state.view.calls.some((c) => c.taskId === call.taskId)) return false;
  state.view.calls.push({ taskId: call.taskId, outcome: call.outcome, at: state.now() });
  state.record('call_outcome', { ...call });
  state.changed();
  return true;
}
