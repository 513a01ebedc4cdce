/**
 * Unified social credit codes (统一社会信用代码, GB 32100-2015): 18 characters — registration
 * authority and organisation type, a 6-digit region code, the 9-character organisation code
 * (GB 11714, its own check digit last), and a check character over the first 17 (weights
 * 3^i mod 31, alphabet without I, O, S, V, Z). Organisations' codes are public and never masked;
 * an all-digit code must not be taken for an ID or a bank card, and the check tells it apart.
 */

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/** The check character of a credit code's first 17 characters. */
export function creditCodeCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = ALPHABET.indexOf(first17[i] ?? '');
    if (v < 0) throw new Error(`"${first17[i]}" cannot be in a credit code: it uses ${ALPHABET}`);
    sum += v * (WEIGHTS[i] ?? 0);
  }
  return ALPHABET[(31 - (sum % 31)) % 31] ?? '';
}

/** 18 characters of the credit-code alphabet with a matching check character. */
export function isCreditCode(code: string): boolean {
  const upper = code.toUpperCase();
  if (!/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(upper)) return false;
  return creditCodeCheckChar(upper.slice(0, 17)) === upper[17];
}
