/**
 * Checks on template input. A document that is signed must not go out with a blank party or a
 * truncated digest, so a template refuses such input (Invalid, naming the field) rather than
 * printing an empty line.
 */
import { Invalid } from '../../errors.js';

export function requireText(value: string | null | undefined, field: string): string {
  const text = value?.trim() ?? '';
  if (!text) throw new Invalid(`${field} must not be empty`);
  return text;
}

/** A SHA-256 as the station writes it: 64 lowercase hex digits. */
export function requireSha256(value: string, field: string): string {
  if (!/^[0-9a-f]{64}$/.test(value))
    throw new Invalid(`${field} must be a SHA-256 in 64 lowercase hex digits, got "${value}"`);
  return value;
}
