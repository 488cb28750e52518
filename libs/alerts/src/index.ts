export * from './anomaly.detector';
export * from './seasonal.baseline';
export * from './rolling.window';
export * from './region.gazetteer';
export * from './alert.scope';
export * from './alert.engine';
export * from './default.rules';
