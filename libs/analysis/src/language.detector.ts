import { lexiconWords } from './lexicon';
import { LEXICON_EN } from './lexicon.en';
import { LEXICON_ES } from './lexicon.es';
import { EN_FUNCTION_WORDS, ES_FUNCTION_WORDS } from './stopwords';
import { foldText } from './text.normalizer';
import { tokenize, type TokenizedText, type Vocabulary } from './text.tokenizer';

export const DEFAULT_LANGUAGES: readonly string[] = ['es', 'en'];

/** Frequent content words, so a two-word reply ("DM sent", "gracias totales") still has a language. */
const ES_COMMON = `gracias hola buenas buenos días dia tardes noches saludos favor ayuda ayer hoy mañana semana mes año
  ahora después siempre nunca todavía casa trabajo gente persona vida mundo tiempo vez veces cosa cosas día hora horas
  quiero quiere tengo tenemos puedo podés hacer hace hizo dijo decir ver veo mirá mira saber sé sabe creo pienso
  llamé llamo llamada llamadas teléfono celular número línea mensaje mensajes respuesta cliente clientes empresa
  servicio señal plan factura pago cobro compañía atención nuevo nueva otro otra mejor peor igual bueno buena malo mala
  gran grande pequeño mucho muchas poco nada todo cada sigo sigue esperando espera llegó llega pasa pasó hablar habla
  país ciudad barrio calle zona gobierno presidente partido feliz amigo amigos amiga amor hijo hija madre padre
  mamá papá fin finde noche tarde temprano nunca jamás también además acá allá dale listo claro obvio posta
  quedamos vamos vemos anda funciona sale cuesta precio caro barato`;
const EN_COMMON = `please thanks thank thx thnx ty hi hello hey yes yeah yep nope ok sent dm day days today tomorrow yesterday
  week month year now later time times hour hours minute minutes home work people person life world thing things way
  want need know think see get got go going went come came make made take took call called calling phone number
  line message messages reply answer customer customers company service signal plan bill payment help new next last
  first great good bad better best worst love like well still ever never every really sure much many little lot
  wait waiting back trip staff team guys
  friend friends family mom dad kids night morning evening weekend happy sad sorry tonight again since around
  anyone someone everyone nobody something nothing everything why because though although however`;

/**
 * Word evidence per language. Character n-gram models need hundreds of characters to be
 * reliable; tweets are short, so the detector counts words it is sure about instead and
 * only ever chooses among the configured languages.
 */
interface Profile {
  readonly functionWords: ReadonlySet<string>;
  readonly contentWords: ReadonlySet<string>;
  /** Endings typical of the language, strongest first; the first that fits counts. */
  readonly suffixes: readonly (readonly [string, number])[];
  /** Letter groups the other language hardly uses ("th", "sh", "w" in English). */
  readonly clusters: readonly string[];
}

const PROFILES: ReadonlyMap<string, Profile> = (() => {
  const es = new Set(ES_FUNCTION_WORDS.map(foldText));
  const en = new Set(EN_FUNCTION_WORDS.map(foldText));
  // Words both languages use ("a", "no", "me", "he") say nothing; "u" is English chat for "you".
  for (const w of [...es]) {
    if (en.has(w)) {
      es.delete(w);
      en.delete(w);
    }
  }
  es.delete('u');
  const esContent = new Set([...lexiconWords(LEXICON_ES), ...ES_COMMON.split(/\s+/).map(foldText)]);
  const enContent = new Set([...lexiconWords(LEXICON_EN), ...EN_COMMON.split(/\s+/).map(foldText)]);
  for (const w of [...esContent]) {
    if (enContent.has(w) || en.has(w)) {
      esContent.delete(w);
      enContent.delete(w);
    }
  }
  for (const w of [...enContent]) if (es.has(w)) enContent.delete(w);
  return new Map<string, Profile>([
    [
      'es',
      {
        functionWords: es,
        contentWords: esContent,
        suffixes: [
          ...['cion', 'ciones', 'dad', 'dades', 'mente', 'ando', 'iendo', 'ado', 'ados', 'ada', 'adas', 'ido', 'ida', 'oso', 'osa', 'ito', 'ita', 'itos', 'itas'].map((x): [string, number] => [x, 0.4]),
          ...['o', 'a', 'os', 'as', 'es'].map((x): [string, number] => [x, 0.15]),
        ],
        clusters: ['ll', 'rr', 'ue', 'ie'],
      },
    ],
    [
      'en',
      {
        functionWords: en,
        contentWords: enContent,
        suffixes: [
          ...['ing', 'tion', 'tions', 'ness', 'ful', 'less', 'ous', 'ght', 'ship', 'ity', 'ly'].map((x): [string, number] => [x, 0.4]),
          ...['ed', 'y', 'er', 's'].map((x): [string, number] => [x, 0.15]),
        ],
        clusters: ['th', 'sh', 'ck', 'w', 'k', 'ee', 'oo', 'ph', 'ea'],
      },
    ],
  ]);
})();

const FUNCTION_WEIGHT = 1;
const CONTENT_WEIGHT = 0.6;
const CLUSTER_WEIGHT = 0.2;
const SPANISH_MARK_WEIGHT = 0.8;
const CONTRACTION_WEIGHT = 1;

/** Words every configured language shares a vocabulary for, used to resolve elongations. */
export function detectorWords(): string[] {
  const out: string[] = [];
  for (const profile of PROFILES.values()) out.push(...profile.functionWords, ...profile.contentWords);
  return out;
}

/** Primary subtag, lower-case: "es-AR" → "es". */
export function baseLanguage(lang: string): string {
  const dash = lang.search(/[-_]/);
  return (dash < 0 ? lang : lang.slice(0, dash)).toLowerCase();
}

function wordScore(profile: Profile, w: string): number {
  if (profile.functionWords.has(w)) return FUNCTION_WEIGHT;
  if (profile.contentWords.has(w)) return CONTENT_WEIGHT;
  let score = 0;
  if (w.length >= 3) {
    for (const [suffix, weight] of profile.suffixes) {
      if (w.endsWith(suffix)) {
        score += weight;
        break;
      }
    }
    for (const cluster of profile.clusters) {
      if (w.includes(cluster)) {
        score += CLUSTER_WEIGHT;
        break;
      }
    }
  }
  return score;
}

const PROFILE_LANGS = [...PROFILES.keys()];
const CACHE_LIMIT = 50_000;
/**
 * Per-word evidence for every profile, memoised: posts reuse a small vocabulary, so after
 * warm-up scoring a token is one map lookup instead of suffix and cluster scans.
 */
const wordCache = new Map<string, Float64Array>();

function evidence(w: string): Float64Array {
  let scores = wordCache.get(w);
  if (scores === undefined) {
    scores = new Float64Array(PROFILE_LANGS.length);
    for (let k = 0; k < PROFILE_LANGS.length; k++) {
      const profile = PROFILES.get(PROFILE_LANGS[k]);
      if (profile) scores[k] = wordScore(profile, w);
    }
    if (wordCache.size >= CACHE_LIMIT) wordCache.clear();
    wordCache.set(w, scores);
  }
  return scores;
}

export function detectFromTokens(text: TokenizedText, languages: readonly string[]): string {
  if (languages.length === 0) throw new Error('detectLanguage: no languages configured');
  if (languages.length === 1) return languages[0];

  const totals = new Float64Array(PROFILE_LANGS.length);
  for (const token of text.tokens) {
    if (token.kind !== 'word' && token.kind !== 'hashtag') continue;
    const scores = evidence(token.norm);
    for (let k = 0; k < totals.length; k++) totals[k] += scores[k];
  }

  let best = languages[0];
  let bestScore = 0;
  for (const lang of languages) {
    const k = PROFILE_LANGS.indexOf(lang);
    if (k < 0) continue;
    let score = totals[k];
    if (lang === 'es') score += text.spanishMarks * SPANISH_MARK_WEIGHT;
    if (lang === 'en') score += text.contractions * CONTRACTION_WEIGHT;
    // Strictly greater: with no evidence, or a tie, the first configured language stands.
    if (score > bestScore) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

/**
 * The language of `text` among `languages` (default es, en). Short or empty texts with no
 * evidence either way get the first configured language, never one outside the list.
 */
export function detectLanguage(text: string, languages: readonly string[] = DEFAULT_LANGUAGES): string {
  return detectFromTokens(tokenize(text, knownWord), languages);
}

const KNOWN = new Set(detectorWords());
const knownWord: Vocabulary = (w) => KNOWN.has(w);
