export * from './connector.port';
export * from './demo';
export * from './record.defaults';
export * from './files/csv.reader';
export * from './files/import.records';
export * from './files/email.records';
export * from './webhook/webhook.signature';
export * from './x';
