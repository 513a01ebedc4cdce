/**
 * The string formats the contract's schemas use, for TypeBox's Value.Check: it knows no format
 * of its own and fails a value whose format it does not know. The gateway checks with Ajv, which
 * has its own; a client that checks answers or events calls registerFormats() once first.
 */
import { FormatRegistry } from '@sinclair/typebox';

const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** Each format a contract schema names, with its check. */
export const FORMATS: Readonly<Record<string, (value: string) => boolean>> = {
  /** RFC 3339 with a T and an offset, as the station writes times (toISOString). */
  'date-time': (value) => DATE_TIME.test(value),
};

/** Teaches TypeBox the contract's formats; one already registered (the device contract's) is kept. */
export function registerFormats(): void {
  for (const [name, check] of Object.entries(FORMATS)) if (!FormatRegistry.Has(name)) FormatRegistry.Set(name, check);
}
