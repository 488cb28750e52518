export * from './mastodon.connector';
export * from './mastodon.mapping';
