export * from './post-input.schema';
export * from './ingest.service';
export * from './ingest.module';
export * from './analyzer.provider';
export * from './taxonomy.registry';
export * from './recategorization.status';
export * from './sentiment-model.registry';
