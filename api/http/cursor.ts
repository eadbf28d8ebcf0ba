import { ValidationError } from './http-errors';

/** An opaque keyset cursor: the sort key of the last item of a page, base64url-encoded JSON. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): string[] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(key) && key.length === arity && key.every((part) => typeof part === 'string')) {
      return key as string[];
    }
  } catch {
    // Falls through to the 400 below.
  }
  throw new ValidationError([
    { field: 'cursor', rule: 'cursor', message: 'cursor: is not a cursor this API gave out' },
  ]);
}

/** A page of at most `limit` items from `limit + 1` rows, with the cursor of the next page when there is one. */
export function page<T>(
  rows: T[],
  limit: number,
  key: (row: T) => string[],
): { items: T[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? encodeCursor(key(items[items.length - 1]!)) : null };
}
