import { assertEmailAddress, assertPhoneNumber, isEmailAddress, isPhoneNumber } from '../../domain/contact';
import { domainError } from './support';

describe('isEmailAddress', () => {
  it.each([['ap@dupont.fr'], ['compta+relance@dupont-sarl.test'], ['élise@boulangerie.fr'], ['a@b.co']])(
    'accepts %p',
    (address) => {
      expect(isEmailAddress(address)).toBe(true);
    },
  );

  it.each([
    ['no at sign', 'compta at dupont'],
    ['two at signs', 'nobody@@dupont'],
    ['no dot in the domain', 'ap@dupont'],
    ['a comma listing a second address', 'ap@dupont.fr,boss@dupont.fr'],
    ['a comma in the local part', 'a,b@dupont.fr'],
    ['a semicolon', 'ap@dupont.fr;x@y.z'],
    ['a display name', 'Dupont <ap@dupont.fr>'],
    ['a space', 'ap @dupont.fr'],
    ['a line feed', 'ap@dupont.fr\nBcc: x@y.z'],
    ['a NUL', 'ap@dup\u0000ont.fr'],
    ['a lone surrogate', 'ap\uD800@dupont.fr'],
    ['a quoted local part', '"ap"@dupont.fr'],
    ['an empty string', ''],
    ['a number', 42],
    ['an address past 254 characters', `${'a'.repeat(250)}@x.fr`],
  ])('refuses %s', (_case, address) => {
    expect(isEmailAddress(address)).toBe(false);
  });

  it('names the field when it refuses', () => {
    expect(domainError(() => assertEmailAddress('nobody'))).toMatchObject({ field: 'email', rule: 'email' });
    expect(domainError(() => assertEmailAddress('x', 'customer.email')).field).toBe('customer.email');
  });
});

describe('isPhoneNumber', () => {
  it('accepts numbers as people write them and refuses words', () => {
    expect(isPhoneNumber('+33 1 02 03 04 05')).toBe(true);
    expect(isPhoneNumber('(01) 02.03.04-05')).toBe(true);
    expect(isPhoneNumber('call me')).toBe(false);
    expect(isPhoneNumber('12345')).toBe(false);
    expect(domainError(() => assertPhoneNumber('call me'))).toMatchObject({ field: 'phone', rule: 'phone' });
  });
});
