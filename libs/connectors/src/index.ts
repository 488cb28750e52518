export * from './connector.port';
