import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LocalSecrets {
  apiKeys: string;
  webhookSecret: string;
}

/** API keys and the webhook secret of the local stack: generated at first start, kept under `.data/`. */
export async function loadOrCreateSecrets(file: string): Promise<{ secrets: LocalSecrets; created: boolean }> {
  try {
    return { secrets: JSON.parse(await readFile(file, 'utf8')) as LocalSecrets, created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = () => randomBytes(24).toString('base64url');
  const secrets = { apiKeys: `ops=${key()},payments=${key()},support=${key()}`, webhookSecret: key() };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { secrets, created: true };
}
