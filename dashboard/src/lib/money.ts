// Money in the proposed decision: typed in yuan (元) as a decimal string, sent
// and stored in whole fen (分). Converted digit by digit with BigInt, never
// through a float, so 0.29 yuan is 29 fen and not 28.999….

/** Largest amount the API takes (Number.MAX_SAFE_INTEGER fen). */
const MAX_FEN = BigInt(Number.MAX_SAFE_INTEGER);
const YUAN = /^(\d+)(?:\.(\d{0,2}))?$/;

/**
 * "20000", "20,000.5", "１５０００.00" → fen (2000000, 2000050, 1500000); null when it is not an
 * amount in yuan with at most two decimals (分), or is too large. Spaces, thousands separators and
 * full-width digits are accepted; an empty string is 0.
 */
export function yuanToFen(text: string): number | null {
  const normal = text
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/．/g, '.')
    .replace(/[\s,，_]/g, '');
  if (normal === '') return 0;
  const m = YUAN.exec(normal);
  if (!m) return null;
  const fen = BigInt(m[1]!) * 100n + BigInt((m[2] ?? '').padEnd(2, '0'));
  return fen > MAX_FEN ? null : Number(fen);
}

/** Fen as yuan with two decimals and no grouping, for an input: 1500000 → "15000.00". */
export function fenToYuanInput(fen: number): string {
  const f = BigInt(Math.trunc(fen));
  const sign = f < 0n ? '-' : '';
  const a = f < 0n ? -f : f;
  return `${sign}${a / 100n}.${String(a % 100n).padStart(2, '0')}`;
}

/** Fen as yuan for reading: 1500000 → "15,000.00" (grouped in thousands, as on Chinese forms). */
export function formatYuan(fen: number): string {
  const [int = '0', dec = '00'] = fenToYuanInput(fen).split('.');
  const sign = int.startsWith('-') ? '-' : '';
  const digits = sign ? int.slice(1) : int;
  return `${sign}${digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}
