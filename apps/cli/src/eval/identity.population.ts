/**
 * A generated population of CRM customers and social authors with the truth known: which
 * author is which customer, if any. Written from issue 10's description before the matcher,
 * and not tuned to it: most authors are not customers; namesakes live in other cities (and
 * now and then in the same one); people write their name with a nickname, a spelling slip or
 * without accents; families share an email; some authors declare a handle the CRM knows, or
 * leave an email or phone in their bio.
 */
import { seededRandom } from '@escucha/core';
import type { CustomerRecord } from '@escucha/identity';

export type PopulationCustomer = Required<Pick<CustomerRecord, 'id' | 'name' | 'emails' | 'phones' | 'handles' | 'city' | 'segment' | 'products'>>;

export interface PopulationAuthor {
  /** `platform:authorId`. */
  key: string;
  platform: string;
  handle: string;
  name?: string;
  location?: string;
  bio?: string;
  texts: string[];
}

export interface Population {
  customers: PopulationCustomer[];
  authors: PopulationAuthor[];
  /** Author key → the customer it really is; authors absent here are nobody in the CRM. */
  truth: Map<string, string>;
}

export interface PopulationOptions {
  seed: number;
  customers: number;
  authors: number;
  /** Share of authors who are customers. */
  customerShare: number;
}

export const DEFAULT_POPULATION: PopulationOptions = { seed: 20261123, customers: 3000, authors: 12000, customerShare: 0.2 };

// Formal first name, then the forms people actually write. Some are shared across names on purpose (Chema, Lola).
const FIRST_NAMES: Array<[string, string[]]> = [
  ['José', ['Pepe', 'Jose', 'Pepito']],
  ['Francisco', ['Paco', 'Pancho', 'Fran', 'Curro']],
  ['Ignacio', ['Nacho', 'Nacho']],
  ['Guadalupe', ['Lupe', 'Lupita']],
  ['Dolores', ['Lola', 'Loli']],
  ['Concepción', ['Concha', 'Conchi']],
  ['Manuel', ['Manolo', 'Manu']],
  ['Antonio', ['Toño', 'Toni', 'Antonio']],
  ['Roberto', ['Beto', 'Rober']],
  ['Alejandro', ['Ale', 'Alex', 'Alejo']],
  ['Guillermo', ['Memo', 'Guille']],
  ['Eduardo', ['Lalo', 'Edu']],
  ['Rosario', ['Charo', 'Chayo']],
  ['Mercedes', ['Meche', 'Merche']],
  ['Jesús', ['Chucho', 'Chuy', 'Jesus']],
  ['Enrique', ['Quique', 'Kike']],
  ['María', ['Mari', 'Maria']],
  ['Ana', ['Anita', 'Ana']],
  ['Lucía', ['Lucia', 'Lu']],
  ['Sofía', ['Sofi', 'Sofia']],
  ['Valentina', ['Vale', 'Valen']],
  ['Martín', ['Martin', 'Tincho']],
  ['Santiago', ['Santi', 'Santiago']],
  ['Gabriela', ['Gabi', 'Gaby']],
  ['Carolina', ['Caro', 'Carol']],
  ['Florencia', ['Flor', 'Flopy']],
  ['Patricia', ['Pato', 'Patri']],
  ['Robert', ['Bob', 'Rob', 'Bobby']],
  ['William', ['Bill', 'Will', 'Billy']],
  ['Elizabeth', ['Liz', 'Beth', 'Betty']],
  ['Margaret', ['Maggie', 'Peggy', 'Meg']],
  ['Richard', ['Rick', 'Dick', 'Richie']],
  ['James', ['Jim', 'Jimmy', 'Jamie']],
  ['Katherine', ['Kate', 'Kathy', 'Katie']],
  ['Michael', ['Mike', 'Mikey']],
  ['Jennifer', ['Jen', 'Jenny']],
  ['Daniel', ['Dani', 'Danny', 'Dan']],
  ['Pablo', ['Pablito', 'Pablo']],
  ['Diego', ['Dieguito', 'Diego']],
  ['Camila', ['Cami', 'Camila']],
  ['Juan', ['Juancho', 'Juanito', 'Juan']],
  ['Carlos', ['Charly', 'Carlitos', 'Carlos']],
  ['Laura', ['Lau', 'Laurita']],
  ['Andrés', ['Andy', 'Andres']],
  ['Fernando', ['Fer', 'Nando']],
];
const SURNAMES = [
  'García', 'Fernández', 'González', 'Rodríguez', 'López', 'Martínez', 'Sánchez', 'Pérez', 'Gómez', 'Díaz',
  'Álvarez', 'Romero', 'Sosa', 'Ruiz', 'Torres', 'Suárez', 'Benítez', 'Acosta', 'Medina', 'Herrera',
  'Castro', 'Rojas', 'Molina', 'Ortiz', 'Silva', 'Núñez', 'Luna', 'Juárez', 'Cabrera', 'Ríos',
  'Ferreyra', 'Godoy', 'Morales', 'Domínguez', 'Moreno', 'Peralta', 'Vega', 'Carrizo', 'Quiroga', 'Castillo',
  'Smith', 'Johnson', 'Brown', 'Miller', 'Wilson', 'Taylor', 'Anderson', 'Thompson', 'Walsh', 'Murphy',
  'Villalba', 'Aguirre', 'Ledesma', 'Figueroa', 'Córdoba', 'Paz', 'Bustos', 'Arias', 'Vázquez', 'Navarro',
];
const CITIES = ['Buenos Aires', 'Córdoba', 'Rosario', 'Mendoza', 'La Plata', 'Mar del Plata', 'Salta', 'Tucumán', 'Neuquén', 'Bahía Blanca', 'Santa Fe', 'Posadas'];
// Area codes for local phone forms, by city (national numbers without the leading 0).
const AREA: Record<string, string> = {
  'Buenos Aires': '11', 'Córdoba': '351', 'Rosario': '341', 'Mendoza': '261', 'La Plata': '221', 'Mar del Plata': '223',
  'Salta': '387', 'Tucumán': '381', 'Neuquén': '299', 'Bahía Blanca': '291', 'Santa Fe': '342', 'Posadas': '376',
};
const PRODUCTS: Record<string, string[]> = {
  fibra: ['la fibra', 'internet de fibra', 'el wifi de casa'],
  movil: ['el celu', 'mi línea móvil', 'los datos del celular'],
  tv: ['el cable', 'la tele', 'el decodificador'],
  tarjeta: ['la tarjeta de crédito', 'el resumen de la tarjeta', 'la visa'],
  hipoteca: ['la hipoteca', 'el crédito hipotecario', 'la cuota de la casa'],
  prepago: ['la recarga', 'el saldo prepago', 'la carga del celu'],
};
const PRODUCT_NAMES = Object.keys(PRODUCTS);
const CHATTER = ['qué día largo', 'alguien sabe si hoy hay paro?', 'gran partido anoche', 'recomienden una serie', 'hace un calor terrible', 'feliz de volver a casa'];
const MAIL_DOMAINS = ['gmail.com', 'hotmail.com', 'yahoo.com.ar', 'outlook.com'];
const SEGMENTS = ['mass', 'premium', 'business'];

export function generatePopulation(options: PopulationOptions = DEFAULT_POPULATION): Population {
  const random = seededRandom(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const chance = (p: number): boolean => random() < p;
  const digits = (n: number): string => Array.from({ length: n }, () => Math.floor(random() * 10)).join('');

  const customers: PopulationCustomer[] = [];
  const firstOf = new Map<string, [string, string[]]>();
  const usedPhones = new Set<string>();
  for (let i = 0; i < options.customers; i++) {
    const first = pick(FIRST_NAMES);
    const surname = pick(SURNAMES);
    // A second surname now and then, as Spanish names go.
    const full = chance(0.3) ? `${first[0]} ${surname} ${pick(SURNAMES)}` : `${first[0]} ${surname}`;
    const city = pick(CITIES);
    const id = `C${String(100000 + i)}`;
    firstOf.set(id, first);
    let phone: string;
    do phone = `+549${AREA[city]}${digits(10 - AREA[city].length)}`;
    while (usedPhones.has(phone));
    usedPhones.add(phone);
    const products = PRODUCT_NAMES.filter(() => chance(0.3));
    if (products.length === 0) products.push(pick(PRODUCT_NAMES));
    customers.push({
      id,
      name: full,
      emails: [`${fold(first[0])}.${fold(surname)}${digits(2)}@${pick(MAIL_DOMAINS)}`],
      phones: chance(0.8) ? [phone] : [],
      handles: {},
      city,
      segment: pick(SEGMENTS),
      products,
    });
  }
  // Families: a second customer with the same surname in the same city, sharing the family's email.
  for (let i = 0; i < options.customers * 0.05; i++) {
    const a = pick(customers);
    const b = pick(customers);
    if (a === b) continue;
    const familyName = a.name.split(' ')[1];
    b.name = `${b.name.split(' ')[0]} ${familyName}`;
    b.city = a.city;
    b.emails = [...a.emails];
  }

  const authors: PopulationAuthor[] = [];
  // A handle is one account on its platform: a taken one gets digits, as sign-up forms insist.
  const taken = new Set<string>();
  const unique = (platform: string, handle: string): string => {
    let candidate = handle;
    while (taken.has(`${platform}:${candidate}`)) candidate = `${handle}${digits(2)}`;
    taken.add(`${platform}:${candidate}`);
    return candidate;
  };
  const truth = new Map<string, string>();
  let authorNumber = 0;
  const newKey = (): { key: string; platform: string } => {
    const platform = chance(0.8) ? 'x' : 'mastodon';
    return { platform, key: `${platform}:${900000 + ++authorNumber}` };
  };
  const textsAbout = (products: readonly string[], n: number): string[] =>
    Array.from({ length: n }, () =>
      products.length > 0 && chance(0.6) ? `${pick(['otra vez sin', 'me cobraron de más', 'cuándo arreglan', 'contento con'])} ${pick(PRODUCTS[pick(products)])}` : pick(CHATTER),
    );

  const customerAuthors = Math.round(options.authors * options.customerShare);
  for (let i = 0; i < customerAuthors; i++) {
    const customer = customers[i % customers.length];
    if (i >= customers.length) break;
    const { key, platform } = newKey();
    const [given, ...rest] = customer.name.split(' ');
    const forms = firstOf.get(customer.id)![1];
    let first = chance(0.45) ? pick(forms) : given;
    let surname = rest[0];
    if (chance(0.25)) surname = typo(surname, random);
    else if (chance(0.15)) first = typo(first, random);
    if (chance(0.4)) {
      first = fold(first, true);
      surname = fold(surname, true);
    }
    // Some write the surname alone by initial, or no name at all.
    const nameForm = random();
    const name = nameForm < 0.08 ? undefined : nameForm < 0.15 ? `${first} ${surname[0]}.` : rest.length > 1 && chance(0.3) ? `${first} ${rest.join(' ')}` : `${first} ${surname}`;
    const handle = unique(platform, `${fold(first, false).toLowerCase().replace(/[^a-z]/g, '')}${chance(0.5) ? '_' + fold(surname).toLowerCase().replace(/[^a-z]/g, '') : ''}${digits(chance(0.5) ? 2 : 0)}`);
    if (chance(0.15)) customer.handles[platform] = handle;
    const location = chance(0.6) ? customer.city : chance(0.3) ? pick(CITIES) : undefined;
    let bio: string | undefined = chance(0.5) ? pick(['Hincha de Boca', 'Mamá de dos', 'Ingeniero', 'Amante del café', 'Viajera']) : undefined;
    if (chance(0.08)) bio = `${bio ?? ''} contacto: ${customer.emails[0]}`.trim();
    else if (customer.phones.length > 0 && chance(0.06)) bio = `${bio ?? ''} WhatsApp ${localPhone(customer.phones[0], AREA[customer.city].length, random)}`.trim();
    authors.push({ key, platform, handle, name, location, bio, texts: textsAbout(customer.products, 1 + Math.floor(random() * 4)) });
    truth.set(key, customer.id);
  }

  while (authors.length < options.authors) {
    const { key, platform } = newKey();
    const kind = random();
    let name: string;
    let location: string | undefined;
    if (kind < 0.2) {
      // A namesake of a customer: same name, usually another city.
      const other = pick(customers);
      name = other.name.split(' ').slice(0, 2).join(' ');
      location = chance(0.85) ? pick(CITIES.filter((c) => c !== other.city)) : other.city;
    } else {
      const first = pick(FIRST_NAMES);
      name = `${chance(0.4) ? pick(first[1]) : first[0]} ${pick(SURNAMES)}`;
      location = chance(0.6) ? pick(CITIES) : undefined;
    }
    const handle = unique(platform, `${fold(name.split(' ')[0]).toLowerCase().replace(/[^a-z]/g, '')}${digits(3)}`);
    const products = PRODUCT_NAMES.filter(() => chance(0.2));
    let bio: string | undefined = chance(0.4) ? pick(['Periodista', 'Fan del rock', 'Docente', 'Emprendedora', 'Runner']) : undefined;
    // Their own contacts, unknown to the CRM.
    if (chance(0.05)) bio = `${bio ?? ''} ${fold(name.split(' ')[0]).toLowerCase()}${digits(4)}@${pick(MAIL_DOMAINS)}`.trim();
    authors.push({ key, platform, handle, name: chance(0.9) ? name : undefined, location, bio, texts: textsAbout(products, 1 + Math.floor(random() * 3)) });
  }
  return { customers, authors, truth };
}

/** Strips accents (`fold(x, true)` keeps the case). */
function fold(text: string, keepCase = false): string {
  const plain = text.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
  return keepCase ? plain : plain.toLowerCase();
}

/** One slip: a dropped, doubled, swapped or replaced letter. */
function typo(word: string, random: () => number): string {
  if (word.length < 4) return word;
  const at = 1 + Math.floor(random() * (word.length - 2));
  switch (Math.floor(random() * 4)) {
    case 0:
      return word.slice(0, at) + word.slice(at + 1);
    case 1:
      return word.slice(0, at) + word[at] + word.slice(at);
    case 2:
      return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
    default:
      return word.slice(0, at) + 'aeiousnrl'[Math.floor(random() * 9)] + word.slice(at + 1);
  }
}

/** How people write their own number: national form with the 0 and 15, or spaced. */
function localPhone(e164: string, areaLength: number, random: () => number): string {
  const national = e164.slice(4); // after +549
  const area = national.slice(0, areaLength);
  const subscriber = national.slice(areaLength);
  return random() < 0.5 ? `0${area} 15-${subscriber.slice(0, -4)}-${subscriber.slice(-4)}` : `+54 9 ${area} ${subscriber}`;
}
