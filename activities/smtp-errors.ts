import { ApplicationFailure } from '@temporalio/common';
import { FailureType } from '../domain/failure-types';

interface SmtpError {
  responseCode?: number;
  code?: string;
  command?: string;
  response?: string;
  message?: string;
}

/**
 * A 5xx answer about the recipient or the message (RCPT TO, DATA) will not change on retry: it is a non-retryable
 * `MailRejected`. Everything else is retried: 4xx (greylisting, mailbox full for now), network errors, and also 5xx
 * answers to AUTH or MAIL FROM, which mean our own relay settings are wrong and heal once an operator fixes them.
 */
export function classifySmtpError(error: unknown): Error {
  const smtp = (error ?? {}) as SmtpError;
  const message = smtp.response ?? smtp.message ?? String(error);
  const aboutRecipient = smtp.command === undefined || /^(RCPT|DATA)/i.test(smtp.command);
  const permanent =
    aboutRecipient &&
    smtp.code !== 'EAUTH' &&
    ((smtp.responseCode !== undefined && smtp.responseCode >= 500) ||
      (smtp.code === 'EENVELOPE' && smtp.responseCode === undefined));
  if (permanent)
    return ApplicationFailure.nonRetryable(`the mail server refused the message: ${message}`, FailureType.MailRejected);
  return error instanceof Error ? error : new Error(message);
}
