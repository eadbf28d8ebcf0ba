import type { Request } from 'express';
import { formatMoney } from '../../domain/money';
import { readCookie } from './console-session';

export type ConsoleLocale = 'fr' | 'en';
export const LOCALE_COOKIE = 'relance_lang';

/** Every page's words in both languages; each page keeps its own dictionary beside it. */
export type Dictionary<K extends string> = Record<ConsoleLocale, Record<K, string>>;

/** The language chosen with the switch, else the browser's first preference between French and English. */
export function consoleLocale(req: Request): ConsoleLocale {
  const chosen = readCookie(req, LOCALE_COOKIE);
  if (chosen === 'fr' || chosen === 'en') return chosen;
  const preferred = /^\s*([a-z]{2})/i.exec(req.get('accept-language') ?? '')?.[1]?.toLowerCase();
  return preferred === 'en' ? 'en' : 'fr';
}

const tags: Record<ConsoleLocale, string> = { fr: 'fr-FR', en: 'en-GB' };

/** The zone dates are shown in: operations work on the creditor's clock, and the zone is printed beside the time. */
export const CONSOLE_TIMEZONE = 'Europe/Paris';

export function money(amount: number, currency: string, locale: ConsoleLocale): string {
  return formatMoney({ amount, currency }, tags[locale]);
}

/** A calendar date (`YYYY-MM-DD`) as people read it; an instant as date and time with its zone. */
export function date(value: string | null | undefined, locale: ConsoleLocale): string {
  if (!value) return '—';
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return new Intl.DateTimeFormat(tags[locale], { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${value}T00:00:00Z`),
    );
  }
  const instant = new Date(value);
  if (Number.isNaN(instant.getTime())) return value;
  // Field by field: `timeZoneName` may not accompany `dateStyle`.
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
