import { describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import zhCN from '../locales/zh-CN.json';

/** Every message id of a locale file, as dotted paths. */
function ids(messages: unknown, prefix = ''): string[] {
  if (typeof messages !== 'object' || messages === null) return [prefix];
  return Object.entries(messages).flatMap(([k, v]) => ids(v, prefix ? `${prefix}.${k}` : k));
}

describe('the locale files', () => {
  it('name the same messages in 简体中文 and English', () => {
    const zh = new Set(ids(zhCN));
    const eng = new Set(ids(en));
    expect(
      [...zh].filter((id) => !eng.has(id)),
      'missing in en.json',
    ).toEqual([]);
    expect(
      [...eng].filter((id) => !zh.has(id)),
      'missing in zh-CN.json',
    ).toEqual([]);
  });
});
