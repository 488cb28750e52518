export * from './post';
export * from './query';
export * from './errors';
export * from './clock';
export * from './jobs';
export * from './group-commit';
export * from './sources';
export * from './random';
