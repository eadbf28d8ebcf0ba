import { RateChange } from './rate-change';

/**
 * ECB interest rate on the main refinancing operations (fixed-rate tenders), by effective date.
 * Source: European Central Bank, "Key ECB interest rates"
 * (https://www.ecb.europa.eu/stats/policy_and_exchange_rates/key_ecb_interest_rates/html/index.en.html).
 * Append an entry whenever the ECB Governing Council changes the rate: statutory interest for a
 * half-year uses the rate in force on its first day, so a missing entry silently under- or
 * over-states every claim from then on. Sorted ascending by `from`.
 */
export const ECB_MAIN_REFINANCING_RATE: readonly RateChange[] = [
  { from: '2016-03-16', ratePercent: 0.0 },
  { from: '2022-07-27', ratePercent: 0.5 },
  { from: '2022-09-14', ratePercent: 1.25 },
  { from: '2022-11-02', ratePercent: 2.0 },
  { from: '2022-12-21', ratePercent: 2.5 },
  { from: '2023-02-08', ratePercent: 3.0 },
  { from: '2023-03-22', ratePercent: 3.5 },
  { from: '2023-05-10', ratePercent: 3.75 },
  { from: '2023-06-21', ratePercent: 4.0 },
  { from: '2023-08-02', ratePercent: 4.25 },
  { from: '2023-09-20', ratePercent: 4.5 },
  { from: '2024-06-12', ratePercent: 4.25 },
  { from: '2024-09-18', ratePercent: 3.65 },
  { from: '2024-10-23', ratePercent: 3.4 },
  { from: '2024-12-18', ratePercent: 3.15 },
  { from: '2025-02-05', ratePercent: 2.9 },
  { from: '2025-03-12', ratePercent: 2.65 },
  { from: '2025-04-23', ratePercent: 2.4 },
  // Held at 2.15 % by the Governing Council on 24 July, 11 September, 30 October and 18 December 2025 and on
  // 5 February 2026 (ECB press releases "Monetary policy decisions"): no entry until the next change.
  { from: '2025-06-11', ratePercent: 2.15 },
];
