import { addDays, assertCalendarDate, calendarDate, isoWeekday } from './calendar-date';
import { DomainError, quote } from './domain-error';

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return calendarDate(year, month, day);
}

interface EasterDates {
  goodFriday: string;
  easterMonday: string;
  ascension: string;
  whitMonday: string;
}

function easterDates(year: number): EasterDates {
  const easter = easterSunday(year);
  return {
    goodFriday: addDays(easter, -2),
    easterMonday: addDays(easter, 1),
    ascension: addDays(easter, 39),
    whitMonday: addDays(easter, 50),
  };
}

/** The first (n = 1) or last (n = -1) given ISO weekday of a month. */
function weekdayOfMonth(year: number, month: number, weekday: number, n: 1 | -1): string {
  if (n === 1) {
    const first = calendarDate(year, month, 1);
    return addDays(first, (weekday - isoWeekday(first) + 7) % 7);
  }
  const last = addDays(month === 12 ? calendarDate(year + 1, 1, 1) : calendarDate(year, month + 1, 1), -1);
  return addDays(last, -((isoWeekday(last) - weekday + 7) % 7));
}

const fixed = (year: number, ...monthDays: [number, number][]): string[] =>
  monthDays.map(([month, day]) => calendarDate(year, month, day));

// Code du travail art. L3133-1. Alsace-Moselle adds Good Friday and 26 December (art. L3134-13),
// regional and therefore not here.
function france(year: number): string[] {
  const e = easterDates(year);
  return [
    ...fixed(year, [1, 1], [5, 1], [5, 8], [7, 14], [8, 15], [11, 1], [11, 11], [12, 25]),
    e.easterMonday,
    e.ascension,
    e.whitMonday,
  ];
}

// Nationwide holidays only; each Land adds its own (Epiphany, Corpus Christi, Reformation Day, …).
function germany(year: number): string[] {
  const e = easterDates(year);
  return [
    ...fixed(year, [1, 1], [5, 1], [10, 3], [12, 25], [12, 26]),
    e.goodFriday,
    e.easterMonday,
    e.ascension,
    e.whitMonday,
  ];
}

// England and Wales (Banking and Financial Dealings Act 1971, Sch. 1, and royal proclamations):
// a holiday on a weekend is substituted by the next free weekday.
const GB_PROCLAIMED_CHANGES: Readonly<Record<number, { remove: string[]; add: string[] }>> = {
  2020: { remove: ['2020-05-04'], add: ['2020-05-08'] }, // VE Day 75th anniversary
  2022: { remove: ['2022-05-30'], add: ['2022-06-02', '2022-06-03', '2022-09-19'] }, // Platinum Jubilee, state funeral
  2023: { remove: [], add: ['2023-05-08'] }, // Coronation of King Charles III
};

function greatBritain(year: number): string[] {
  const e = easterDates(year);
  const taken = new Set<string>();
  const substitute = (date: string): string => {
    let day = date;
    while (isoWeekday(day) >= 6 || taken.has(day)) day = addDays(day, 1);
    taken.add(day);
    return day;
  };
  const days = [
    substitute(calendarDate(year, 1, 1)),
    e.goodFriday,
    e.easterMonday,
    weekdayOfMonth(year, 5, 1, 1),
    weekdayOfMonth(year, 5, 1, -1),
    weekdayOfMonth(year, 8, 1, -1),
  ];
  // A weekday Boxing Day is reserved first, so a Sunday Christmas is substituted on Tuesday 27.
  const christmas = calendarDate(year, 12, 25);
  const boxingDay = calendarDate(year, 12, 26);
  if (isoWeekday(boxingDay) < 6) taken.add(boxingDay);
  days.push(substitute(christmas), isoWeekday(boxingDay) < 6 ? boxingDay : substitute(boxingDay));
  const change = GB_PROCLAIMED_CHANGES[year];
  return change ? [...days.filter((d) => !change.remove.includes(d)), ...change.add] : days;
}

// Loi du 4 janvier 1974 relative aux jours fériés.
function belgium(year: number): string[] {
  const e = easterDates(year);
  return [
    ...fixed(year, [1, 1], [5, 1], [7, 21], [8, 15], [11, 1], [11, 11], [12, 25]),
    e.easterMonday,
    e.ascension,
    e.whitMonday,
  ];
}

// National holidays common to every autonomous community; regional ones and Sunday transfers vary.
function spain(year: number): string[] {
  return [
    ...fixed(year, [1, 1], [1, 6], [5, 1], [8, 15], [10, 12], [11, 1], [12, 6], [12, 8], [12, 25]),
    easterDates(year).goodFriday,
  ];
}

// Legge 260/1949 as amended; Legge 151/2025 restores 4 October (St Francis) from 2026.
function italy(year: number): string[] {
  const days = fixed(year, [1, 1], [1, 6], [4, 25], [5, 1], [6, 2], [8, 15], [11, 1], [12, 8], [12, 25], [12, 26]);
  if (year >= 2026) days.push(calendarDate(year, 10, 4));
  return [...days, easterDates(year).easterMonday];
}

// Algemene termijnenwet: King's Day moves to 26 April when 27 April is a Sunday; Liberation Day
// is a general day off only in lustrum years.
function netherlands(year: number): string[] {
  const e = easterDates(year);
  const kingsDay = calendarDate(year, 4, 27);
  const days = [
    ...fixed(year, [1, 1], [12, 25], [12, 26]),
    isoWeekday(kingsDay) === 7 ? calendarDate(year, 4, 26) : kingsDay,
    e.easterMonday,
    e.ascension,
    e.whitMonday,
  ];
  if (year % 5 === 0) days.push(calendarDate(year, 5, 5));
  return days;
}

const COUNTRIES: Readonly<Record<string, (year: number) => string[]>> = {
  FR: france,
  DE: germany,
  GB: greatBritain,
  BE: belgium,
  ES: spain,
  IT: italy,
  NL: netherlands,
};

export function hasHolidayCalendar(country: string): boolean {
  return Object.prototype.hasOwnProperty.call(COUNTRIES, country.toUpperCase());
}

function normaliseCountry(country: unknown): string {
  if (typeof country !== 'string' || !/^[A-Za-z]{2}$/.test(country)) {
    throw new DomainError('country', 'country_code', `country: ${quote(country)} is not an ISO 3166-1 alpha-2 code`);
  }
  return country.toUpperCase();
}

/** Sorted public holidays; countries without a table get 1 January and 25 December only. */
export function publicHolidays(country: string, year: number): string[] {
  const code = normaliseCountry(country);
  if (!Number.isInteger(year) || year < 1583 || year > 9999) {
    throw new DomainError('year', 'year', `year: ${year} is not a Gregorian year`);
  }
  const rule = COUNTRIES[code];
  const days = rule ? rule(year) : fixed(year, [1, 1], [12, 25]);
  return [...new Set(days)].sort();
}

export function isBusinessDay(date: string, country: string): boolean {
  assertCalendarDate(date);
  if (isoWeekday(date) >= 6) return false;
  return !publicHolidays(country, Number(date.slice(0, 4))).includes(date);
}

function rollTo(date: string, country: string, step: 1 | -1): string {
  let day = date;
  while (!isBusinessDay(day, country)) day = addDays(day, step);
  return day;
}

export function nextBusinessDay(date: string, country: string): string {
  return rollTo(date, country, 1);
}

export function previousBusinessDay(date: string, country: string): string {
  return rollTo(date, country, -1);
}
