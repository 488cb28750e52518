export * from './infrastructure.module';
export * from './app.logger';
export * from './metrics';
