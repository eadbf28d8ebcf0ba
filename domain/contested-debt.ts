export type DisputeOutcome = 'rejected' | 'upheld' | 'partially_upheld';

/**
 * Whether the debt is contested, which decides the court route: a dispute still open, or one upheld in part. A
 * rejected dispute leaves the debt uncontested; an upheld one cancels the invoice, so nothing is left to claim.
 */
export function isContested(dispute: object | null, disputes: readonly { outcome?: DisputeOutcome }[]): boolean {
  return dispute !== null || disputes.some((d) => d.outcome === 'partially_upheld');
}
