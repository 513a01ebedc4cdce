/**
 * Bank card numbers: 16–19 digits passing the Luhn check (ISO/IEC 7812), with an issuer prefix
 * seen on cards in China: UnionPay 62, the older domestic 60 and 9x, Visa 4, Mastercard 51–55 and
 * 2221–2720, JCB 3528–3589. The prefix cuts the false matches of the Luhn check (one random number
 * in ten passes it) on order and reference numbers, which mostly start with a year ("2026…").
 *
 * Under a card label (卡号, 银行账号, 账户…) any 10–30 digit number is masked: bank accounts of
 * organisations (对公账户) carry no Luhn digit, and the label already says what the number is.
 * Numbers labelled as references or credit codes are not cards; an 18-digit number that reads as
 * a resident ID with a wrong check digit, or as a credit code, is no card unless labelled as one.
 */
import { isCreditCode } from './credit-code.js';
import { numberCandidates } from './digit-groups.js';
import { readResidentId } from './resident-id.js';
import { bestNonOverlapping, spanOf, type DetectionText, type Span } from './spans.js';

const ISSUER = /^(?:62|60|9[45]|4|5[1-5]|222[1-9]|22[3-9]|2[3-6]|27[01]|2720|352[89]|35[3-8])/;

export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** A bank card number as printed: 16–19 digits, a known issuer prefix, Luhn valid. */
export const isBankCardNumber = (digits: string): boolean =>
  digits.length >= 16 && digits.length <= 19 && ISSUER.test(digits) && luhnValid(digits);

export function detectBankCards(t: DetectionText, asOf: string): Span[] {
  const found: Span[] = [];
  for (const c of numberCandidates(t.norm)) {
    if (c.x || c.plus || c.digits.length < 10) continue;
    const card = isBankCardNumber(c.digits);
    if (!card && !c.whole) continue;
    const label = c.label();
    if (label === 'reference' || label === 'credit-code') continue;
    const labelled = label === 'card' && c.whole;
    // 18 digits may be an ID with a wrong check digit, or an all-digit credit code of an organisation
    // registered by 编制 (1), 民政 (5) or 市场监管 (9): only a label makes them a card.
    const other18 =
      c.digits.length === 18 &&
      (readResidentId(c.digits, asOf) !== undefined || (/^[159]/.test(c.digits) && isCreditCode(c.digits)));
    if (card && (labelled || !other18)) found.push(spanOf(t, c.start, c.end, 'bank-card', labelled ? 0.97 : 0.9));
    // Surer than a Luhn-valid stretch inside it, so the whole labelled number is taken.
    else if (labelled && c.digits.length >= 10 && c.digits.length <= 30)
      found.push(spanOf(t, c.start, c.end, 'bank-card', 0.95));
  }
  return bestNonOverlapping(found);
}
