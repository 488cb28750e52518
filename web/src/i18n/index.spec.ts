import { describe, expect, it, vi } from 'vitest';
import { createI18n } from 'vue-i18n';
import en from './en';
import es from './es';
import { formatTag, preferredLocale } from './index';

function leaves(messages: object, prefix = ''): string[] {
  return Object.entries(messages).flatMap(([key, value]) =>
    typeof value === 'object' && value !== null ? leaves(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe('the UI language', () => {
  it('follows the browser on a first visit: Spanish for any es-*, English otherwise', () => {
    expect(preferredLocale(null, ['es-AR', 'en'])).toBe('es');
    expect(preferredLocale(null, ['es'])).toBe('es');
    expect(preferredLocale(null, ['ES-mx'])).toBe('es');
    expect(preferredLocale(null, ['en-US', 'es'])).toBe('en');
    expect(preferredLocale(null, ['pt-BR', 'es'])).toBe('en');
    expect(preferredLocale(null, [])).toBe('en');
  });

  it('keeps a choice the user made, and ignores a stored value it does not know', () => {
    expect(preferredLocale('es', ['en-US'])).toBe('es');
    expect(preferredLocale('en', ['es-AR'])).toBe('en');
    expect(preferredLocale('fr', ['es-AR'])).toBe('es');
  });

  it('formats in the browser\'s region of the chosen language', () => {
    expect(formatTag('es', ['es-AR', 'en-US'])).toBe('es-AR');
    expect(formatTag('en', ['es-AR', 'en-GB'])).toBe('en-GB');
    expect(formatTag('en', ['es-AR'])).toBe('en');
    expect(new Intl.NumberFormat(formatTag('es', ['es-AR'])).format(1234.5)).toBe('1.234,5');
  });

  it('has every message in both languages', () => {
    expect(leaves(en).sort()).toEqual(leaves(es).sort());
    const same = leaves(en).filter((key) => {
      const pick = (messages: object) => key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], messages);
      return pick(en) === pick(es);
    });
    // Names and codes read the same in both; anything else left alike was probably not translated.
    expect(same.length).toBeLessThan(leaves(en).length / 10);
  });

  it('has no message vue-i18n cannot compile (an "@" or a brace must be written as {\'@\'})', () => {
    const problems: string[] = [];
    const error = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void problems.push(args.map(String).join(' ')));
    const warn = vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void problems.push(args.map(String).join(' ')));
    try {
      const i18n = createI18n({ legacy: false, locale: 'es', messages: { es, en }, missingWarn: false, fallbackWarn: false });
      for (const locale of ['es', 'en'] as const) {
        for (const key of leaves(locale === 'es' ? es : en)) {
          // Named and list parameters a message may use, so none is reported missing.
          i18n.global.t(key, { n: 1, count: 1, name: 'x', author: 'x', topic: 'x' }, { locale });
        }
      }
    } finally {
      error.mockRestore();
      warn.mockRestore();
    }
    expect(problems).toEqual([]);
  });
});
