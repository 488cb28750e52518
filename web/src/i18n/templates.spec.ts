import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * No text of the UI is left untranslated: every word a template shows comes through `t()`.
 * Read from the sources rather than the rendered pages, so a view behind a role or an empty
 * state is checked too.
 */
const SRC = join(__dirname, '..');
// Attributes a person reads or hears; bound (`:title`) values go through `t()`, fixed ones would not.
const SPOKEN = ['title', 'alt', 'placeholder', 'aria-label', 'aria-description', 'label'];
// Text without a letter (figures, arrows, icons, entities aside) reads the same in every language.
const UNIVERSAL = /^(?:[^\p{L}&]|&#?\w+;)*$/u;

function vueFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? vueFiles(join(dir, entry.name)) : entry.name.endsWith('.vue') ? [join(dir, entry.name)] : [],
  );
}

/** The fixed words of a template: text between tags outside `{{ }}`, and fixed spoken attributes. */
export function fixedWords(source: string): string[] {
  const template = source.match(/<template>([\s\S]*)<\/template>/)?.[1] ?? '';
  const withoutComments = template.replace(/<!--[\s\S]*?-->/g, '');
  const found: string[] = [];
  for (const match of withoutComments.matchAll(/\s([\w-]+)="([^"]*)"/g)) {
    const [, name, value] = match;
    if (SPOKEN.includes(name!) && !UNIVERSAL.test(value!)) found.push(`${name}="${value}"`);
  }
  const text = withoutComments
    .replace(/<svg[\s\S]*?<\/svg>/g, '')
    // A tag ends at the first `>` outside its quoted attributes (`@click="a => b"` has one inside).
    .replace(/<(?:[^>"']|"[^"]*"|'[^']*')*>/g, '\n')
    .replace(/\{\{[\s\S]*?\}\}/g, '');
  for (const line of text.split('\n')) {
    const words = line.trim();
    if (words && !UNIVERSAL.test(words)) found.push(words);
  }
  return found;
}

describe('templates', () => {
  it('finds fixed words when there are some', () => {
    expect(fixedWords('<template><p title="Hola">Save {{ t("x") }}</p><b>{{ n }} · 3</b></template>')).toEqual(['title="Hola"', 'Save']);
  });

  it('show no word that does not come from the messages', () => {
    const offenders = Object.fromEntries(
      vueFiles(SRC)
        .map((file) => [relative(SRC, file), fixedWords(readFileSync(file, 'utf8'))] as const)
        .filter(([, words]) => words.length > 0),
    );
    expect(offenders).toEqual({});
  });
});
