import { useMetaStore } from '../stores/meta';

/** The name the server's gazetteer gives a region (GET /api/v1/meta); the id until meta has loaded. */
export function regionLabel(id: string): string {
  return useMetaStore().meta.regions.find((region) => region.id === id)?.name ?? id;
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
