/**
 * Resident identity numbers (公民身份号码), GB 11643-1999: 6-digit region code (GB/T 2260), birth
 * date YYYYMMDD, 3-digit sequence (odd for men), and a check character: the sum of the first 17
 * digits weighted 2^(17-i) mod 11, mapped through "10X98765432". Legacy 15-digit numbers (issued
 * before 1999) have the region, a 2-digit year of the 1900s, month, day and sequence, and no check.
 *
 * A number counts as an ID when its region is plausible (a real province code, a prefecture
 * part 01-70 or 90: the full GB/T 2260 list changes every year and would age in the code), its
 * birth date is a real day not after the decision date, and, for 18 digits, the check
 * character matches. Under a label saying 身份证号, an 18-digit number with a plausible region
 * and birth date but a wrong check character is still masked (lower confidence): a mistyped ID
 * is still someone's ID. Elsewhere it is not one (an 18-digit reference number, for instance).
 */
import { isCalendarDay, isoDay } from './calendar-date.js';
import { numberCandidates } from './digit-groups.js';
import { bestNonOverlapping, spanOf, type DetectionText, type Span } from './spans.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** Province-level codes: 11–15 north, 21–23 north-east, 31–37 east, 41–46 south-central, 50–54 south-west, 61–65 north-west, 71 Taiwan, 81/82 Hong Kong/Macao, 83 Taiwan residence permits. */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65, 71, 81, 82, 83,
]);

/** The check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error(`expected the 17 first digits of an ID, got "${first17}"`);
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (WEIGHTS[i] ?? 0);
  return CHECK_CHARS[sum % 11] ?? '';
}

/** A real province code and a prefecture part 01–70 or 90 (直辖县级 units). */
export function plausibleRegion(code: string): boolean {
  const prefecture = Number(code.slice(2, 4));
  return PROVINCES.has(Number(code.slice(0, 2))) && ((prefecture >= 1 && prefecture <= 70) || prefecture === 90);
}

export interface ResidentIdReading {
  /** 18 characters (upper-case X), or 15 digits for a legacy number. */
  id: string;
  legacy: boolean;
  birthDate: string;
  /** Always true for a legacy number, which has no check character. */
  checksumOk: boolean;
}

/**
 * `id` read as a resident ID: region and birth date plausible (a birth not after `asOf`,
 * 'YYYY-MM-DD', and not before 1900). The check character is reported, not required.
 */
export function readResidentId(id: string, asOf: string): ResidentIdReading | undefined {
  const upper = id.toUpperCase();
  let year: number;
  let rest: string;
  if (/^\d{17}[\dX]$/.test(upper)) {
    year = Number(upper.slice(6, 10));
    rest = upper.slice(10, 14);
  } else if (/^\d{15}$/.test(upper)) {
    year = 1900 + Number(upper.slice(6, 8));
    rest = upper.slice(8, 12);
  } else return undefined;
  const month = Number(rest.slice(0, 2));
  const day = Number(rest.slice(2, 4));
  if (!plausibleRegion(upper) || year < 1900 || !isCalendarDay(year, month, day)) return undefined;
  const birthDate = isoDay(year, month, day);
  if (birthDate > asOf) return undefined;
  const legacy = upper.length === 15;
  const checksumOk = legacy || residentIdCheckChar(upper.slice(0, 17)) === upper[17];
  return { id: upper, legacy, birthDate, checksumOk };
}

/** Whether `id` is a valid 18-digit ID (check character included) or a plausible legacy one. */
export const isValidResidentId = (id: string, asOf: string): boolean => readResidentId(id, asOf)?.checksumOk === true;

export interface ResidentIdSpan extends Span {
  kind: 'resident-id';
  birthDate: string;
}

/** Resident IDs in the text, with the birth date each one gives (for the minors check). */
export function detectResidentIds(t: DetectionText, asOf: string): ResidentIdSpan[] {
  const found: ResidentIdSpan[] = [];
  for (const c of numberCandidates(t.norm)) {
    if (c.plus || (c.digits.length !== 18 && !(c.digits.length === 17 && c.x) && c.digits.length !== 15)) continue;
    if (c.x && c.digits.length !== 17) continue;
    const reading = readResidentId(c.digits + (c.x ? 'X' : ''), asOf);
    if (!reading) continue;
    // A credit code can pass an ID's checks by chance; its label says which it is.
    const label = c.label();
    if (label === 'credit-code') continue;
    let confidence: number;
    if (reading.legacy) confidence = label === 'id' ? 0.95 : 0.85;
    else if (reading.checksumOk) confidence = 0.99;
    else if (label === 'id' && c.whole) confidence = 0.6;
    else continue;
    found.push({
      ...spanOf(t, c.start, c.end, 'resident-id', confidence),
      kind: 'resident-id',
      birthDate: reading.birthDate,
    });
  }
  return bestNonOverlapping(found) as ResidentIdSpan[];
}
