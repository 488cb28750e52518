/**
 * What the demo leaves in the store, named once for the stream that writes it and for the
 * removal that takes it out again.
 */
export const DEMO_CHECKPOINTS = {
  /** The week of history is stored; alert detection waits for it. */
  backfilled: 'demo.backfilled',
  /** Where the stream stopped, so a restart fills the gap. */
  cursor: 'demo.cursor',
  /** When the outage placed after the first start begins. */
  firstOutage: 'demo.first-outage',
  /** The demo's CRM and offers are written. */
  crm: 'demo.crm',
  /** Every seed the stream has run with: the removal takes each one's posts out. */
  seeds: 'demo.seeds',
  /** The latest removal of the demo data, as its status. */
  removal: 'demo.removal',
} as const;

/** The checkpoints that say the demo wrote something (the removal forgets them, so a later demo starts afresh). */
export const DEMO_WRITE_CHECKPOINTS = [DEMO_CHECKPOINTS.backfilled, DEMO_CHECKPOINTS.cursor, DEMO_CHECKPOINTS.firstOutage, DEMO_CHECKPOINTS.crm, DEMO_CHECKPOINTS.seeds] as const;

/** Every native id the demo makes under `seed` (posts, and its social and forum authors) starts with this. */
export function demoIdPrefix(seed: number): string {
  return `demo-${seed}-`;
}

/**
 * Whether `key` names something the demo made under one of `seeds`: a stored post id
 * (`source:nativeId`) or an author key (`platform:authorId`), both a kind, a colon and a native
 * id that starts with the seed's prefix.
 */
export function isDemoKey(key: string, seeds: readonly number[]): boolean {
  const colon = key.indexOf(':');
  return colon > 0 && seeds.some((seed) => key.startsWith(demoIdPrefix(seed), colon + 1));
}

/** The seeds a `demo.seeds` checkpoint holds; anything else in it is ignored. */
export function demoSeeds(value: unknown): number[] {
  return Array.isArray(value) ? value.filter((seed): seed is number => Number.isSafeInteger(seed)) : [];
}
