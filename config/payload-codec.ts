import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { PayloadKey } from './load-config';

/** The encoding of a payload this codec encrypted; any other payload is passed through as it is. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Which key of `PAYLOAD_ENCRYPTION_KEYS` encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const CIPHER = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** An encrypted payload that cannot be read: its key is not configured, or its bytes are not what was written. */
export class PayloadDecryptionError extends Error {
  constructor(
    readonly keyId: string | undefined,
    message: string,
  ) {
    super(message);
    this.name = 'PayloadDecryptionError';
  }
}

/**
 * AES-256-GCM over the whole serialized payload (its metadata included, so the original encoding is hidden too); the
 * data is the 12-byte random IV, the ciphertext and the 16-byte tag, as in Temporal's encryption samples. The first
 * key encrypts and every key decrypts: a new key is put first, and the old one stays while histories written under it
 * are kept. Without any key it encrypts nothing and reads only what is in clear.
 */
export class EncryptionCodec implements PayloadCodec {
  private readonly keys: ReadonlyMap<string, Buffer>;
  private readonly current: PayloadKey | undefined;

  constructor(keys: readonly PayloadKey[]) {
    this.current = keys[0];
    this.keys = new Map(keys.map((key) => [key.id, key.key]));
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload));
  }

  private encrypt(payload: Payload): Payload {
    if (!this.current) return payload;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.current.key, iv, { authTagLength: TAG_BYTES });
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: Buffer.from(ENCRYPTED_ENCODING),
        [KEY_ID_METADATA]: Buffer.from(this.current.id),
      },
      data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    if (!isEncrypted(payload)) return payload;
    const keyIdBytes = payload.metadata?.[KEY_ID_METADATA];
    const keyId = keyIdBytes ? Buffer.from(keyIdBytes).toString('utf8') : undefined;
    if (keyId === undefined)
      throw new PayloadDecryptionError(undefined, 'an encrypted payload names no encryption key id');
    const key = this.keys.get(keyId);
    if (!key) {
      throw new PayloadDecryptionError(
        keyId,
        `a payload is encrypted with key '${keyId}', which PAYLOAD_ENCRYPTION_KEYS does not hold`,
      );
    }
    const data = payload.data ?? new Uint8Array();
    if (data.length < IV_BYTES + TAG_BYTES) {
      throw new PayloadDecryptionError(keyId, `a payload encrypted with key '${keyId}' is too short to be one`);
    }
    const decipher = createDecipheriv(CIPHER, key, data.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        keyId,
        `a payload encrypted with key '${keyId}' fails authentication: altered, or written under another key of that id`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/** Whether this codec wrote the payload (`encoding: binary/encrypted`). */
export function isEncrypted(payload: Payload): boolean {
  const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
  return encoding !== undefined && encoding !== null && Buffer.from(encoding).toString('utf8') === ENCRYPTED_ENCODING;
}

/**
 * The data converter of every client and worker: payloads, and failures' messages and stack traces, encrypted under
 * `PAYLOAD_ENCRYPTION_KEYS`; the SDK's default (in clear) when no key is configured.
 */
export function payloadDataConverter(keys: readonly PayloadKey[] | undefined): DataConverter | undefined {
  if (!keys?.length) return undefined;
  return { payloadCodecs: [new EncryptionCodec(keys)], failureConverterPath: require.resolve('./failure-converter') };
}
