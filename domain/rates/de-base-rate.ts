import { RateChange } from './rate-change';

/**
 * Basiszinssatz under §247 BGB, reset on 1 January and 1 July and published by the Deutsche
 * Bundesbank (https://www.bundesbank.de/de/bundesbank/organisation/agb-und-regelungen/basiszinssatz-607820).
 * Append the new half-year's rate as soon as the Bundesbank announces it. Sorted ascending by `from`.
 */
export const DE_BASE_RATE: readonly RateChange[] = [
  { from: '2016-07-01', ratePercent: -0.88 },
  { from: '2023-01-01', ratePercent: 1.62 },
  { from: '2023-07-01', ratePercent: 3.12 },
  { from: '2024-01-01', ratePercent: 3.62 },
  { from: '2024-07-01', ratePercent: 3.37 },
  { from: '2025-01-01', ratePercent: 2.27 },
  { from: '2025-07-01', ratePercent: 1.27 },
  // Unchanged: the reference rate (ECB main refinancing operation of 22 December 2025) was still 2.15 %.
  // Bundesbank press release "Basiszinssatz bleibt zum 1. Januar 2026 unverändert bei 1,27 %", Bundesanzeiger 24.12.2025.
  { from: '2026-01-01', ratePercent: 1.27 },
];
