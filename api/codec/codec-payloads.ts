import type { Payload } from '@temporalio/common';
import { z } from 'zod';

/** Payloads per request: a history page the Temporal UI decodes at once stays far below. */
export const MAX_CODEC_PAYLOADS = 1_000;
/** The body of one codec request (a whole history's worth of inputs and results). */
export const CODEC_BODY_LIMIT = '4mb';

// Protobuf's JSON form of bytes: standard base64 with padding, as the Temporal UI and CLI send it (URL-safe accepted).
const base64 = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/_-]{4})*(?:[A-Za-z0-9+/_-]{2}(?:==)?|[A-Za-z0-9+/_-]{3}=?)?$/, 'is not base64');

/** One `temporal.api.common.v1.Payload` in protobuf JSON: metadata values and data are base64 bytes. */
const payloadJsonSchema = z.object({
  metadata: z
    .record(z.string().min(1).max(256), base64)
    .nullish()
    .refine((metadata) => Object.keys(metadata ?? {}).length <= 32, 'has more than 32 entries'),
  data: base64.nullish(),
});

/** `{ payloads: [...] }`, what the Temporal UI and `temporal --codec-endpoint` post to `/encode` and `/decode`. */
export const codecBodySchema = z.object({
  payloads: z.array(payloadJsonSchema).max(MAX_CODEC_PAYLOADS),
});

export type CodecBody = z.infer<typeof codecBodySchema>;
type PayloadJson = CodecBody['payloads'][number];

export function fromPayloadJson(json: PayloadJson): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(json.metadata ?? {}).map(([key, value]) => [key, bytes(value)])),
    data: bytes(json.data ?? ''),
  };
}

export function toPayloadJson(payload: Payload): { metadata: Record<string, string>; data: string } {
  return {
    metadata: Object.fromEntries(
      Object.entries(payload.metadata ?? {}).map(([key, value]) => [key, Buffer.from(value ?? []).toString('base64')]),
    ),
    data: Buffer.from(payload.data ?? []).toString('base64'),
  };
}

// Node's base64 decoder reads the URL-safe alphabet too.
const bytes = (base64Text: string) => Buffer.from(base64Text, 'base64');
