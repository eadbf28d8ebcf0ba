import type { LetterContext } from './letter';

/**
 * The lines in the envelope window: the name, the street lines, the postcode and city, then the country. Only what the
 * postman reads goes there (no e-mail, no phone). The city line is in capitals for France (NF Z 10-011) and the UK
 * (Royal Mail: post town in capitals, then the postcode on its own line); elsewhere "postcode city" as given.
 * The country line: French letters are posted from France, so a French address has none; English letters may be posted
 * from anywhere, so they always name the country. The country name is in capitals (UPU convention).
 */
export function windowLines(debtor: LetterContext['debtor'], language: 'fr' | 'en'): string[] {
  const address = debtor.address;
  if (!address) return [debtor.name];
  const country = address.country.toUpperCase();
  const place =
    country === 'GB' || country === 'UK'
      ? [address.city.toUpperCase(), address.postcode]
      : [`${address.postcode} ${country === 'FR' ? address.city.toUpperCase() : address.city}`.trim()];
  const countryLine = language === 'fr' && country === 'FR' ? [] : [address.countryName.toUpperCase()];
  return [debtor.name, ...address.lines, ...place, ...countryLine];
}
