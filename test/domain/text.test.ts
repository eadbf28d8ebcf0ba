import { assertCleanText, isMultiLineText, isSingleLineText } from '../../domain/text';
import { domainError } from './support';

describe('isSingleLineText', () => {
  it.each([
    [''],
    ['Boulangerie Dupont'],
    ['Société Générale – Agence n°3'],
    ['émoji 🥖 paired surrogates'],
    ['tab-free'],
  ])('accepts %p', (value) => {
    expect(isSingleLineText(value)).toBe(true);
  });

  it.each([
    ['a NUL', 'a\u0000b'],
    ['a line feed', 'Dupont\nForged line'],
    ['a carriage return', 'Dupont\rX'],
    ['a tab', 'a\tb'],
    ['an escape', 'a\u001b[31m'],
    ['DEL', 'a\u007f'],
    ['a C1 control', 'a\u0085b'],
    ['a line separator', 'a\u2028b'],
    ['a lone high surrogate', 'a\ud800'],
    ['a lone low surrogate', '\udc00a'],
    ['reversed surrogates', '\udc00\ud800'],
  ])('refuses %s', (_case, value) => {
    expect(isSingleLineText(value)).toBe(false);
  });

  it('refuses what is not a string', () => {
    expect(isSingleLineText(42)).toBe(false);
  });
});

describe('isMultiLineText', () => {
  it('keeps tabs and line breaks in notes', () => {
    expect(isMultiLineText('Called twice.\r\n\tLeft a message.')).toBe(true);
  });

  it.each([['a\u0000b'], ['a\u000bb'], ['\ud83d'], ['a\u001fb']])('refuses %p', (value) => {
    expect(isMultiLineText(value)).toBe(false);
  });
});

describe('assertCleanText', () => {
  it('names the field and the rule', () => {
    const error = domainError(() => assertCleanText('Dupont\nSAS', 'customer.name'));
    expect(error.field).toBe('customer.name');
    expect(error.rule).toBe('control_characters');
    expect(error.message).toBe('customer.name: must not contain control characters or line breaks or lone surrogates');
  });

  it('bounds the length when asked', () => {
    expect(domainError(() => assertCleanText('abcd', 'name', { maxLength: 3 })).rule).toBe('max_length');
    expect(() => assertCleanText('abc', 'name', { maxLength: 3 })).not.toThrow();
  });

  it('refuses what is not a string', () => {
    expect(domainError(() => assertCleanText(null, 'reason')).rule).toBe('string');
  });
});
