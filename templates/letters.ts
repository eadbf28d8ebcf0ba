import type { LetterKind, LetterTemplate } from './letter';
import { englishLetters } from './letter-en';
import { frenchLetters } from './letter-fr';

const byLocale: Record<string, Record<string, LetterTemplate>> = { fr: frenchLetters, en: englishLetters };

/** The letter for a locale ('fr-FR' uses French, an unknown language English). */
export function findLetterTemplate(locale: string, kind: LetterKind): LetterTemplate {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  return (byLocale[language] ?? englishLetters)[kind]!;
}

/** The file name a letter is stored and attached under. */
export function letterFilename(locale: string, kind: LetterKind, invoiceNumber: string): string {
  const french = locale.toLowerCase().startsWith('fr');
  const names: Record<LetterKind, string> = french
    ? { statement: 'releve', 'registered-reminder': 'relance', 'formal-notice': 'mise-en-demeure' }
    : { statement: 'statement', 'registered-reminder': 'reminder', 'formal-notice': 'formal-notice' };
  return `${names[kind]}-${invoiceNumber.replace(/[^A-Za-z0-9_-]+/g, '_')}.pdf`;
}
