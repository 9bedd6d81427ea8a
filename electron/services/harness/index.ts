export * from './csp';
export * from './harness-server';
export * from './peer';
