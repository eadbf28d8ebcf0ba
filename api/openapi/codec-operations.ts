import { codecBodySchema, MAX_CODEC_PAYLOADS } from '../codec/codec-payloads';
import type { Operation } from './api-operations';
import { zodBody } from './documented-body';

/** `"Boulangerie Dupont"` as the SDK's JSON converter writes it: metadata `encoding: json/plain`. */
const CLEAR_EXAMPLE = { metadata: { encoding: 'anNvbi9wbGFpbg==' }, data: 'IkJvdWxhbmdlcmllIER1cG9udCI=' };
const ENCRYPTED_EXAMPLE = {
  metadata: { encoding: 'YmluYXJ5L2VuY3J5cHRlZA==', 'encryption-key-id': 'MjAyNi0xMg==' },
  data: 'q2Vx0cJ1W7u9mQ3kAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA',
};

const PROTOCOL =
  'The remote codec protocol of the Temporal UI and of `temporal workflow show --codec-endpoint`: ' +
  '`{ "payloads": [{ "metadata": { <key>: <base64> }, "data": <base64> }] }` (protobuf JSON of Payloads), answered ' +
  `in the same shape, at most ${MAX_CODEC_PAYLOADS} payloads and 4 MB. Authenticated by a bearer key of any role or ` +
  'by the console’s session cookie `relance_session` (the UI’s "include credentials"); browsers are answered CORS ' +
  'only from the origins of `CODEC_CORS_ORIGINS` (preflight `OPTIONS` included, with credentials) and refused ' +
  '(403) from any other. A malformed body is a 400 naming the field (`payloads[0].data: is not base64`).';

/** The codec endpoint support staff read encrypted histories through (README "Encrypted payloads"). */
export const CODEC_OPERATIONS: Operation[] = [
  {
    method: 'post',
    path: '/codec/decode',
    summary: 'Decrypt workflow payloads for the Temporal UI or CLI (AES-256-GCM, PAYLOAD_ENCRYPTION_KEYS)',
    description:
      `${PROTOCOL} A payload with \`encoding: binary/encrypted\` is decrypted with the key its ` +
      '`encryption-key-id` names; any other payload is answered as it came. A payload whose key is not configured, ' +
      'or that fails authentication, is a 422 naming it (`payloads[i]`) and its key id.',
    access: 'read',
    body: zodBody(codecBodySchema, { payloads: [ENCRYPTED_EXAMPLE] }, { payloads: [CLEAR_EXAMPLE] }),
    ok: [200, '{ payloads }: the same payloads, decrypted'],
    errors: [400, 401, 403, 422],
  },
  {
    method: 'post',
    path: '/codec/encode',
    summary: 'Encrypt payloads under the current key, as clients and workers do (for the UI’s signal and start forms)',
    description: `${PROTOCOL} Without PAYLOAD_ENCRYPTION_KEYS the payloads are answered as they came.`,
    access: 'read',
    body: zodBody(codecBodySchema, { payloads: [CLEAR_EXAMPLE] }),
    ok: [200, '{ payloads }: each with `encoding: binary/encrypted` and `encryption-key-id`'],
    errors: [400, 401, 403],
  },
];
