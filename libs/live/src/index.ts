export * from './live.types';
export * from './live.mapper';
export * from './live.window';
export * from './live-bus.port';
export * from './redis-live-bus';
export * from './live.throttle';
