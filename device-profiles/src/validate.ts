import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { FormatRegistry, type TSchema, type Static } from '@sinclair/typebox';

// TypeBox ships no formats; register the ones our schemas use.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * An RFC 3339 time that JavaScript dates can hold and store round-trip: a leap second
 * (…:60) or an offset that carries it past year 9999 or before year 1 would pass the
 * pattern and then break every later use of the value.
 */
export function isDateTime(s: string): boolean {
  if (!ISO_DATE_TIME.test(s) || /:60(?:\.\d+)?(?:Z|[+-])/i.test(s)) return false;
  const t = Date.parse(s);
  return Number.isFinite(t) && t >= EARLIEST && t <= LATEST;
}

if (!FormatRegistry.Has('date-time')) {
  FormatRegistry.Set('date-time', isDateTime);
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

const compiled = new WeakMap<TSchema, TypeCheck<TSchema>>();
function checkerFor<T extends TSchema>(schema: T): TypeCheck<T> {
  let c = compiled.get(schema);
  if (!c) {
    c = TypeCompiler.Compile(schema);
    compiled.set(schema, c);
  }
  return c as TypeCheck<T>;
}

/** Validates an already-parsed value; the error names the first offending field. */
export function check<T extends TSchema>(schema: T, value: unknown): ParseResult<Static<T>> {
  const checker = checkerFor(schema);
  if (checker.Check(value)) return { ok: true, value };
  const first = checker.Errors(value).First();
  const where = first?.path ? first.path : '(root)';
  return { ok: false, error: `${where}: ${first?.message ?? 'invalid'}` };
}

/** Largest MQTT payload we accept from a device; a state message is ~400 bytes. */
export const MAX_PAYLOAD_BYTES = 16 * 1024;

/** Parses a JSON payload (Buffer or string) and validates it against `schema`. */
export function parsePayload<T extends TSchema>(schema: T, raw: Buffer | string): ParseResult<Static<T>> {
  const size = typeof raw === 'string' ? Buffer.byteLength(raw) : raw.length;
  if (size > MAX_PAYLOAD_BYTES)
    return { ok: false, error: `payload is ${size} bytes; the limit is ${MAX_PAYLOAD_BYTES}` };
  let value: unknown;
  try {
    value = JSON.parse(typeof raw === 'string' ? raw : raw.toString('utf8'));
  } catch (err) {
    return { ok: false, error: `payload is not JSON: ${(err as Error).message}` };
  }
  return check(schema, value);
}
