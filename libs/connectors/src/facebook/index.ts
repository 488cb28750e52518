export * from './facebook.backfill';
export * from './facebook.mapping';
export * from './facebook.signature';
export * from './graph.client';
