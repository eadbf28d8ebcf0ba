import { DomainError } from './domain-error';

/**
 * Text that can safely reach a workflow, PostgreSQL, a mail header or a PDF line. PostgreSQL stores no NUL; a CR or LF
 * in a name prints a forged line in a letter; a lone UTF-16 surrogate is not Unicode and breaks every encoder after us.
 * Single-line text (names, references, reasons, ids) also refuses the other C0 and C1 controls, DEL and the Unicode
 * line and paragraph separators; multi-line text (notes) keeps tab, line feed and carriage return.
 */
// eslint-disable-next-line no-control-regex -- control characters are what these patterns refuse
export const SINGLE_LINE_CHARACTERS = /^[^\u0000-\u001F\u007F-\u009F\u2028\u2029]*$/;
// eslint-disable-next-line no-control-regex -- as above
export const MULTI_LINE_CHARACTERS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed UTF-16: every surrogate is half of a pair, so it encodes as UTF-8. */
export function isWellFormedText(value: string): boolean {
  return !LONE_SURROGATE.test(value);
}

export function isSingleLineText(value: unknown): value is string {
  return typeof value === 'string' && SINGLE_LINE_CHARACTERS.test(value) && isWellFormedText(value);
}

export function isMultiLineText(value: unknown): value is string {
  return typeof value === 'string' && MULTI_LINE_CHARACTERS.test(value) && isWellFormedText(value);
}

/** Refuses text with control characters (or, unless `multiLine`, a line break) or a lone surrogate, naming the field. */
export function assertCleanText(
  value: unknown,
  field: string,
  options: { multiLine?: boolean; maxLength?: number } = {},
): asserts value is string {
  if (typeof value !== 'string') throw new DomainError(field, 'string', `${field}: must be a string`);
  const clean = options.multiLine ? isMultiLineText(value) : isSingleLineText(value);
  if (!clean) {
    throw new DomainError(
      field,
      'control_characters',
      `${field}: must not contain control characters${options.multiLine ? '' : ' or line breaks'} or lone surrogates`,
    );
  }
  if (options.maxLength !== undefined && value.length > options.maxLength) {
    throw new DomainError(field, 'max_length', `${field}: must be at most ${options.maxLength} characters`);
  }
}
