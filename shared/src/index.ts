export * from './i18n';
export * from './errors';
export * from './common';
export * from './identity';
export * from './identity-api';
export * from './realtime';
export * from './communities';
export * from './membership';
