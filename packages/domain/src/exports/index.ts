export * from './profile.ts';
export * from './profiles/index.ts';
