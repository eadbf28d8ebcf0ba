import type { Queryable } from '../../db/database';
import {
  findLatestPolicy,
  findPolicyVersion as findStoredVersion,
  listLatestPolicies,
  PolicyRow,
} from '../../db/policies';
import { DEMO_POLICY, DunningPolicy, FRENCH_B2B_POLICY, parseDunningPolicy } from '../../domain/dunning-policy';

export const DEFAULT_POLICY_ID = FRENCH_B2B_POLICY.id;
export const BUILT_IN_POLICIES: readonly DunningPolicy[] = [FRENCH_B2B_POLICY, DEMO_POLICY];

const fromRow = (stored: PolicyRow): DunningPolicy =>
  parseDunningPolicy({ ...(stored.body as object), id: stored.id, version: stored.version });
const builtIn = (id: string) => BUILT_IN_POLICIES.find((policy) => policy.id === id);

/** The newest stored version of a policy, else a built-in one; undefined when neither exists. */
export async function findPolicy(db: Queryable, id: string): Promise<DunningPolicy | undefined> {
  const stored = await findLatestPolicy(db, id);
  return stored ? fromRow(stored) : builtIn(id);
}

/** One version of a policy (the newest when none is named), stored or built in. */
export async function findPolicyVersion(
  db: Queryable,
  id: string,
  version?: number,
): Promise<DunningPolicy | undefined> {
  if (version === undefined) return findPolicy(db, id);
  const stored = await findStoredVersion(db, id, version);
  if (stored) return fromRow(stored);
  const fallback = builtIn(id);
  return fallback?.version === version ? fallback : undefined;
}

/** The newest version of every policy, stored ones taking precedence over built-in ones of the same id. */
export async function listPolicyCatalog(db: Queryable): Promise<Array<DunningPolicy & { builtIn: boolean }>> {
  const stored = (await listLatestPolicies(db)).map((row) => ({ ...fromRow(row), builtIn: false }));
  const ids = new Set(stored.map((policy) => policy.id));
  const builtIns = BUILT_IN_POLICIES.filter((policy) => !ids.has(policy.id)).map((p) => ({ ...p, builtIn: true }));
  return [...stored, ...builtIns].sort((a, b) => a.id.localeCompare(b.id));
}
