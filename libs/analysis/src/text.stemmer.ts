/**
 * Light stemmers for topic matching. Query terms and post words are both reduced with the
 * rules of the query's language, so `factura` meets "facturas" and `outage` meets
 * "outages". They work on folded words (lower-case, no accents) and only undo inflections
 * that rarely merge two different words: analysts need precision more than recall, and a
 * wildcard (`cobr*`) is always there for more.
 *
 * A stem need not be a real word; it only has to be the same for the forms that should meet.
 */

export type Stemmer = (word: string) => string;

function isVowel(code: number): boolean {
  return code === 97 || code === 101 || code === 105 || code === 111 || code === 117;
}

function isLetter(code: number): boolean {
  return code >= 97 && code <= 122;
}

/**
 * Spanish singulars that end in -s: stripping it would part them from their plurals
 * ("intereses" → "interes") or merge them with another word.
 */
const ES_KEEP: ReadonlySet<string> = new Set([
  'interes', 'ingles', 'frances', 'estres', 'despues', 'ademas', 'atras', 'jamas', 'autobus', 'compas', 'anis',
  'lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'crisis', 'analisis', 'virus', 'menos', 'entonces', 'mientras',
]);

/**
 * Consonants a Spanish singular may end in, whose plural adds -es: señal/señales,
 * comisión/comisiones, celular/celulares, red/redes, reloj/relojes, ley/leyes, mes/meses.
 */
function takesEs(code: number): boolean {
  // l n r d j y s
  return code === 108 || code === 110 || code === 114 || code === 100 || code === 106 || code === 121 || code === 115;
}

/**
 * Spanish:
 * - plural -s after a vowel (facturas, cobros, clientes; 5 letters or more, so "dios" or
 *   "tres" keep theirs) and after a consonant (apps, chats: loanwords);
 * - plural -es after l n r d j y s: a final -e after those letters is dropped from every
 *   word, so the plural and the singular meet ("señales" → "senale" → "senal"; "calle" and
 *   "calles" both → "call");
 * - -ces / -ce → -z (luces → luz, balances → balanz);
 * - feminine participles -ada/-ida → -ado/-ido (caída/caído, cobrada/cobrado).
 * Not done: other -o/-a pairs (cuento/cuenta, caro/cara, corto/corta, puerto/puerta mean
 * different things) and verb endings (stripping -ar/-er would merge lugar, celular, mujer
 * with unrelated words); write both forms or a wildcard.
 */
export const stemSpanish: Stemmer = (word) => {
  let len = word.length;
  if (len < 4 || ES_KEEP.has(word)) return word;
  let last = word.charCodeAt(len - 1);
  if (last === 115 /* s */) {
    const before = word.charCodeAt(len - 2);
    if (isVowel(before) ? len >= 5 : before !== 115 && isLetter(before)) len--;
  }
  let stem = len === word.length ? word : word.slice(0, len);
  if (ES_KEEP.has(stem)) return stem;
  if (len >= 5 && stem.charCodeAt(len - 1) === 97 /* a */ && stem.charCodeAt(len - 2) === 100 /* d */) {
    const v = stem.charCodeAt(len - 3);
    if (v === 97 || v === 105) stem = `${stem.slice(0, len - 1)}o`;
  }
  last = stem.charCodeAt(len - 1);
  if (last === 101 /* e */ && len >= 4) {
    const before = stem.charCodeAt(len - 2);
    if (takesEs(before)) stem = stem.slice(0, len - 1);
    else if (before === 99 /* c */) stem = `${stem.slice(0, len - 2)}z`;
  }
  return stem;
};

/** English words a rule below would merge with another word, or cut from their own family. */
const EN_KEEP: ReadonlySet<string> = new Set([
  'news', 'evening', 'morning', 'during', 'nothing', 'something', 'anything', 'everything', 'ceiling', 'wedding',
  'earring', 'pudding', 'outing', 'series', 'species', 'always', 'perhaps', 'thus', 'this', 'yes',
]);

function hasVowel(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isVowel(c) || (c === 121 /* y */ && i > 0)) return true;
  }
  return false;
}

function isConsonant(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (!isLetter(c) || isVowel(c)) return false;
  // "y" after a consonant is a vowel (try, deny).
  return c !== 121 || i === 0 || !isConsonant(text, i - 1);
}

/** One vowel group between consonants, ending consonant-vowel-consonant (hop, fil, rat): the silent -e was dropped. */
function isShortCvc(stem: string): boolean {
  const n = stem.length;
  if (n < 3) return false;
  const last = stem.charCodeAt(n - 1);
  if (!isConsonant(stem, n - 1) || isConsonant(stem, n - 2) || !isConsonant(stem, n - 3)) return false;
  if (last === 119 || last === 120 || last === 121) return false;
  // Exactly one vowel group: no vowel before the last consonant cluster.
  let i = n - 3;
  while (i >= 0 && isConsonant(stem, i)) i--;
  return i < 0;
}

/** Endings after which English drops a silent -e before -ed/-ing (priced, charged, declined, secured). */
function needsE(stem: string): boolean {
  const n = stem.length;
  const a = stem.charCodeAt(n - 2);
  const b = stem.charCodeAt(n - 1);
  const pair = stem.slice(n - 2);
  if (pair === 'at' || pair === 'bl' || pair === 'iz' || pair === 'rg' || pair === 'dg' || pair === 'nc' || pair === 'rc') return true;
  if (b === 118 /* v */) return true;
  if (b === 99 /* c */ && isVowel(a)) return true;
  if ((pair === 'in' || pair === 'ur') && n >= 3 && isConsonant(stem, n - 3)) return true;
  return isShortCvc(stem);
}

function stripVerbEnding(word: string): string {
  let base: string;
  if (word.endsWith('ied') && word.length >= 5) return `${word.slice(0, -3)}y`;
  if (word.endsWith('eed')) return word;
  if (word.endsWith('ed')) base = word.slice(0, -2);
  else if (word.endsWith('ing')) base = word.slice(0, -3);
  else return word;
  if (base.length < 3 || !hasVowel(base)) return word;
  const n = base.length;
  const last = base.charCodeAt(n - 1);
  if (last === base.charCodeAt(n - 2) && isConsonant(base, n - 1)) {
    // dropped → drop, but billed → bill, missed → miss, buzzed → buzz, added → add.
    return last === 108 || last === 115 || last === 122 || n === 3 ? base : base.slice(0, -1);
  }
  return needsE(base) ? `${base}e` : base;
}

/**
 * English:
 * - plural and third person -s (bills, outages, fees), -ies → -y (companies; "ties" → "tie"),
 *   -es after s x z ch sh (branches, taxes, passes); words in -ss, -us, -is keep theirs;
 * - -ed and -ing when a vowel stays (billed, billing → bill; dropped → drop; denied → deny),
 *   putting back the silent -e English drops (priced, pricing → price; charged → charge;
 *   declined → decline).
 * "-s" needs 4 letters ("gas", "was" stay) and a few words are kept whole (news, evening,
 * nothing). Not done: -er, -ly, -ment and other derivations (bank/banker, late/lately).
 */
export const stemEnglish: Stemmer = (word) => {
  const len = word.length;
  if (len < 4 || EN_KEEP.has(word)) return word;
  let stem = word;
  if (word.charCodeAt(len - 1) === 115 /* s */) {
    if (word.endsWith('ies')) stem = len >= 5 ? `${word.slice(0, -3)}y` : word.slice(0, -1);
    else if (word.endsWith('sses') || word.endsWith('xes') || word.endsWith('zzes') || word.endsWith('ches') || word.endsWith('shes')) {
      stem = word.slice(0, -2);
    } else if (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is')) return word;
    else if (isLetter(word.charCodeAt(len - 2))) stem = word.slice(0, -1);
    if (EN_KEEP.has(stem)) return stem;
  }
  return stem.length >= 5 ? stripVerbEnding(stem) : stem;
};

const STEMMERS: Readonly<Record<string, Stemmer>> = { es: stemSpanish, en: stemEnglish };

/** The stemmer for a language code, if Escucha has rules for it. */
export function stemmerFor(lang: string): Stemmer | undefined {
  return Object.prototype.hasOwnProperty.call(STEMMERS, lang) ? STEMMERS[lang] : undefined;
}

/** Languages with stemming rules. */
export const STEM_LANGUAGES: readonly string[] = Object.keys(STEMMERS);
