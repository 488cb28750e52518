import { createI18n } from 'vue-i18n';
import en from './en';
import es, { type MessageSchema } from './es';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const LOCALE_KEY = 'escucha.locale';

function savedLocale(): Locale {
  const saved = localStorage.getItem(LOCALE_KEY);
  return (LOCALES as readonly string[]).includes(saved ?? '') ? (saved as Locale) : 'es';
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'es',
  messages: { es, en },
});

/** Switches the UI language, remembers it, and tells the browser (screen readers, hyphenation). */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(LOCALE_KEY, locale);
  document.documentElement.lang = locale;
}

document.documentElement.lang = i18n.global.locale.value;
