export * from './local-time.ts';
export * from './profile.ts';
export * from './profiles/index.ts';
