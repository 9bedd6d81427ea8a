export * from './data-dir';
export * from './json-file';
export * from './load-config';
