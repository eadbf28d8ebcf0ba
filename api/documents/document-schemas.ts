import { z } from 'zod';
import { singleLine } from '../http/field-schemas';

/** At most 5 MiB of decoded content: an invoice PDF, not an archive. */
export const MAX_DOCUMENT_BYTES = 5 * 1024 * 1024;

/**
 * The JSON body limit of the upload route: the base64 of MAX_DOCUMENT_BYTES (4/3 of it) and room for the rest, so that
 * a document just over the limit still parses and is answered 413 naming `contentBase64`.
 */
export const DOCUMENT_BODY_LIMIT = '8mb';

/**
 * Standard base64 (RFC 4648 §4), padded. One character class and a length check rather than a grouped pattern: a
 * repeated group over megabytes exhausts the regular-expression engine's stack.
 */
const isBase64 = (value: string) => value.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(value);

/** A file name that is one safe line: no path, no control character, not hidden. */
const filename = singleLine(200)
  .trim()
  .min(1)
  .regex(/^[^/\\]+$/, 'must be a file name, without / or \\')
  .refine((name) => !name.startsWith('.'), 'must not start with a dot');

export const uploadDocumentSchema = z
  .object({
    kind: z.literal('invoice', { message: "must be 'invoice' (the original invoice)" }),
    filename,
    contentType: z.literal('application/pdf', { message: "must be 'application/pdf'" }),
    contentBase64: z
      .string()
      .min(1)
      // MIME line breaks (`base64` wraps at 76 columns by default) are tolerated and removed before decoding.
      .transform((value) => value.replace(/\r?\n/g, ''))
      .refine(isBase64, 'must be standard base64 (A-Z a-z 0-9 + /, padded with =)'),
  })
  .strict();

export type UploadDocumentBody = z.infer<typeof uploadDocumentSchema>;
