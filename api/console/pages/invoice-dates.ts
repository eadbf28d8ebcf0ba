import { CONSOLE_TIMEZONE, type ConsoleLocale, date } from '../console-locale';

const tags: Record<ConsoleLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

/**
 * A calendar date or an instant as the invoice pages show it. Instants are formatted field by field: V8 refuses
 * `timeZoneName` beside `dateStyle`, which `date()` of console-locale.ts combines (a TypeError on every instant).
 */
export function when(value: string | null | undefined, locale: ConsoleLocale): string {
  if (!value || /^\d{4}-\d{2}-\d{2}$/.test(value)) return date(value, locale);
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  return new Intl.DateTimeFormat(tags[locale], {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: CONSOLE_TIMEZONE,
    timeZoneName: 'short',
  }).format(instant);
}
