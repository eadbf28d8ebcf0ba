import type { DunningAction } from './dunning-policy';

/** How far along the ladder an action stands: a call is firmer than an e-mail, the legal file the firmest. */
const RANK: Record<DunningAction, number> = { email: 0, phone_task: 1, letter: 2, formal_notice: 3, legal_file: 4 };

export function escalationRank(action: DunningAction): number {
  return RANK[action];
}
