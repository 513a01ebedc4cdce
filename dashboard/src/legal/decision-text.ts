// A field of the proposed decision as a person reads it: money in yuan,
// measures and hearing by name, yes or no. Used where rounds are compared.
import { formatYuan } from '../lib/money';

type Translate = (id: string, options?: { values?: Record<string, string | number>; default?: string }) => string;

const MONEY_FIELDS = ['fineFen', 'confiscationFen'];

export function decisionValue(field: string, value: unknown, t: Translate): string {
  if (MONEY_FIELDS.includes(field) && typeof value === 'number')
    return t('legal.yuan', { values: { amount: formatYuan(value) } });
  if (field === 'measures' && Array.isArray(value))
    return value.length === 0
      ? t('legal.none')
      : value.map((m) => t(`legal.measure.${String(m)}`, { default: String(m) })).join('、');
  if (field === 'hearing' && typeof value === 'string') return t(`legal.hearing.${value}`, { default: value });
  if (field === 'partyType' && typeof value === 'string') return t(`legal.partyType.${value}`, { default: value });
  if (typeof value === 'boolean') return t(value ? 'legal.yes' : 'legal.no');
  if (value === null || value === undefined || value === '') return t('legal.none');
  return typeof value === 'string' ? value : JSON.stringify(value);
}
