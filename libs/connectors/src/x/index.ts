export * from './x.backoff';
export * from './x.client';
export * from './x.connector';
export * from './x.mapping';
export * from './x.backfill';
