export * from './org';
export * from './auth';
export * from './platform';
export * from './catalogue';
export * from './cases';
export * from './training';
export * from './money';
export * from './appointments';
