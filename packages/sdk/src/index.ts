export * from './errors.ts';
export * from './transport.ts';
export * from './storage.ts';
export * from './client.ts';
export * from './offline-queue.ts';
export * from './taro-transport.ts';
export * from './webhooks.ts';
