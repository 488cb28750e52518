/** Region ids as the server names them (provinces), with how people write them. */
const REGIONS: Record<string, string> = {
  caba: 'CABA', 'buenos-aires': 'Buenos Aires', catamarca: 'Catamarca', chaco: 'Chaco', chubut: 'Chubut', cordoba: 'Córdoba',
  corrientes: 'Corrientes', 'entre-rios': 'Entre Ríos', formosa: 'Formosa', jujuy: 'Jujuy', 'la-pampa': 'La Pampa', 'la-rioja': 'La Rioja',
  mendoza: 'Mendoza', misiones: 'Misiones', neuquen: 'Neuquén', 'rio-negro': 'Río Negro', salta: 'Salta', 'san-juan': 'San Juan',
  'san-luis': 'San Luis', 'santa-cruz': 'Santa Cruz', 'santa-fe': 'Santa Fe', 'santiago-del-estero': 'Santiago del Estero',
  'tierra-del-fuego': 'Tierra del Fuego', tucuman: 'Tucumán', uruguay: 'Uruguay',
};

export function regionLabel(id: string): string {
  return REGIONS[id] ?? id;
}

/** `all` is the rule's whole scope; `region=cordoba` one value of its split. */
export function scopeLabel(scopeKey: string): string {
  if (scopeKey === 'all') return '';
  const [dimension, value] = scopeKey.split('=', 2);
  return dimension === 'region' ? regionLabel(value) : value;
}

/** "a, b ,c" → ["a", "b", "c"]; empty parts dropped. */
export function splitList(text: string): string[] {
  return text.split(',').map((s) => s.trim()).filter((s) => s !== '');
}
