/** One dated change of a reference rate: `ratePercent` applies from `from` until the next entry. */
export interface RateChange {
  from: string;
  ratePercent: number;
}

/** The rate in force on `date` (YYYY-MM-DD); null when the table starts later. */
export function rateInForceOn(table: readonly RateChange[], date: string): number | null {
  let rate: number | null = null;
  for (const change of table) {
    if (change.from > date) break;
    rate = change.ratePercent;
  }
  return rate;
}
