export * from './anomaly.detector';
export * from './seasonal.baseline';
export * from './rolling.window';
export * from './context.detector';
