export * from './file-logger';
export * from './logger';
export * from './redact';
export * from './redacting-secret-store';
