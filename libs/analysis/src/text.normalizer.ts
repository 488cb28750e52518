/**
 * Character-level normalisation shared by the tokenizer, the lexicons and the taxonomy
 * compiler, so a term written in a lexicon or a query always meets the same form as the
 * token it should match: lower-case, accents stripped, elongations squeezed.
 */

const LATIN_LIMIT = 0x250;

/**
 * Lower-cased, accent-free form of every Latin-1 and Latin Extended-A/B code unit.
 * Built once from NFD so no hand-written table can drift out of sync; `ñ` becomes `n`
 * on purpose (accent-insensitive search treats `año` and `ano` alike, as users type both).
 */
const FOLD: readonly string[] = (() => {
  const table: string[] = new Array<string>(LATIN_LIMIT);
  for (let code = 0; code < LATIN_LIMIT; code++) {
    const folded = String.fromCharCode(code)
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '');
    table[code] = folded;
  }
  // Letters NFD cannot decompose but users read as their base letter.
  table[0xdf] = 'ss';
  table[0xf8] = 'o';
  table[0xd8] = 'o';
  table[0x131] = 'i';
  return table;
})();

const LETTER_RE = /\p{L}/u;

/** True for code units that belong inside a word (letters of any script, digits, combining marks). */
export function isWordCode(code: number): boolean {
  if (code < 0x80) {
    return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  }
  if (code < LATIN_LIMIT) {
    return code >= 0xc0 && code !== 0xd7 && code !== 0xf7;
  }
  if (code >= 0x300 && code <= 0x36f) return true;
  // Surrogates are emoji or rare scripts; the tokenizer handles them separately.
  if (code >= 0xd800 && code <= 0xdfff) return false;
  return LETTER_RE.test(String.fromCharCode(code));
}

export function isUpperCode(code: number): boolean {
  if (code < 0x80) return code >= 65 && code <= 90;
  if (code < 0x100) return code >= 0xc0 && code <= 0xde && code !== 0xd7;
  const ch = String.fromCharCode(code);
  return ch !== ch.toLowerCase();
}

/** Folds one code unit; combining marks vanish so NFD input folds like NFC input. */
export function foldCode(code: number): string {
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : String.fromCharCode(code);
  if (code < LATIN_LIMIT) return FOLD[code];
  if (code >= 0x300 && code <= 0x36f) return '';
  return String.fromCharCode(code).toLowerCase();
}

/**
 * Collapses runs of three or more identical characters. Returns both candidates because
 * "sooo" means "so" but "goood" means "good": the caller picks with its vocabulary.
 */
export function squeeze(word: string): { one: string; two: string } | undefined {
  let elongated = false;
  for (let i = 2; i < word.length; i++) {
    if (word.charCodeAt(i) === word.charCodeAt(i - 1) && word.charCodeAt(i) === word.charCodeAt(i - 2)) {
      elongated = true;
      break;
    }
  }
  if (!elongated) return undefined;
  let one = '';
  let two = '';
  let run = 0;
  for (let i = 0; i < word.length; i++) {
    const ch = word[i];
    run = i > 0 && word[i - 1] === ch ? run + 1 : 1;
    if (run === 1) {
      one += ch;
      two += ch;
    } else if (run === 2) {
      two += ch;
      // A doubled letter that stops at two is spelling (ll, rr, ee, oo), not elongation.
      if (i + 1 >= word.length || word[i + 1] !== ch) one += ch;
    }
  }
  return { one, two };
}

/** Picks the squeezed form the vocabulary knows, preferring the double-letter spelling. */
export function resolveElongation(
  forms: { one: string; two: string },
  known: (word: string) => boolean,
): string {
  if (known(forms.two) && !known(forms.one)) return forms.two;
  return forms.one;
}

/**
 * Folds a word or phrase the way the tokenizer folds a token (lower-case, no accents,
 * apostrophes dropped). Elongations are left alone: lexicon and query authors write words
 * the normal way.
 */
export function foldText(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x27 || code === 0x2019) continue;
    out += foldCode(code);
  }
  return out;
}
