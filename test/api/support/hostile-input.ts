/**
 * Generators of hostile input for the API's property test: a seeded PRNG, so a failing run is replayed with its seed,
 * and pools of values that broke or could break an edge (NUL, lone surrogates, line breaks, dates a timer cannot hold,
 * durations past any calendar, numbers past every column, broken percent-escapes, deep nesting).
 */

/** mulberry32: small, fast, and good enough to pick among cases. */
export function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  return { next, int, pick: <T>(items: readonly T[]): T => items[int(items.length)]! };
}

export type Random = ReturnType<typeof createRandom>;

/** A placeholder replaced by a raw JSON literal after serialisation: numbers JSON.stringify cannot write. */
export const RAW = '\u0001raw\u0001';

export const HOSTILE_STRINGS: readonly string[] = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udc00y',
  '\udc00\ud800',
  'line\r\nforged line',
  'tab\there',
  '\u001b[31mred',
  'next\u2028line',
  '\u0085',
  '',
  '   ',
  'x'.repeat(70_000),
  '9999-12-31',
  '0000-01-01',
  '1969-12-31',
  '2101-01-01',
  '9999-12-31T23:59:59Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '2026-02-30',
  '2026-03-10T25:00:00Z',
  'P99999999999Y',
  '-P99999999999Y',
  'PT99999999999999999999S',
  'P10Y1D',
  '%00',
  '%E0%A4%A',
  '../../etc/passwd',
  "'; DROP TABLE invoices; --",
  '💶',
  'NaN',
  'null',
  'EUR\u0000',
];

export const HOSTILE_NUMBERS: readonly number[] = [
  1e308,
  -1e308,
  2 ** 31,
  2 ** 31 - 1,
  -(2 ** 31),
  2 ** 53,
  2 ** 53 + 2,
  1e13 + 1,
  -1e13 - 1,
  0.5,
  -0.5,
  0,
  -1,
  1e-7,
];

/** Raw JSON literals: infinity once parsed, integers past a double's precision, negative zero. */
export const RAW_LITERALS: readonly string[] = ['1e999', '-1e999', '123456789012345678901234567890', '-0', '1E400'];

export function deeplyNested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? { a: value } : [value];
  return value;
}

export function hostileValue(random: Random): unknown {
  switch (random.int(5)) {
    case 0:
    case 1:
      return random.pick(HOSTILE_STRINGS);
    case 2:
      return random.pick(HOSTILE_NUMBERS);
    case 3:
      return RAW;
    default:
      return random.pick([
        null,
        true,
        false,
        [],
        {},
        [null],
        { '': null },
        JSON.parse('{"__proto__":{"admin":true}}') as unknown,
        deeplyNested(2_000),
      ]);
  }
}

type Json = unknown;
type PathStep = string | number;

/** Every place in a JSON value: each key and array index, at every depth. */
function places(value: Json, at: PathStep[] = []): PathStep[][] {
  if (Array.isArray(value)) return value.flatMap((item, i) => [[...at, i], ...places(item, [...at, i])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [[...at, key], ...places(item, [...at, key])]);
  }
  return [];
}

/** The example with one place replaced by a hostile value, one key added, or the whole body replaced. */
export function mutateBody(example: Json, random: Random): Json {
  const copy = structuredClone(example ?? {}) as Json;
  const roll = random.int(10);
  if (roll === 0) return hostileValue(random);
  if (roll === 1 && copy && typeof copy === 'object' && !Array.isArray(copy)) {
    return {
      ...copy,
      [random.pick(['__proto__', 'constructor', 'extra', '\u0000', 'id\ud800'])]: hostileValue(random),
    };
  }
  const spots = places(copy);
  if (!spots.length) return hostileValue(random);
  const spot = random.pick(spots);
  let parent = copy as Record<PathStep, unknown>;
  for (const step of spot.slice(0, -1)) parent = parent[step] as Record<PathStep, unknown>;
  parent[spot[spot.length - 1]!] = hostileValue(random);
  return copy;
}

/** JSON text of a body, with RAW placeholders turned into raw literals. */
export function serialise(body: Json, random: Random): string {
  const text = JSON.stringify(body) ?? 'null';
  return text.split(JSON.stringify(RAW)).join(random.pick(RAW_LITERALS));
}

/** Path segments as sent on the wire, already percent-encoded (or deliberately not). */
export const HOSTILE_SEGMENTS: readonly string[] = [
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  '%ZZ',
  '%C0%AF',
  '%ED%A0%80',
  '%0D%0A',
  '%20',
  '..',
  '%2e%2e%2f',
  'x'.repeat(5_000),
  '2147483648',
  '99999999999999999999',
  '0',
  '-1',
  '1.5',
  '%C3%A9',
  '%F0%9F%92%B6',
];

/** Query values as sent on the wire. */
export const HOSTILE_QUERY_VALUES: readonly string[] = [
  '%00',
  'a%00b',
  '%E0%A4%A',
  '%',
  '%%',
  '%ZZ',
  '%ED%A0%80',
  '%0D%0A',
  '9999-12-31',
  '0000-01-01',
  '1e400',
  '-1',
  '0.5',
  '99999999999999999999',
  '2147483648',
  '',
  'x'.repeat(5_000),
  'open&{name}=closed',
];
