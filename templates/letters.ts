import type { LetterKind, LetterTemplate } from './letter';
import { englishLetters } from './letter-en';
import { frenchLetters } from './letter-fr';

const byLocale: Record<string, Record<string, LetterTemplate>> = { fr: frenchLetters, en: englishLetters };

/**
 * The letter for a locale ('fr-FR' uses French, an unknown language English). Every letter ends its body with the
 * customer's self-service link when it has one: the last paragraph, so the amounts table keeps its place.
 */
export function findLetterTemplate(locale: string, kind: LetterKind): LetterTemplate {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const template = (byLocale[language] ?? englishLetters)[kind]!;
  const label = language === 'fr' ? 'Répondre en ligne\u00a0:' : 'Answer online:';
  return (context) => {
    const letter = template(context);
    if (!context.selfServiceUrl) return letter;
    return { ...letter, paragraphs: [...letter.paragraphs, `${label} ${context.selfServiceUrl}`] };
  };
}

/** The file name a letter is stored and attached under. */
export function letterFilename(locale: string, kind: LetterKind, invoiceNumber: string): string {
  const french = locale.toLowerCase().startsWith('fr');
  const names: Record<LetterKind, string> = french
    ? { statement: 'releve', 'registered-reminder': 'relance', 'formal-notice': 'mise-en-demeure' }
    : { statement: 'statement', 'registered-reminder': 'reminder', 'formal-notice': 'formal-notice' };
  return `${names[kind]}-${invoiceNumber.replace(/[^A-Za-z0-9_-]+/g, '_')}.pdf`;
}
