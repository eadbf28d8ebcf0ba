import { userInfo } from 'node:os';
import { ROLES } from '../config/load-config';
import { listApiKeys, revokeApiKeys } from '../db/api-keys';
import { createDatabase, Database, isConnectionFailure } from '../db/database';
import { migrate } from '../db/migrate';
import { createStoredKey, KeyNameError } from '../api/http/key-ring';

/** The database `npm start` runs when DATABASE_URL is not set. */
const LOCAL_DATABASE_URL = 'postgres://relance:relance@127.0.0.1:5433/relance';

const USAGE = `npm run keys -- <command>
  create <name> <role>   a new key for <name> (role: ${ROLES.join(', ')}), printed once; only its hash is kept
  revoke <name|id>       revokes every key of <name>, or the one key <id>; every replica refuses it within a second
  list                   the stored keys: id, name, role, created (by whom), revoked
DATABASE_URL chooses the database (default: ${LOCAL_DATABASE_URL}, the one npm start runs).`;

/**
 * Named API keys kept hashed in PostgreSQL, managed while the API runs: rotation is `create` for the same name, the
 * client moved to the new key, then `revoke <old id>`. Keys of API_KEYS are configuration and are not listed here.
 */
async function main(argv: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === 'help' || command === '--help') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const by = `cli:${env.USER ?? userInfo().username}`;
  const url = env.DATABASE_URL || LOCAL_DATABASE_URL;
  const db = createDatabase({ connectionString: url });
  try {
    await migrate(db);
    return await run(db, command, args, by);
  } catch (error) {
    if (error instanceof KeyNameError) {
      console.error(error.message);
      return 2;
    }
    if (isConnectionFailure(error)) {
      const reason = error instanceof Error && error.message ? ` (${error.message})` : '';
      console.error(`cannot reach the database at ${where(url)}${reason}; DATABASE_URL chooses it`);
      return 1;
    }
    throw error;
  } finally {
    await db.close();
  }
}

/** host:port/database of a connection string, without its user or password. */
function where(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || 5432}${parsed.pathname}`;
  } catch {
    return 'DATABASE_URL (not a URL)';
  }
}

async function run(db: Database, command: string, args: string[], by: string): Promise<number> {
  if (command === 'create' && args.length === 2) {
    const [name, role] = args as [string, string];
    const { key, secret } = await createStoredKey(db, { name, role, createdBy: by });
    console.log(`created key ${key.id} for ${key.name} (${key.role}); it is shown this once:\n${secret}`);
    return 0;
  }
  if (command === 'revoke' && args.length === 1) {
    const revoked = await revokeApiKeys(db, args[0]!, by);
    if (revoked.length === 0) {
      console.error(`no key in force is named or has the id '${args[0]}'`);
      return 1;
    }
    for (const key of revoked) console.log(`revoked key ${key.id} of ${key.name} (${key.role})`);
    return 0;
  }
  if (command === 'list' && args.length === 0) {
    const keys = await listApiKeys(db);
    if (keys.length === 0) console.log('no stored keys');
    for (const key of keys) {
      const state = key.revokedAt ? `revoked ${key.revokedAt} by ${key.revokedBy}` : 'in force';
      console.log(
        `${key.id}  ${key.name.padEnd(20)} ${key.role.padEnd(9)} created ${key.createdAt} by ${key.createdBy}  ${state}`,
      );
    }
    return 0;
  }
  console.error(USAGE);
  return 2;
}

main(process.argv.slice(2), process.env).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  },
);
