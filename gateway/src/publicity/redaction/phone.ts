/**
 * Telephone numbers of mainland China.
 * - Mobile: 11 digits 1[3-9]xxxxxxxxx, optionally after +86 / 86 / 0086, typed whole or in groups
 *   ("138 1234 5678", "+86-138-1234-5678").
 * - Landline: trunk 0, an area code (10, 2x, or three digits 3xx–9xx) and a local number of 7–8
 *   digits not starting with 0 or 1: "0571-88886666", "(0571)8888 6666", "01088886666",
 *   "+86 571 8888 6666". A bare local number ("88886666") is a phone only under a phone label
 *   (电话、联系方式…): without one it is any 8-digit number.
 * Numbers labelled as something else (订单号, 编号, 统一社会信用代码…) are not phones. Service
 * numbers (12315, 400-xxx-xxxx, 95xxx) have no personal owner and match none of the above.
 */
import { numberCandidates } from './digit-groups.js';
import { bestNonOverlapping, spanOf, type DetectionText, type IdentifierKind, type Span } from './spans.js';

const MOBILE = /^(?:0086|86)?1[3-9]\d{9}$/;
const LANDLINE_DOMESTIC = /^0(?:10|2\d|[3-9]\d\d)[2-9]\d{6,7}$/;
const LANDLINE_INTERNATIONAL = /^(?:0086|86)(?:10|2\d|[3-9]\d\d)[2-9]\d{6,7}$/;
const LOCAL_NUMBER = /^[2-9]\d{6,7}$/;

/** What `digits` would be as a phone number (with a '+' before it: `plus`), if anything. */
export function classifyPhone(
  digits: string,
  plus: boolean,
  labelled: boolean,
): { kind: Extract<IdentifierKind, 'mobile' | 'landline'>; confidence: number } | undefined {
  if (MOBILE.test(digits)) return { kind: 'mobile', confidence: 0.95 };
  if (LANDLINE_DOMESTIC.test(digits)) return { kind: 'landline', confidence: labelled ? 0.95 : 0.9 };
  if ((plus || digits.startsWith('0086')) && LANDLINE_INTERNATIONAL.test(digits))
    return { kind: 'landline', confidence: 0.9 };
  if (labelled && !plus && LOCAL_NUMBER.test(digits)) return { kind: 'landline', confidence: 0.75 };
  return undefined;
}

export function detectPhones(t: DetectionText): Span[] {
  const found: Span[] = [];
  for (const c of numberCandidates(t.norm)) {
    if (c.x || c.digits.length < 7 || c.digits.length > 15) continue;
    // A bare local number needs its label, and the whole group: "400-826-1234" holds no "8261234".
    const phone = classifyPhone(c.digits, c.plus, c.whole && c.label() === 'phone');
    const label = phone && c.label();
    if (phone && label !== 'reference' && label !== 'credit-code' && label !== 'id')
      found.push(spanOf(t, c.start, c.end, phone.kind, phone.confidence));
  }
  return bestNonOverlapping(found);
}
