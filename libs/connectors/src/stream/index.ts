export * from './connector.status';
export * from './connector.timers';
export * from './retry.backoff';
export * from './seen.ids';
