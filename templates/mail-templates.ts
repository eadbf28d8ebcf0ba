import { englishMail } from './mail-en';
import { frenchMail } from './mail-fr';
import type { MailTemplate } from './mail-context';

const byLocale: Record<string, Record<string, MailTemplate>> = { fr: frenchMail, en: englishMail };

/** The template for a locale ('fr-FR' falls back to 'fr', an unknown language to English); undefined when unknown. */
export function findMailTemplate(locale: string, name: string): MailTemplate | undefined {
  const language = locale.toLowerCase().split(/[-_]/)[0] ?? 'en';
  const templates = byLocale[language] ?? englishMail;
  // 'reminder' is the policy default for e-mail steps without a named template.
  return templates[name] ?? (name === 'reminder' ? templates['reminder-1'] : undefined);
}
