export * from './test-database';
export * from './eventually';
export * from './zip-entries';
export * from './pdf-images';
