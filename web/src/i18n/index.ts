import { createI18n } from 'vue-i18n';
import en from './en';
import es, { type MessageSchema } from './es';

export const LOCALES = ['es', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

const LOCALE_KEY = 'escucha.locale';

function isLocale(value: string | null | undefined): value is Locale {
  return (LOCALES as readonly (string | null | undefined)[]).includes(value);
}

function primary(tag: string): string {
  return tag.toLowerCase().split('-')[0] ?? '';
}

/** The browser's languages, most preferred first; `navigator.languages` may be empty in some embedded browsers. */
function browserLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return [];
  return navigator.languages?.length ? navigator.languages : navigator.language ? [navigator.language] : [];
}

/**
 * A choice the user made wins; a first visit follows the browser's preferred language:
 * Spanish for any `es-*`, English for everything else (the language more visitors read).
 */
export function preferredLocale(saved: string | null, languages: readonly string[]): Locale {
  if (isLocale(saved)) return saved;
  return languages[0] !== undefined && primary(languages[0]) === 'es' ? 'es' : 'en';
}

/**
 * The tag dates and numbers are formatted with: the browser's own regional variant of the UI
 * language when it has one (es-AR writes 1.234,5 and dd/mm), the bare language otherwise.
 */
export function formatTag(locale: Locale, languages: readonly string[] = browserLanguages()): string {
  return languages.find((tag) => primary(tag) === locale) ?? locale;
}

export const i18n = createI18n<[MessageSchema], Locale, false>({
  legacy: false,
  locale: preferredLocale(localStorage.getItem(LOCALE_KEY), browserLanguages()),
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
