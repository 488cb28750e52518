/**
 * Names as people write them: folded (no accents, lower case), split into words, with first
 * names mapped to a canonical form through a nickname table, so "Pepe" and "José" agree.
 */

/** Lower case, accents off, anything but letters and digits as a space. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

export function words(text: string | undefined): string[] {
  if (!text) return [];
  const folded = fold(text);
  return folded === '' ? [] : folded.split(' ');
}

/**
 * Nicknames and short forms, Spanish and English, each to the formal name (folded). Written
 * for this project from common usage; a nickname shared by two names (Chema is José María,
 * Lola is Dolores) maps to the one it is most often.
 */
const NICKNAMES: Record<string, string[]> = {
  jose: ['pepe', 'pepito', 'chepe', 'josema', 'chema'],
  francisco: ['paco', 'pancho', 'fran', 'curro', 'quico', 'paquito', 'frank'],
  ignacio: ['nacho', 'nachito', 'iñaki', 'inaki'],
  guadalupe: ['lupe', 'lupita'],
  dolores: ['lola', 'loli', 'lolita'],
  concepcion: ['concha', 'conchi', 'conchita'],
  manuel: ['manolo', 'manu', 'manolito'],
  antonio: ['tono', 'toni', 'tony', 'antonito'],
  roberto: ['beto', 'rober', 'robert'],
  alejandro: ['ale', 'alex', 'alejo', 'jandro'],
  alejandra: ['ale', 'alex', 'alejita'],
  guillermo: ['memo', 'guille', 'willy'],
  eduardo: ['lalo', 'edu', 'eddie'],
  rosario: ['charo', 'chayo', 'rosa'],
  mercedes: ['meche', 'merche', 'mecha'],
  jesus: ['chucho', 'chuy', 'chus'],
  enrique: ['quique', 'kike'],
  maria: ['mari', 'maruja', 'mery'],
  ana: ['anita'],
  lucia: ['lu', 'luchi'],
  sofia: ['sofi'],
  valentina: ['vale', 'valen'],
  martin: ['tincho', 'martincito'],
  santiago: ['santi', 'chago'],
  gabriela: ['gabi', 'gaby'],
  gabriel: ['gabi', 'gabo'],
  carolina: ['caro', 'carol'],
  florencia: ['flor', 'flopy', 'florchi'],
  patricia: ['pato', 'patri', 'paty', 'patty'],
  daniel: ['dani', 'danny', 'dan'],
  daniela: ['dani'],
  pablo: ['pablito'],
  diego: ['dieguito'],
  camila: ['cami'],
  juan: ['juancho', 'juanito', 'juanca'],
  carlos: ['charly', 'carlitos', 'charlie'],
  laura: ['lau', 'laurita'],
  andres: ['andy'],
  fernando: ['fer', 'nando', 'ferchu'],
  federico: ['fede'],
  nicolas: ['nico'],
  sebastian: ['seba', 'sebas'],
  agustin: ['agus'],
  victoria: ['vicky', 'viki'],
  josefina: ['jose', 'josefa', 'pepa', 'pepita', 'fina'],
  teresa: ['tere', 'teresita'],
  cristina: ['cris', 'tina'],
  cristian: ['cris'],
  robert: ['bob', 'bobby', 'rob', 'robbie', 'bert'],
  william: ['bill', 'billy', 'will', 'willy', 'liam'],
  elizabeth: ['liz', 'beth', 'betty', 'lizzie', 'eliza', 'libby'],
  margaret: ['maggie', 'peggy', 'meg', 'marge', 'margie'],
  richard: ['rick', 'dick', 'richie', 'ricky'],
  james: ['jim', 'jimmy', 'jamie'],
  katherine: ['kate', 'kathy', 'katie', 'kat', 'kitty'],
  michael: ['mike', 'mikey', 'mick'],
  jennifer: ['jen', 'jenny'],
  thomas: ['tom', 'tommy'],
  edward: ['ed', 'eddie', 'ted', 'ned'],
  charles: ['charlie', 'chuck'],
  joseph: ['joe', 'joey'],
  anthony: ['tony'],
  christopher: ['chris', 'kit'],
  susan: ['sue', 'susie'],
  patrick: ['pat', 'paddy'],
  alexander: ['alex', 'al', 'sandy'],
  benjamin: ['ben', 'benny'],
  nicholas: ['nick', 'nicky'],
  steven: ['steve'],
  rebecca: ['becky', 'becca'],
};

const CANONICAL = new Map<string, string[]>();
for (const [formal, short] of Object.entries(NICKNAMES)) {
  for (const name of [formal, ...short]) {
    const list = CANONICAL.get(name) ?? [];
    if (!list.includes(formal)) list.push(formal);
    CANONICAL.set(name, list);
  }
}

/** The formal names a first name may stand for (itself when the table does not know it). */
export function canonicalFirstNames(folded: string): string[] {
  return CANONICAL.get(folded) ?? [folded];
}

/** True when two first names can be the same person's through the table. */
export function sameFirstName(a: string, b: string): boolean {
  const left = canonicalFirstNames(a);
  return canonicalFirstNames(b).some((name) => left.includes(name));
}
