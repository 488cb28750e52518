export * from './config.schema';
export * from './sources-file.schema';
