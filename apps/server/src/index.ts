export { createApp, type AppOptions } from './app.ts';
export { openPlatform, seedPlatform, type Platform } from './platform.ts';
export { readEnv, type Env } from './env.ts';
