import * as domain from '../../domain';

describe('the domain index', () => {
  it('re-exports every public rule', () => {
    const names = [
      'DomainError',
      'currencyMinorUnits',
      'isKnownCurrency',
      'assertMinorAmount',
      'addMoney',
      'subtractMoney',
      'toMajorUnits',
      'formatMoney',
      'parseIsoDuration',
      'addIsoDuration',
      'isoDurationToMillis',
      'dueMoment',
      'isCalendarDate',
      'isRfc3339Instant',
      'validateTimezone',
      'publicHolidays',
      'isBusinessDay',
      'nextBusinessDay',
      'previousBusinessDay',
      'defaultTemplate',
      'parseDunningPolicy',
      'FRENCH_B2B_POLICY',
      'DEMO_POLICY',
      'scheduleSteps',
      'selectCatchUp',
      'nextStepAfter',
      'computeLatePaymentAmounts',
      'ECB_MAIN_REFINANCING_RATE',
      'DE_BASE_RATE',
      'BOE_BANK_RATE',
      'recommendLegalRoute',
    ];
    for (const name of names) expect(domain).toHaveProperty(name);
  });
});
