import { DomainError, quote } from './domain-error';
import { isWellFormedText } from './text';

/** RFC 5321 section 4.5.3.1.3: a path holds at most 256 octets, angle brackets included. */
export const MAX_EMAIL_LENGTH = 254;

/**
 * One local part, one domain with a dot; nothing a mail header or an SMTP envelope would read as a separator, a
 * comment, a quoted string or a second address (a comma or a semicolon lists two recipients), and no control
 * character. A plain pattern, so that the API can publish it in its schema (and schema-driven clients and testers can
 * use it); a lone surrogate, which no pattern can name portably, is refused beside it.
 */
const ADDRESS_PART = String.raw`[^\s@<>(),;:"\u0000-\u001F\u007F-\u009F]+`;
export const EMAIL_ADDRESS = new RegExp(`^${ADDRESS_PART}@${ADDRESS_PART}\\.${ADDRESS_PART}$`);

/** A phone number as people write it: an optional +, digits, spaces, dots, dashes and parentheses. */
export const PHONE_NUMBER = /^\+?[0-9 ().-]{6,20}$/;

/** Whether an address can be put on an envelope as it is: one mailbox, no display name, no control character. */
export function isEmailAddress(value: unknown): value is string {
  return (
    typeof value === 'string' &&
    value.length <= MAX_EMAIL_LENGTH &&
    EMAIL_ADDRESS.test(value) &&
    isWellFormedText(value)
  );
}

export function isPhoneNumber(value: unknown): value is string {
  return typeof value === 'string' && PHONE_NUMBER.test(value);
}

export function assertEmailAddress(value: unknown, field = 'email'): asserts value is string {
  if (!isEmailAddress(value)) {
    throw new DomainError(field, 'email', `${field}: ${quote(value)} is not an e-mail address`);
  }
}

export function assertPhoneNumber(value: unknown, field = 'phone'): asserts value is string {
  if (!isPhoneNumber(value)) {
    throw new DomainError(field, 'phone', `${field}: ${quote(value)} is not a phone number`);
  }
}
