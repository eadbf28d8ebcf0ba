import { randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { decode, encode, loadDataConverter } from '@temporalio/common/lib/internal-non-workflow';
import { parsePayloadKeys } from '../../config/load-config';
import { EncryptionCodec, isEncrypted, PayloadDecryptionError, payloadDataConverter } from '../../config/payload-codec';

const keyText = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;
const customer = { name: 'Boulangerie Dupont', email: 'compta@boulangerie-dupont.test', amount: 123_450 };
const asPayload = (value: unknown): Payload => defaultPayloadConverter.toPayload(value);
const asValue = (payload: Payload): unknown => defaultPayloadConverter.fromPayload(payload);
const text = (payload: Payload) =>
  Buffer.concat(
    [...Object.values(payload.metadata ?? {}), payload.data ?? new Uint8Array()].map((b) => Buffer.from(b!)),
  );

describe('EncryptionCodec', () => {
  const [k1, k2] = [keyText('k1'), keyText('k2')];

  it('gives back the value it encrypted, with the metadata the payload had', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(k1));
    const [encoded] = await codec.encode([asPayload(customer)]);
    const [decoded] = await codec.decode([encoded!]);
    expect(asValue(decoded!)).toEqual(customer);
    expect(Buffer.from(decoded!.metadata!.encoding!).toString()).toBe('json/plain');
  });

  it('writes binary/encrypted with the current key id and no trace of the value or its encoding', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(`${k2},${k1}`));
    const [encoded] = await codec.encode([asPayload(customer)]);
    expect(isEncrypted(encoded!)).toBe(true);
    expect(Object.keys(encoded!.metadata!).sort()).toEqual(['encoding', 'encryption-key-id']);
    expect(Buffer.from(encoded!.metadata!['encryption-key-id']!).toString()).toBe('k2');
    for (const secret of ['Dupont', 'compta@', '123450', 'json/plain'])
      expect(text(encoded!).includes(secret)).toBe(false);
  });

  it('draws a fresh IV for every payload: the same value never encrypts to the same bytes', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(k1));
    const [a, b] = await codec.encode([asPayload(customer), asPayload(customer)]);
    expect(Buffer.from(a!.data!).subarray(0, 12).equals(Buffer.from(b!.data!).subarray(0, 12))).toBe(false);
  });

  it('still decrypts what the old key wrote once a new key is put first, and encrypts with the new one', async () => {
    const before = new EncryptionCodec(parsePayloadKeys(k1));
    const [old] = await before.encode([asPayload(customer)]);
    const after = new EncryptionCodec(parsePayloadKeys(`${k2},${k1}`));
    const [decoded] = await after.decode([old!]);
    expect(asValue(decoded!)).toEqual(customer);
    const [fresh] = await after.encode([asPayload(customer)]);
    expect(Buffer.from(fresh!.metadata!['encryption-key-id']!).toString()).toBe('k2');
  });

  it('refuses a payload whose key is no longer configured, naming the key id', async () => {
    const [old] = await new EncryptionCodec(parsePayloadKeys(k1)).encode([asPayload(customer)]);
    const withoutK1 = new EncryptionCodec(parsePayloadKeys(k2));
    await expect(withoutK1.decode([old!])).rejects.toThrow(PayloadDecryptionError);
    await expect(withoutK1.decode([old!])).rejects.toThrow("key 'k1', which PAYLOAD_ENCRYPTION_KEYS does not hold");
  });

  it('refuses a tampered ciphertext, a tampered tag, and a key of the same id that is not the one used', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(k1));
    const [encoded] = await codec.encode([asPayload(customer)]);
    const data = Buffer.from(encoded!.data!);
    for (const index of [12, data.length - 1]) {
      const tampered = Buffer.from(data);
      tampered[index] = tampered[index]! ^ 0x01;
      await expect(codec.decode([{ ...encoded!, data: tampered }])).rejects.toThrow(
        "a payload encrypted with key 'k1' fails authentication",
      );
    }
    const impostor = new EncryptionCodec(parsePayloadKeys(keyText('k1')));
    await expect(impostor.decode([encoded!])).rejects.toMatchObject({ name: 'PayloadDecryptionError', keyId: 'k1' });
  });

  it('refuses an encrypted payload that names no key id or is too short to carry an IV and a tag', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(k1));
    const [encoded] = await codec.encode([asPayload(customer)]);
    await expect(
      codec.decode([{ metadata: { encoding: encoded!.metadata!.encoding! }, data: encoded!.data! }]),
    ).rejects.toThrow('names no encryption key id');
    await expect(codec.decode([{ ...encoded!, data: Buffer.alloc(20) }])).rejects.toThrow('too short');
  });

  it('passes payloads written in clear through as they are (histories from before encryption was on)', async () => {
    const codec = new EncryptionCodec(parsePayloadKeys(k1));
    const clear = [asPayload(customer), asPayload(null), asPayload(new Uint8Array([1, 2, 3]))];
    expect(await codec.decode(clear)).toEqual(clear);
  });
});

describe('payloadDataConverter', () => {
  it('encrypts a failure’s message and stack trace too, and reads them back', async () => {
    const converter = loadDataConverter(payloadDataConverter(parsePayloadKeys(keyText('k1'))));
    const failure = converter.failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable('the mail server refused the message: 550 <compta@dupont.test> unknown'),
      converter.payloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    const [encrypted] = await encode(converter.payloadCodecs, [failure.encodedAttributes!]);
    expect(isEncrypted(encrypted!)).toBe(true);
    expect(text(encrypted!).includes('compta@')).toBe(false);
    const [decrypted] = await decode(converter.payloadCodecs, [encrypted!]);
    const error = converter.failureConverter.failureToError(
      { ...failure, encodedAttributes: decrypted },
      converter.payloadConverter,
    );
    expect(error.message).toContain('550 <compta@dupont.test>');
  });

  it('encrypts only when keys are configured', () => {
    expect(payloadDataConverter([])).toBeUndefined();
    expect(payloadDataConverter(undefined)).toBeUndefined();
    expect(payloadDataConverter(parsePayloadKeys(keyText('k1')))?.payloadCodecs).toEqual([expect.any(EncryptionCodec)]);
  });
});
