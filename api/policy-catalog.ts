import type { Queryable } from '../db/database';
import { findLatestPolicy } from '../db/policies';
import { DEMO_POLICY, DunningPolicy, FRENCH_B2B_POLICY, parseDunningPolicy } from '../domain/dunning-policy';

export const DEFAULT_POLICY_ID = FRENCH_B2B_POLICY.id;
const BUILT_IN: readonly DunningPolicy[] = [FRENCH_B2B_POLICY, DEMO_POLICY];

/** The newest stored version of a policy, else a built-in one; undefined when neither exists. */
export async function findPolicy(db: Queryable, id: string): Promise<DunningPolicy | undefined> {
  const stored = await findLatestPolicy(db, id);
  if (stored) return parseDunningPolicy({ ...(stored.body as object), id: stored.id, version: stored.version });
  return BUILT_IN.find((policy) => policy.id === id);
}
