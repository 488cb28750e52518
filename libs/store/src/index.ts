export * from './post-store.port';
export * from './user-store.port';
export * from './settings-store.port';
export { DUCKDB_FILE_NAME, duckDbFile, openDuckDbStores } from './duckdb/duckdb.stores';
export type { DuckDbStoreOptions, DuckDbStores } from './duckdb/duckdb.stores';
export { openElasticsearchStores } from './elasticsearch/elasticsearch.stores';
export type { ElasticsearchStoreOptions, ElasticsearchStores } from './elasticsearch/elasticsearch.stores';
export * from './label-store.port';
export { FileLabelStore, LABELS_DIR, LABELS_FILE } from './file/file.label-store';
