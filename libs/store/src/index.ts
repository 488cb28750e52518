export * from './post-store.port';
export * from './user-store.port';
