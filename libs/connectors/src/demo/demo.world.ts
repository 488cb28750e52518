/**
 * The fictional world the demo stream talks about: one telecom, its rivals, and the places
 * its customers live. Nothing here refers to a real company or person.
 */

export const BRAND = { name: 'Aurora Móvil', handle: '@AuroraMovil' } as const;

export const COMPETITORS = [
  { name: 'Pampa Tel', handle: '@PampaTel' },
  { name: 'Vértice', handle: '@VerticeMovil' },
  { name: 'Ñandú Net', handle: undefined },
] as const;

export interface Region {
  id: string;
  name: string;
  /** Relative share of authors, and of outages (more customers, more reported outages). */
  weight: number;
}

export const REGIONS: readonly Region[] = [
  { id: 'amba', name: 'AMBA', weight: 40 },
  { id: 'la-plata', name: 'Gran La Plata', weight: 5 },
  { id: 'rosario', name: 'Rosario y Santa Fe', weight: 9 },
  { id: 'cordoba', name: 'Córdoba', weight: 10 },
  { id: 'cuyo', name: 'Cuyo', weight: 6 },
  { id: 'costa', name: 'Costa Atlántica', weight: 5 },
  { id: 'interior-ba', name: 'Interior bonaerense', weight: 5 },
  { id: 'noa', name: 'Noroeste', weight: 5 },
  { id: 'patagonia', name: 'Patagonia', weight: 4 },
  { id: 'uruguay', name: 'Uruguay', weight: 11 },
];

export interface Place {
  name: string;
  /** Province or country, as people write it in a profile's location. */
  area: string;
  region: string;
  weight: number;
}

export const PLACES: readonly Place[] = [
  { name: 'Palermo', area: 'CABA', region: 'amba', weight: 6 },
  { name: 'Caballito', area: 'CABA', region: 'amba', weight: 5 },
  { name: 'Belgrano', area: 'CABA', region: 'amba', weight: 4 },
  { name: 'Almagro', area: 'CABA', region: 'amba', weight: 3 },
  { name: 'Villa Crespo', area: 'CABA', region: 'amba', weight: 3 },
  { name: 'Flores', area: 'CABA', region: 'amba', weight: 3 },
  { name: 'San Telmo', area: 'CABA', region: 'amba', weight: 2 },
  { name: 'Recoleta', area: 'CABA', region: 'amba', weight: 3 },
  { name: 'Quilmes', area: 'Buenos Aires', region: 'amba', weight: 3 },
  { name: 'Lanús', area: 'Buenos Aires', region: 'amba', weight: 3 },
  { name: 'Morón', area: 'Buenos Aires', region: 'amba', weight: 2 },
  { name: 'San Isidro', area: 'Buenos Aires', region: 'amba', weight: 2 },
  { name: 'Tigre', area: 'Buenos Aires', region: 'amba', weight: 2 },
  { name: 'La Plata', area: 'Buenos Aires', region: 'la-plata', weight: 4 },
  { name: 'City Bell', area: 'Buenos Aires', region: 'la-plata', weight: 1 },
  { name: 'Berisso', area: 'Buenos Aires', region: 'la-plata', weight: 1 },
  { name: 'Rosario', area: 'Santa Fe', region: 'rosario', weight: 6 },
  { name: 'Funes', area: 'Santa Fe', region: 'rosario', weight: 1 },
  { name: 'Santa Fe', area: 'Santa Fe', region: 'rosario', weight: 2 },
  { name: 'Córdoba', area: 'Córdoba', region: 'cordoba', weight: 6 },
  { name: 'Nueva Córdoba', area: 'Córdoba', region: 'cordoba', weight: 2 },
  { name: 'Villa Carlos Paz', area: 'Córdoba', region: 'cordoba', weight: 1 },
  { name: 'Río Cuarto', area: 'Córdoba', region: 'cordoba', weight: 1 },
  { name: 'Mendoza', area: 'Mendoza', region: 'cuyo', weight: 4 },
  { name: 'Godoy Cruz', area: 'Mendoza', region: 'cuyo', weight: 1 },
  { name: 'San Juan', area: 'San Juan', region: 'cuyo', weight: 2 },
  { name: 'San Rafael', area: 'Mendoza', region: 'cuyo', weight: 1 },
  { name: 'Mar del Plata', area: 'Buenos Aires', region: 'costa', weight: 5 },
  { name: 'Pinamar', area: 'Buenos Aires', region: 'costa', weight: 1 },
  { name: 'Villa Gesell', area: 'Buenos Aires', region: 'costa', weight: 1 },
  { name: 'Necochea', area: 'Buenos Aires', region: 'costa', weight: 1 },
  { name: 'Tandil', area: 'Buenos Aires', region: 'interior-ba', weight: 2 },
  { name: 'Bahía Blanca', area: 'Buenos Aires', region: 'interior-ba', weight: 3 },
  { name: 'Olavarría', area: 'Buenos Aires', region: 'interior-ba', weight: 1 },
  { name: 'Junín', area: 'Buenos Aires', region: 'interior-ba', weight: 1 },
  { name: 'Tucumán', area: 'Tucumán', region: 'noa', weight: 3 },
  { name: 'Salta', area: 'Salta', region: 'noa', weight: 2 },
  { name: 'Jujuy', area: 'Jujuy', region: 'noa', weight: 1 },
  { name: 'Neuquén', area: 'Neuquén', region: 'patagonia', weight: 2 },
  { name: 'Bariloche', area: 'Río Negro', region: 'patagonia', weight: 2 },
  { name: 'Comodoro Rivadavia', area: 'Chubut', region: 'patagonia', weight: 1 },
  { name: 'Montevideo', area: 'Uruguay', region: 'uruguay', weight: 6 },
  { name: 'Pocitos', area: 'Montevideo', region: 'uruguay', weight: 2 },
  { name: 'Ciudad Vieja', area: 'Montevideo', region: 'uruguay', weight: 1 },
  { name: 'Punta del Este', area: 'Uruguay', region: 'uruguay', weight: 2 },
  { name: 'Colonia', area: 'Uruguay', region: 'uruguay', weight: 1 },
];

/** Mobile plans only: home fibre is talked about through the `fiber` phrases. */
export const PLANS = ['Aurora Libre', 'Aurora Max', 'Aurora Full', 'Aurora Control', 'Aurora Prepago', 'Aurora Joven', 'Aurora Familia'];

export const DEVICES = ['iPhone 15', 'Moto G84', 'Galaxy A54', 'Redmi Note 13', 'Galaxy S24', 'iPhone 13', 'Moto E22'];

/** Call-centre agents people name when they thank someone. */
export const AGENTS = ['Sofía', 'Martín', 'Lucía', 'Diego', 'Camila', 'Nicolás', 'Valentina', 'Gonzalo', 'Rocío', 'Franco'];

export const SPANISH_FIRST_NAMES = [
  'Martín', 'Sofía', 'Lucía', 'Mateo', 'Valentina', 'Santiago', 'Camila', 'Juan', 'Julieta', 'Nicolás',
  'Florencia', 'Agustín', 'Micaela', 'Facundo', 'Carolina', 'Federico', 'Milagros', 'Gonzalo', 'Rocío', 'Diego',
  'Paula', 'Matías', 'Agustina', 'Tomás', 'Belén', 'Lautaro', 'Daniela', 'Joaquín', 'Antonella', 'Pablo',
  'Romina', 'Ezequiel', 'Natalia', 'Sebastián', 'Luciana', 'Franco', 'Celeste', 'Ramiro', 'Marina', 'Leandro',
  'Gabriela', 'Hernán', 'Silvia', 'Jorge', 'Graciela', 'Ricardo', 'Mónica', 'Ignacio', 'Verónica', 'Emiliano',
];

export const SPANISH_SURNAMES = [
  'González', 'Rodríguez', 'Gómez', 'Fernández', 'López', 'Díaz', 'Martínez', 'Pérez', 'García', 'Sánchez',
  'Romero', 'Sosa', 'Torres', 'Álvarez', 'Ruiz', 'Ramírez', 'Flores', 'Benítez', 'Acosta', 'Medina',
  'Herrera', 'Suárez', 'Aguirre', 'Giménez', 'Gutiérrez', 'Pereyra', 'Rojas', 'Molina', 'Castro', 'Ortiz',
  'Silva', 'Núñez', 'Luna', 'Juárez', 'Cabrera', 'Ríos', 'Ferreyra', 'Godoy', 'Morales', 'Domínguez',
  'Rossi', 'Bianchi', 'Ferrari', 'Russo', 'Costa', 'Fontana', 'Lombardi', 'Moreno', 'Paz', 'Vega',
];

export const ENGLISH_FIRST_NAMES = [
  'James', 'Emma', 'Oliver', 'Olivia', 'Liam', 'Ava', 'Noah', 'Mia', 'Lucas', 'Grace',
  'Ethan', 'Chloe', 'Daniel', 'Emily', 'Jack', 'Hannah', 'Ryan', 'Sarah', 'Sam', 'Kate',
  'Ben', 'Laura', 'Tom', 'Anna', 'Mark', 'Rachel', 'Peter', 'Megan', 'Chris', 'Helen',
];

export const ENGLISH_SURNAMES = [
  'Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Wilson', 'Moore', 'Clark', 'Walker', 'Hall',
  'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell',
  'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins', 'Stewart', 'Murphy',
];

/** Short forms people put in handles instead of their full first name. */
export const NICKNAMES: Readonly<Record<string, string>> = {
  Martín: 'tincho', Lucía: 'lu', Valentina: 'vale', Santiago: 'santi', Camila: 'cami', Julieta: 'juli',
  Nicolás: 'nico', Florencia: 'flor', Agustín: 'agus', Micaela: 'mica', Facundo: 'facu', Federico: 'fede',
  Milagros: 'mili', Matías: 'mati', Lautaro: 'lauti', Joaquín: 'joaco', Antonella: 'anto', Sebastián: 'seba',
  Ezequiel: 'eze', Ignacio: 'nacho', Gonzalo: 'gonza', Luciana: 'lu', Daniela: 'dani', Natalia: 'nati',
};
