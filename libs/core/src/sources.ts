/** How a registered source delivers posts. Network connectors (x, bluesky, mastodon, facebook) add their kinds here. */
export const SOURCE_KINDS = ['webhook', 'import', 'x'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_STATES = ['active', 'paused'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** Lower case, digits, "-" and "_": a source id ends up in URLs and document ids. */
export const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
