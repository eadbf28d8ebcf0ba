import { RateChange } from './rate-change';

/**
 * Bank of England Bank Rate ("official dealing rate" in the Late Payment of Commercial Debts
 * (Rate of Interest) (No. 3) Order 2002), by effective date.
 * Source: Bank of England, "Official Bank Rate history"
 * (https://www.bankofengland.co.uk/boeapps/database/Bank-Rate.asp).
 * Append an entry after every Monetary Policy Committee change. Sorted ascending by `from`.
 */
export const BOE_BANK_RATE: readonly RateChange[] = [
  { from: '2018-08-02', ratePercent: 0.75 },
  { from: '2020-03-11', ratePercent: 0.25 },
  { from: '2020-03-19', ratePercent: 0.1 },
  { from: '2021-12-16', ratePercent: 0.25 },
  { from: '2022-02-03', ratePercent: 0.5 },
  { from: '2022-03-17', ratePercent: 0.75 },
  { from: '2022-05-05', ratePercent: 1.0 },
  { from: '2022-06-16', ratePercent: 1.25 },
  { from: '2022-08-04', ratePercent: 1.75 },
  { from: '2022-09-22', ratePercent: 2.25 },
  { from: '2022-11-03', ratePercent: 3.0 },
  { from: '2022-12-15', ratePercent: 3.5 },
  { from: '2023-02-02', ratePercent: 4.0 },
  { from: '2023-03-23', ratePercent: 4.25 },
  { from: '2023-05-11', ratePercent: 4.5 },
  { from: '2023-06-22', ratePercent: 5.0 },
  { from: '2023-08-03', ratePercent: 5.25 },
  { from: '2024-08-01', ratePercent: 5.0 },
  { from: '2024-11-07', ratePercent: 4.75 },
  { from: '2025-02-06', ratePercent: 4.5 },
  { from: '2025-05-08', ratePercent: 4.25 },
  { from: '2025-08-07', ratePercent: 4.0 },
  // MPC decision of 18 December 2025 (5–4 vote), effective the same day; held in September and November 2025.
  { from: '2025-12-18', ratePercent: 3.75 },
];
