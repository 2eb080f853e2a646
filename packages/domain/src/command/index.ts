export * from './facts.ts';
export * from './period.ts';
export * from './indicators.ts';
