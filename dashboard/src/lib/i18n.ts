import { addMessages, init, locale } from 'svelte-i18n';
import zhCN from '../locales/zh-CN.json';
import en from '../locales/en.json';

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Language names in their own language, as language pickers conventionally show them. */
export const LOCALE_NAMES: Record<Locale, string> = { 'zh-CN': '简体中文', en: 'English' };

const STORAGE_KEY = 'liuhen.locale';
const DEFAULT_LOCALE: Locale = 'zh-CN';

function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

function storedLocale(): Locale | undefined {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLocale(value) ? value : undefined;
  } catch {
    return undefined; // storage disabled
  }
}

export function setupI18n(): void {
  addMessages('zh-CN', zhCN);
  addMessages('en', en);
  init({ fallbackLocale: DEFAULT_LOCALE, initialLocale: storedLocale() ?? DEFAULT_LOCALE });

  locale.subscribe((value) => {
    if (!isLocale(value)) return;
    document.documentElement.lang = value;
    try {
      localStorage.setItem(STORAGE_KEY, value);
    } catch {
      // storage disabled: the choice lasts for this page only
    }
  });
}
