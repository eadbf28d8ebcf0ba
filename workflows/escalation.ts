import type { DunningAction } from '../domain/dunning-policy';
import type { DisputeRecord, DisputeView } from './read-model';

/** Escalation order: moving to a new policy continues with the first step beyond what was already done. */
const RANK: Record<DunningAction, number> = { email: 0, phone_task: 1, letter: 2, formal_notice: 3, legal_file: 4 };

export const escalationRank = (action: DunningAction): number => RANK[action];

/** Contested: a dispute was upheld in part or is still open; a rejected one leaves the debt uncontested. */
export const isContested = (open: DisputeView | null, disputes: DisputeRecord[]): boolean =>
  open !== null || disputes.some((d) => d.outcome === 'partially_upheld');
