export * from './facts.ts';
export * from './period.ts';
export * from './indicators.ts';
export * from './scope.ts';
export * from './forecast.ts';
