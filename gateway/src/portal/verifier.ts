/**
 * The stand-alone verifier of random draws, served at /inspections/verify-draw.mjs exactly as it
 * is in the station's source (gateway/src/inspections/verify-draw.mjs). It ships as source; from
 * dist/ the same relative path reaches gateway/src (as the legal-review catalogue does).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const VERIFIER_FILE = fileURLToPath(new URL('../../src/inspections/verify-draw.mjs', import.meta.url));

let text: string | undefined;

/** The verifier's text, read once; undefined when the file is not there. */
export function verifierText(): string | undefined {
  if (text === undefined) {
    try {
      text = readFileSync(VERIFIER_FILE, 'utf8');
    } catch {
      return undefined;
    }
  }
  return text;
}
