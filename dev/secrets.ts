import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface LocalSecrets {
  apiKeys: string;
  webhookSecret: string;
  /** `PAYLOAD_ENCRYPTION_KEYS` of the local stack: one AES-256 key, `keyId:base64`. */
  payloadEncryptionKeys: string;
}

/**
 * API keys, the webhook secret and the payload encryption key of the local stack: generated at first start, kept
 * under `.data/`. A file written before a secret existed gets it added, the others kept as they are.
 */
export async function loadOrCreateSecrets(file: string): Promise<{ secrets: LocalSecrets; created: boolean }> {
  let stored: Partial<LocalSecrets> | undefined;
  try {
    stored = JSON.parse(await readFile(file, 'utf8')) as Partial<LocalSecrets>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (stored?.apiKeys && stored.webhookSecret && stored.payloadEncryptionKeys) {
    return { secrets: stored as LocalSecrets, created: false };
  }
  const key = () => randomBytes(24).toString('base64url');
  const secrets: LocalSecrets = {
    apiKeys: `ops=${key()},payments=${key()},support=${key()}`,
    webhookSecret: key(),
    payloadEncryptionKeys: newPayloadKey(),
    ...stored,
  };
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return { secrets, created: !stored?.apiKeys };
}

/** A fresh 256-bit key under a new id: put it first in PAYLOAD_ENCRYPTION_KEYS to rotate, keeping the old one after. */
export function newPayloadKey(): string {
  return `local-${randomBytes(4).toString('hex')}:${randomBytes(32).toString('base64')}`;
}
