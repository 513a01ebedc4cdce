/**
 * Amounts in documents. Money is integer fen (分) everywhere in the station (see catalogue.ts):
 * a decision prints exactly the amount that was classified and reviewed, so the yuan figure is
 * cut from the digits of the integer, never computed through a float division.
 */
import { Invalid } from '../../errors.js';

/** 5000000 → "50,000.00"; 1 → "0.01". */
export function formatFen(fen: number, field = 'amount'): string {
  if (!Number.isSafeInteger(fen) || fen < 0)
    throw new Invalid(`${field} must be a whole, non-negative number of fen (分), got ${String(fen)}`);
  const digits = String(fen).padStart(3, '0');
  const yuan = digits.slice(0, -2).replace(/\B(?=(\d{3})+$)/g, ',');
  return `${yuan}.${digits.slice(-2)}`;
}

/** 5000000 → "人民币 50,000.00 元", the form a decision prints. */
export function yuanText(fen: number, field?: string): string {
  return `人民币 ${formatFen(fen, field)} 元`;
}
