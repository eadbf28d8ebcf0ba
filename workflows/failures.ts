import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import { FailureType, StepBlock } from '../domain/failure-types';

export interface Refusal {
  type: string;
  message: string;
  /** A refusal the product expects of the world (an address a relay refuses, a template missing for a locale). */
  expected: boolean;
}

/** What a ladder step may be refused for without anything being wrong with the product itself. */
const EXPECTED_REFUSALS: readonly string[] = [FailureType.MailRejected, FailureType.UnknownTemplate];

/** A non-retryable activity failure: a refusal that retrying will not heal. Null for anything else. */
export function permanentRefusal(error: unknown): Refusal | null {
  if (error instanceof ActivityFailure && error.cause instanceof ApplicationFailure && error.cause.nonRetryable) {
    const type = error.cause.type ?? 'Error';
    return { type, message: error.cause.message, expected: EXPECTED_REFUSALS.includes(type) };
  }
  return null;
}

const BLOCK_REASONS: readonly string[] = [
  'address_missing',
  'rates_outdated',
  'time_barred',
] satisfies StepBlock['reason'][];

/**
 * A step refused until a person acts (a `StepBlocked` refusal whose `details[0]` is a `StepBlock`); null for any other
 * failure. A block without a known reason or task is no block the workflow can wait out: it stays a refusal.
 */
export function stepBlock(error: unknown): StepBlock | null {
  if (!(error instanceof ActivityFailure) || !(error.cause instanceof ApplicationFailure)) return null;
  if (error.cause.type !== FailureType.StepBlocked) return null;
  const block = error.cause.details?.[0] as Partial<StepBlock> | undefined;
  if (!block || !BLOCK_REASONS.includes(block.reason as string) || typeof block.taskId !== 'string') return null;
  return {
    reason: block.reason!,
    taskId: block.taskId,
    message: typeof block.message === 'string' ? block.message : error.cause.message,
    ...(typeof block.table === 'string' ? { table: block.table } : {}),
  };
}

/** Why a message was refused, or null when it is valid. */
export function refusalOf(validate: () => void): string | null {
  try {
    validate();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
