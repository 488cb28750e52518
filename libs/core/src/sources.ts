/** How a registered source delivers posts. X, Bluesky and Mastodon are declared from their settings; a Facebook source is added with its app's credentials. */
export const SOURCE_KINDS = ['webhook', 'import', 'x', 'bluesky', 'mastodon', 'facebook'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

export const SOURCE_STATES = ['active', 'paused'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** Lower case, digits, "-" and "_": a source id ends up in URLs and document ids. */
export const SOURCE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;
