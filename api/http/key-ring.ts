import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { ApiKey, KEY_NAME, keyId as envKeyId, Role, ROLES } from '../../config/load-config';
import { findApiKey, findActiveApiKeysByName, insertApiKey, StoredApiKey } from '../../db/api-keys';
import type { Queryable } from '../../db/database';

/** Who a request comes from: the key's name (what every record of who did something takes), role and short id. */
export interface Caller {
  name: string;
  role: Role;
  keyId: string;
}

/**
 * Every key the API accepts: the ones in `API_KEYS`, fixed for the process's life, and the ones kept hashed in
 * PostgreSQL, looked up by their id and re-read at most `cacheMs` after they were last read, so that a key created or
 * revoked with `npm run keys` is honoured by every replica within a second, without a restart.
 */
export interface KeyRing {
  /** The key a presented secret belongs to, compared in constant time; undefined for any other string. */
  authenticate(secret: string): Promise<Caller | undefined>;
  /** The key with this short id while it is still in force (a console session names its key by it). */
  byKeyId(keyId: string): Promise<Caller | undefined>;
}

/** A stored key reads `rlk_<12 hex digits of id>_<secret>`: the id finds the row, the secret's hash must match it. */
const STORED_KEY = /^rlk_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;
const STORED_ID = /^[0-9a-f]{12}$/;
const CACHE_MS = 500;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

export function createKeyRing(options: {
  keys: ApiKey[];
  db?: Queryable;
  cacheMs?: number;
  now?: () => number;
}): KeyRing {
  const now = options.now ?? Date.now;
  const cacheMs = options.cacheMs ?? CACHE_MS;
  const configured = options.keys.map((key) => ({
    caller: { name: key.name, role: key.role, keyId: envKeyId(key.secret) },
    digest: sha256(key.secret),
  }));
  const read = new Map<string, { key: StoredApiKey | undefined; until: number }>();

  const stored = async (id: string): Promise<StoredApiKey | undefined> => {
    if (!options.db) return undefined;
    const cached = read.get(id);
    if (cached && cached.until > now()) return cached.key;
    const key = await findApiKey(options.db, id);
    // The map forgets what it has not been asked for a while, so a flood of made-up ids cannot grow it.
    if (read.size > 10_000) read.clear();
    read.set(id, { key, until: now() + cacheMs });
    return key;
  };
  const inForce = (key: StoredApiKey | undefined): Caller | undefined =>
    key && !key.revokedAt && ROLES.includes(key.role as Role)
      ? { name: key.name, role: key.role as Role, keyId: key.id }
      : undefined;

  return {
    async authenticate(secret) {
      const match = STORED_KEY.exec(secret);
      if (match) {
        const key = await stored(match[1]!);
        if (!key || !timingSafeEqual(Buffer.from(key.secretHash, 'hex'), sha256(secret))) return undefined;
        return inForce(key);
      }
      const presented = sha256(secret);
      let found: Caller | undefined;
      for (const key of configured) if (timingSafeEqual(key.digest, presented)) found = key.caller;
      return found;
    },
    async byKeyId(keyId) {
      const configuredKey = configured.find((key) => key.caller.keyId === keyId);
      if (configuredKey) return configuredKey.caller;
      return STORED_ID.test(keyId) ? inForce(await stored(keyId)) : undefined;
    },
  };
}

export class KeyNameError extends Error {}

/**
 * Creates a stored key for `name` with `role` and answers it with its secret, which exists nowhere else: only its
 * SHA-256 is kept. A name already holding keys of another role is refused (a person has one role).
 */
export async function createStoredKey(
  db: Queryable,
  request: { name: string; role: string; createdBy: string },
): Promise<{ key: StoredApiKey; secret: string }> {
  if (!KEY_NAME.test(request.name)) {
    throw new KeyNameError(
      `'${request.name}' is not a key name: 1-64 letters, digits, . _ @ : -, starting alphanumeric`,
    );
  }
  // `npm run keys -- revoke <name|id>` takes either: a name shaped like an id could revoke another person's key.
  if (STORED_ID.test(request.name)) {
    throw new KeyNameError(`'${request.name}' is not a key name: it reads as a key id (12 hex digits)`);
  }
  if (!ROLES.includes(request.role as Role)) {
    throw new KeyNameError(`'${request.role}' is not a role: one of ${ROLES.join(', ')}`);
  }
  const held = await findActiveApiKeysByName(db, request.name);
  const other = held.find((key) => key.role !== request.role);
  if (other) {
    throw new KeyNameError(`'${request.name}' already holds a ${other.role} key (${other.id}); revoke it first`);
  }
  const id = randomBytes(6).toString('hex');
  const secret = `rlk_${id}_${randomBytes(32).toString('base64url')}`;
  const key = await insertApiKey(db, {
    id,
    name: request.name,
    role: request.role,
    secretHash: sha256(secret).toString('hex'),
    createdBy: request.createdBy,
  });
  return { key, secret };
}
