export * from './jetstream.connector';
export * from './jetstream.mapping';
