/**
 * Where a post is from: Argentine provinces (and Uruguay, which Argentine carriers' audiences
 * often include) found by name, capital, main cities and common spellings in the author's
 * location and in the text. Pure: no lookups, no I/O.
 */

export interface RegionInfo {
  id: string;
  name: string;
}

/** Region ids are provinces; CABA is its own (the city is not part of Buenos Aires province). */
export const REGION_NAMES: Readonly<Record<string, string>> = {
  caba: 'CABA',
  'buenos-aires': 'Buenos Aires',
  catamarca: 'Catamarca',
  chaco: 'Chaco',
  chubut: 'Chubut',
  cordoba: 'Córdoba',
  corrientes: 'Corrientes',
  'entre-rios': 'Entre Ríos',
  formosa: 'Formosa',
  jujuy: 'Jujuy',
  'la-pampa': 'La Pampa',
  'la-rioja': 'La Rioja',
  mendoza: 'Mendoza',
  misiones: 'Misiones',
  neuquen: 'Neuquén',
  'rio-negro': 'Río Negro',
  salta: 'Salta',
  'san-juan': 'San Juan',
  'san-luis': 'San Luis',
  'santa-cruz': 'Santa Cruz',
  'santa-fe': 'Santa Fe',
  'santiago-del-estero': 'Santiago del Estero',
  'tierra-del-fuego': 'Tierra del Fuego',
  tucuman: 'Tucumán',
  uruguay: 'Uruguay',
};

/**
 * Names per region. A leading `*` marks a name that is also an everyday word or a surname
 * ("salta", "rosario", "flores"): in free text it counts only when written capitalised; in a
 * profile's location field it always counts.
 */
const NAMES: Readonly<Record<string, readonly string[]>> = {
  caba: [
    'caba', 'capital federal', 'cap fed', 'capital', 'ciudad de buenos aires', 'ciudad autonoma de buenos aires', 'bs as', 'bsas', 'baires', 'bs. as.',
    '*palermo', 'caballito', '*belgrano', 'almagro', 'villa crespo', '*flores', 'san telmo', 'recoleta', '*boedo', 'villa urquiza', 'nunez', 'microcentro',
    '*once', 'barracas', '*la boca', 'mataderos', 'liniers', 'villa devoto', 'colegiales', 'puerto madero', 'saavedra',
  ],
  'buenos-aires': [
    'buenos aires', 'provincia de buenos aires', 'pba', 'gba', 'conurbano', 'gran buenos aires', 'la plata', 'city bell', 'berisso', 'ensenada',
    'quilmes', 'lanus', '*moron', 'san isidro', '*tigre', 'avellaneda', 'lomas de zamora', 'banfield', 'adrogue', 'la matanza', 'san justo',
    'ramos mejia', 'vicente lopez', 'olivos', 'pilar', 'escobar', 'merlo', 'moreno', 'florencio varela', 'berazategui', 'san martin',
    'mar del plata', 'mardel', 'pinamar', 'villa gesell', 'necochea', 'tandil', 'bahia blanca', 'olavarria', '*junin', 'azul', 'pergamino',
  ],
  catamarca: ['catamarca', 'san fernando del valle de catamarca'],
  chaco: ['*chaco', 'resistencia'],
  chubut: ['chubut', 'comodoro rivadavia', 'comodoro', 'trelew', 'puerto madryn', 'madryn', '*rawson', 'esquel'],
  cordoba: ['cordoba', 'cba', 'nueva cordoba', 'villa carlos paz', 'carlos paz', 'rio cuarto', 'villa maria', 'alta gracia'],
  corrientes: ['*corrientes', 'goya'],
  'entre-rios': ['entre rios', '*parana', 'concordia', 'gualeguaychu', 'colon entre rios'],
  formosa: ['*formosa'],
  jujuy: ['jujuy', 'san salvador de jujuy'],
  'la-pampa': ['la pampa', '*santa rosa'],
  'la-rioja': ['la rioja'],
  mendoza: ['*mendoza', 'mza', 'godoy cruz', 'san rafael', 'guaymallen', 'lujan de cuyo', 'maipu mendoza'],
  misiones: ['*misiones', 'posadas', 'puerto iguazu', 'iguazu', 'obera'],
  neuquen: ['neuquen', 'nqn', 'san martin de los andes', 'cutral co'],
  'rio-negro': ['rio negro', 'bariloche', 'san carlos de bariloche', 'viedma', 'general roca', 'cipolletti'],
  salta: ['*salta', 'salta capital'],
  'san-juan': ['san juan'],
  'san-luis': ['san luis', 'villa mercedes'],
  'santa-cruz': ['santa cruz', 'rio gallegos', 'el calafate', 'caleta olivia'],
  'santa-fe': ['santa fe', '*rosario', 'funes', 'rafaela', 'venado tuerto', 'reconquista', 'rosarino'],
  'santiago-del-estero': ['santiago del estero', 'sgo del estero', 'la banda'],
  'tierra-del-fuego': ['tierra del fuego', 'ushuaia', 'rio grande'],
  tucuman: ['tucuman', 'san miguel de tucuman', 'tafi viejo', 'yerba buena'],
  uruguay: ['uruguay', 'montevideo', 'mvd', 'pocitos', 'ciudad vieja', 'punta del este', '*colonia', 'maldonado', 'salto uruguay', 'paysandu'],
};

interface Entry {
  region: string;
  words: string[];
  guarded: boolean;
}

interface Token {
  folded: string;
  capitalised: boolean;
}

function tokens(text: string): Token[] {
  // Accents come off the whole text before it is split: a decomposed accent ("o" + U+0301, as
  // some clients send) would otherwise end the word, and "Córdoba" would read as "Co" "rdoba".
  const bare = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  const out: Token[] = [];
  for (const match of bare.matchAll(/[\p{L}\p{N}]+/gu)) {
    const word = match[0];
    const folded = word.toLowerCase();
    out.push({ folded, capitalised: word[0] !== folded[0] });
  }
  return out;
}

/** Longest names first, so "nueva cordoba" and "santiago del estero" win over their parts. */
const BY_FIRST_WORD: ReadonlyMap<string, readonly Entry[]> = (() => {
  const map = new Map<string, Entry[]>();
  for (const [region, names] of Object.entries(NAMES)) {
    for (const raw of names) {
      const guarded = raw.startsWith('*');
      const words = tokens(guarded ? raw.slice(1) : raw).map((t) => t.folded);
      if (words.length === 0) continue;
      const list = map.get(words[0]) ?? [];
      list.push({ region, words, guarded });
      map.set(words[0], list);
    }
  }
  for (const list of map.values()) list.sort((a, b) => b.words.length - a.words.length);
  return map;
})();

/**
 * The places named by one word, folded ("moron", "quilmes"): what a lexicon of another language
 * must not read as one of its words ("Morón" is a town near Buenos Aires, not an insult).
 */
export const ONE_WORD_PLACES: ReadonlySet<string> = new Set([...BY_FIRST_WORD.values()].flatMap((entries) => entries.filter((e) => e.words.length === 1).map((e) => e.words[0])));

/** Places of two words or more that are never everyday words, by their first word, longest first. */
const PHRASES_BY_FIRST_WORD: ReadonlyMap<string, readonly (readonly string[])[]> = new Map(
  [...BY_FIRST_WORD].flatMap(([first, entries]) => {
    const phrases = entries.filter((e) => e.words.length > 1 && !e.guarded).map((e) => e.words);
    return phrases.length ? [[first, phrases] as const] : [];
  }),
);

/**
 * How many of `folded` (words lower-cased, accents off), from `start` on, name one place of two
 * words or more ("mar del plata", "rio cuarto"); 0 if none does. What keeps top terms from
 * counting "mar" and "plata" apart. Names that are also everyday words ("la boca") are left out:
 * a list of terms cannot ask whether they were written capitalised.
 */
export function placeNameLength(folded: readonly string[], start: number): number {
  const phrases = PHRASES_BY_FIRST_WORD.get(folded[start]);
  const found = phrases?.find((words) => words.every((word, k) => folded[start + k] === word));
  return found ? found.length : 0;
}

/** Regions named in `text`, in order of first mention, each once. */
export function regionsInText(text: string, options: { field?: 'location' | 'text' } = {}): string[] {
  const found: string[] = [];
  const words = tokens(text);
  // "Capital" and "Bs As" are everyday words inside a sentence; only a location field means the city by them.
  const strict = options.field !== 'location';
  for (let i = 0; i < words.length; i++) {
    const candidates = BY_FIRST_WORD.get(words[i].folded);
    if (!candidates) continue;
    const entry = candidates.find(
      (e) =>
        e.words.every((w, k) => words[i + k]?.folded === w) &&
        (!strict || !e.guarded || words[i].capitalised) &&
        (!strict || e.words.join(' ') !== 'capital' || words[i].capitalised),
    );
    if (!entry) continue;
    if (!found.includes(entry.region)) found.push(entry.region);
    i += entry.words.length - 1;
  }
  return found;
}

/**
 * A post's regions: the places its text names (what people complain about is where they are
 * now), else where the author's profile says they live. At most three.
 */
export function regionsOfPost(text: string, authorLocation?: string): string[] {
  const named = regionsInText(text);
  if (named.length > 0) return named.slice(0, 3);
  if (!authorLocation) return [];
  // "Quilmes, Buenos Aires": the most specific name (the first) decides.
  const located = regionsInText(authorLocation, { field: 'location' });
  return located.slice(0, 1);
}

export function regionName(id: string): string {
  return REGION_NAMES[id] ?? id;
}
