import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failures as the workers and clients write them when payloads are encrypted: the message and stack trace travel in
 * an encoded payload (`encodedAttributes`), which the payload codec encrypts like any other — the refusal of a mail
 * server naming its recipient is customer data too. The history keeps "Encoded failure" in clear; readers decode it.
 * Loaded by path (`failureConverterPath`), as workflow code needs it inside its sandbox.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
