export * from './test-database';
export * from './eventually';
export * from './zip-entries';
export * from './pdf-images';
export * from './pass-certificates';
export * from './mime-message';
export * from './qr-svg';
export * from './defined';
