/**
 * PostgreSQL stores no NUL character, in `text` (22021) nor in `jsonb` (22P05). Input is refused at the edge, but a
 * signal sent straight to Temporal is not: a NUL reaching a write must not fail that write forever, so it is kept as
 * U+FFFD, the replacement character, visible to whoever reads it.
 */
const NUL = '\u0000';
const REPLACEMENT = '\uFFFD';

/** A parameter as PostgreSQL can store it: a string without NUL; anything else as it is. */
export function pgText<T>(value: T): T {
  return (typeof value === 'string' && value.includes(NUL) ? value.replaceAll(NUL, REPLACEMENT) : value) as T;
}

/** The JSON text of a `jsonb` parameter, with every NUL in its strings (keys included) replaced. */
export function jsonb(value: unknown): string {
  const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? pgText(v) : v));
  // Keys are not passed through the replacer's value; a NUL there is escaped by JSON.stringify as \u0000.
  return text.includes('\\u0000') ? text.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\ufffd') : text;
}
