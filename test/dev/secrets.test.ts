import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parsePayloadKeys } from '../../config/load-config';
import { loadOrCreateSecrets } from '../../dev/secrets';

describe('the local stack’s secrets', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'relance-secrets-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('generates keys, the webhook secret and a payload encryption key at first start, then reads the same', async () => {
    const file = path.join(dir, 'secrets.json');
    const first = await loadOrCreateSecrets(file);
    expect(first.created).toBe(true);
    expect(parsePayloadKeys(first.secrets.payloadEncryptionKeys)).toEqual([
      { id: expect.stringMatching(/^local-[0-9a-f]{8}$/), key: expect.any(Buffer) },
    ]);
    expect(await loadOrCreateSecrets(file)).toEqual({ secrets: first.secrets, created: false });
  });

  it('adds a payload key to a file written before encryption existed, keeping everything it held', async () => {
    const file = path.join(dir, 'secrets.json');
    const old = { apiKeys: 'ops=old-ops-key-0123456789', webhookSecret: 'old-webhook', selfServiceSecret: 'old-link' };
    await writeFile(file, JSON.stringify(old));
    const { secrets, created } = await loadOrCreateSecrets(file);
    expect(created).toBe(false);
    expect(secrets).toMatchObject(old);
    expect(parsePayloadKeys(secrets.payloadEncryptionKeys)).toHaveLength(1);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      ...old,
      payloadEncryptionKeys: secrets.payloadEncryptionKeys,
    });
  });
});
