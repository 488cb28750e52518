export * from './connector.port';
export * from './demo';
