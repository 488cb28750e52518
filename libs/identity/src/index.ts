export * from './names';
export * from './jaro-winkler';
export * from './contacts';
export * from './customer-input.schema';
export * from './customer.index';
export * from './matcher';
