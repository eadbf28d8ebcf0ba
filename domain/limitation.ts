import { DateTime } from 'luxon';
import { assertCalendarDate } from './calendar-date';
import { DomainError } from './domain-error';

export interface LimitationInput {
  governingLaw: string;
  dueDate: string;
  asOf: string;
  /** The latest acknowledgement of the debt by the debtor, a part-payment included. */
  acknowledgedOn?: string;
}

export interface LimitationPeriod {
  /** The last day an action can be brought; null when the law's period is not tabulated. */
  expiresOn: string | null;
  /** asOf is after `expiresOn`. */
  timeBarred: boolean;
  basis: string;
}

interface LimitationRule {
  years: number;
  /** DE: the period runs from the end of the year in which the claim fell due. */
  fromYearEnd: boolean;
  basis: string;
  restart: string;
}

// Each period is counted from the due date itself, a day earlier than from the first day of default: the
// conservative reading, since a claim wrongly held barred costs a task for a person, a claim wrongly held alive
// costs a lawsuit.
const RULES: Readonly<Record<string, LimitationRule>> = {
  FR: {
    years: 5,
    fromYearEnd: false,
    basis: '5 years from the due date (art. L110-4 C. com., art. 2224 C. civ.)',
    restart: 'art. 2240 C. civ.',
  },
  DE: {
    years: 3,
    fromYearEnd: true,
    basis: '3 years from the end of the year in which the claim fell due (§§ 195, 199 BGB)',
    restart: '§ 212 BGB',
  },
  GB: {
    years: 6,
    fromYearEnd: false,
    basis: '6 years from the due date (Limitation Act 1980, s.5)',
    restart: 'Limitation Act 1980, s.29',
  },
};

function plusYears(date: string, years: number): string {
  // Luxon clamps 29 February to 28 February in a common year.
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ years }).toISODate() as string;
}

/**
 * When a commercial debt becomes time-barred. An acknowledgement or part-payment made before expiry starts the full
 * period again from its date (the German year-end rule does not apply to the new period); one made after expiry does
 * not revive the claim.
 */
export function limitationPeriod(input: LimitationInput): LimitationPeriod {
  const { dueDate, asOf, acknowledgedOn } = input;
  assertCalendarDate(dueDate, 'dueDate');
  assertCalendarDate(asOf, 'asOf');
  if (acknowledgedOn !== undefined) {
    assertCalendarDate(acknowledgedOn, 'acknowledgedOn');
    if (acknowledgedOn > asOf) {
      throw new DomainError('acknowledgedOn', 'after_as_of', `acknowledgedOn: ${acknowledgedOn} is after asOf ${asOf}`);
    }
  }
  const law = typeof input.governingLaw === 'string' ? input.governingLaw.toUpperCase() : '';
  const rule = RULES[law];
  if (!rule)
    return { expiresOn: null, timeBarred: false, basis: `not checked for ${law || String(input.governingLaw)}` };

  const year = Number(dueDate.slice(0, 4));
  let expiresOn = rule.fromYearEnd ? `${year + rule.years}-12-31` : plusYears(dueDate, rule.years);
  let basis = rule.basis;
  if (acknowledgedOn !== undefined && acknowledgedOn <= expiresOn) {
    const restarted = plusYears(acknowledgedOn, rule.years);
    if (restarted > expiresOn) {
      expiresOn = restarted;
      basis = `${basis}, restarted on ${acknowledgedOn} by an acknowledgement or part-payment (${rule.restart})`;
    }
  }
  return { expiresOn, timeBarred: asOf > expiresOn, basis };
}
