export * from './offer';
export * from './customer-facts';
export * from './eligibility';
export * from './next-best-action';
