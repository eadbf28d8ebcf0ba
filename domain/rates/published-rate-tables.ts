import { BOE_BANK_RATE } from './boe-bank-rate';
import { DE_BASE_RATE } from './de-base-rate';
import { ECB_MAIN_REFINANCING_RATE } from './ecb-main-refinancing-rate';
import type { RateTable } from './rate-table';

/**
 * The seed tables as shipped, each with the last day the maintainers can vouch for. Later days come from
 * `POST /v1/rates/{table}` (see `appendRateEntries`), never from an assumption that a rate stayed unchanged.
 */
export const PUBLISHED_RATE_TABLES: readonly RateTable[] = [
  // The Governing Council held the rate at 2.15 % on 5 February 2026, a decision applying from the operation settled on
  // 11 February; nothing later is recorded, so no day after it is vouched for.
  { table: 'ECB_MRO', entries: ECB_MAIN_REFINANCING_RATE, knownUntil: '2026-02-11' },
  // § 247 BGB: the base rate of 1 January 2026 is fixed for the half-year; 1 July 2026 is not announced yet.
  { table: 'DE_BASE', entries: DE_BASE_RATE, knownUntil: '2026-06-30' },
  // The MPC cut to 3.75 % on 18 December 2025; its decision of 5 February 2026 (effective the same day) is not recorded.
  { table: 'BOE_BANK', entries: BOE_BANK_RATE, knownUntil: '2026-02-04' },
];
