import { assertCleanText } from '../../domain/text';
import type { CloseLegalFile, LegalFileOutcome, WriteOff } from '../messages';
import type { InvoiceStatus } from '../read-model';
import { refusal, requireOpen, requireText } from './refusal';
import type { StateCore } from './state-core';

export const LEGAL_FILE_OUTCOMES: readonly LegalFileOutcome[] = ['paid', 'settled', 'written_off', 'abandoned'];

const MAX_NOTE_LENGTH = 2_000;

/** The legal file the ladder's last step opens (`openLegalFile` names it so). */
export const legalFileIdOf = (invoiceId: string): string => `LF-${invoiceId}`;

/**
 * The legal file is open: the invoice stays open in `legal`, taking payments, reversals and plans, until the file
 * closes. Phone calls no longer apply: the main loop closes those tasks.
 */
export function openLegalFile(state: StateCore, id: string): void {
  const { view } = state;
  view.legalFile = { id, openedAt: state.now(), status: 'open' };
  // A reminder waiting to be re-sent is moot once a lawyer has the file.
  view.resend = null;
  state.record('legal_file_opened', { legalFileId: id });
  state.followups.push({
    kind: 'close_tasks',
    key: `${id}:opened:close-tasks`,
    kinds: ['phone_call'],
    outcome: 'legal_file_opened',
  });
  state.changed();
}

/**
 * Ends the open legal file with `outcome` and asks the main loop to mark its record closed. The invoice's own closing
 * (`close`) calls it for every way an invoice can close in `legal`.
 */
export function endLegalFile(state: StateCore, outcome: LegalFileOutcome, note?: string, by?: string): void {
  const file = state.view.legalFile;
  if (!file || file.status !== 'open') return;
  file.status = 'closed';
  file.outcome = outcome;
  file.closedAt = state.now();
  if (note) file.note = note;
  const event = state.record('legal_file_closed', {
    legalFileId: file.id,
    outcome,
    ...(note ? { note } : {}),
    ...(by ? { by } : {}),
  });
  state.followups.push({
    kind: 'close_legal_file',
    key: `${file.id}:closed:${event.seq}`,
    legalFileId: file.id,
    outcome,
    ...(note ? { note } : {}),
    ...(by ? { by } : {}),
  });
}

/** The legal file's outcome when the invoice closes some other way than by closing the file. */
export function legalOutcomeOf(status: Exclude<InvoiceStatus, 'open'>): LegalFileOutcome {
  switch (status) {
    case 'paid':
    case 'settled':
    case 'written_off':
    case 'abandoned':
      return status;
    default:
      // A credit note (cancel, an upheld dispute) leaves nothing to claim: the file is abandoned.
      return 'abandoned';
  }
}

/**
 * A payment that had closed the legal file as paid was reversed: the file is open again, as far as the invoice goes.
 * A closing not yet done is withdrawn; one already done is on the proof trail for the legal team to reopen.
 */
export function reopenLegalFile(state: StateCore, paymentId: string): void {
  const file = state.view.legalFile;
  if (!file || file.status !== 'closed' || file.outcome !== 'paid') return;
  const pending = state.followups.some((f) => f.kind === 'close_legal_file' && f.legalFileId === file.id);
  state.followups = state.followups.filter((f) => !(f.kind === 'close_legal_file' && f.legalFileId === file.id));
  file.status = 'open';
  delete file.outcome;
  delete file.closedAt;
  delete file.note;
  const event = state.record('legal_file_reopened', { legalFileId: file.id, paymentId, recordClosed: !pending });
  // The record was closed already: it opens again, so that the legal team's list and a later closing agree.
  if (!pending) {
    state.followups.push({
      kind: 'reopen_legal_file',
      key: `${file.id}:reopened:${event.seq}`,
      legalFileId: file.id,
      paymentId,
    });
  }
}

export function validateWriteOff(state: StateCore, writeOff: WriteOff): void {
  // The same write-off repeated (a caller retrying a lost answer) is answered with the state.
  if (state.view.status === 'written_off' && !state.ended) return;
  requireOpen(state);
  requireText(writeOff?.reason, 'reason');
  assertCleanText(writeOff.reason, 'reason', { multiLine: true, maxLength: MAX_NOTE_LENGTH });
}

/** Closes as `written_off` from any open stage; an open legal file closes with the same outcome. */
export function applyWriteOff(state: StateCore, writeOff: WriteOff): void {
  if (state.closed) return;
  const { view } = state;
  view.writeOff = { reason: writeOff.reason, at: state.now(), ...(writeOff.by ? { by: writeOff.by } : {}) };
  state.record('written_off', {
    reason: writeOff.reason,
    balance: view.balance,
    currency: view.currency,
    ...(writeOff.by ? { by: writeOff.by } : {}),
  });
  endLegalFile(state, 'written_off', writeOff.reason, writeOff.by);
  state.close('written_off');
}

export function validateCloseLegalFile(state: StateCore, close: CloseLegalFile): void {
  requireText(close?.legalFileId, 'legalFileId');
  const file = state.view.legalFile;
  // Closing a file again with the outcome it closed with changes nothing (a retry); anything else is refused.
  if (file?.id === close.legalFileId && file.status === 'closed' && file.outcome === close.outcome && !state.ended) {
    return;
  }
  requireOpen(state);
  if (!file || file.status !== 'open') {
    throw refusal('legalFileId', 'open_legal_file', 'no legal file is open on this invoice');
  }
  if (close.legalFileId !== file.id) {
    throw refusal('legalFileId', 'legal_file', `the legal file of this invoice is ${file.id}`);
  }
  if (!LEGAL_FILE_OUTCOMES.includes(close.outcome)) {
    throw refusal('outcome', 'legal_file_outcome', `outcome must be one of ${LEGAL_FILE_OUTCOMES.join(', ')}`);
  }
  if (close.note !== undefined) assertCleanText(close.note, 'note', { multiLine: true, maxLength: MAX_NOTE_LENGTH });
}

/** The legal file ends, and the invoice closes with that outcome (status and stage alike). */
export function applyCloseLegalFile(state: StateCore, close: CloseLegalFile): void {
  if (state.view.legalFile?.status !== 'open') return;
  endLegalFile(state, close.outcome, close.note, close.by);
  state.close(close.outcome);
}
