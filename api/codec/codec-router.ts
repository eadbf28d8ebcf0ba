import express, { RequestHandler, Router } from 'express';
import type { Payload } from '@temporalio/common';
import type { PayloadKey } from '../../config/load-config';
import { EncryptionCodec, PayloadDecryptionError } from '../../config/payload-codec';
import { readCookie, SESSION_COOKIE } from '../console/console-session';
import { ValidationError } from '../http/http-errors';
import { parseBody } from '../http/validate';
import { codecBodySchema, CODEC_BODY_LIMIT, fromPayloadJson, toPayloadJson } from './codec-payloads';
import { codecCors } from './codec-cors';

export interface CodecRouterDeps {
  /** `PAYLOAD_ENCRYPTION_KEYS`; without any, payloads are answered as they came (nothing is encrypted). */
  payloadKeys: readonly PayloadKey[];
  /** The Temporal UI's origins (`CODEC_CORS_ORIGINS`). */
  corsOrigins: readonly string[];
  /** The API's own authentication (a bearer key of any role, or a console session token), then its per-key limit. */
  authenticate: RequestHandler[];
}

/**
 * The remote codec of the Temporal UI and of `temporal … --codec-endpoint` (`POST /codec/decode`, `/codec/encode`):
 * support staff read the customer data that histories keep encrypted. Every role may, as every role reads invoices.
 */
export function createCodecRouter(deps: CodecRouterDeps): Router {
  const codec = new EncryptionCodec(deps.payloadKeys);
  const router = Router();
  router.use(codecCors(deps.corsOrigins));
  // The Temporal UI sends the console's session cookie ("include credentials"), never a bearer of ours: the cookie
  // carries the same session token the console itself presents to the API.
  router.use(
    (req, _res, next) => {
      const session = req.headers.authorization ? undefined : readCookie(req, SESSION_COOKIE);
      if (session) req.headers.authorization = `Bearer ${session}`;
      next();
    },
    ...deps.authenticate,
  );
  router.use(express.json({ limit: CODEC_BODY_LIMIT, type: ['application/json', 'application/*+json'] }));

  router.post('/decode', async (req, res) => {
    const { payloads } = parseBody(codecBodySchema, req.body);
    const decoded = await Promise.all(payloads.map((payload, index) => decode(fromPayloadJson(payload), index)));
    res.json({ payloads: decoded.map(toPayloadJson) });
  });

  router.post('/encode', async (req, res) => {
    const { payloads } = parseBody(codecBodySchema, req.body);
    res.json({ payloads: (await codec.encode(payloads.map(fromPayloadJson))).map(toPayloadJson) });
  });

  /** One payload at a time, so that a refusal names the one that cannot be read (its index and key id). */
  async function decode(payload: Payload, index: number): Promise<Payload> {
    try {
      const [decoded] = await codec.decode([payload]);
      return decoded!;
    } catch (error) {
      if (!(error instanceof PayloadDecryptionError)) throw error;
      throw new ValidationError(
        [{ field: `payloads[${index}]`, rule: 'decryption', message: `payloads[${index}]: ${error.message}` }],
        422,
      );
    }
  }

  return router;
}
