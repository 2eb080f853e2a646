export * from './reference.ts';
export * from './matrix.ts';
export * from './auth.ts';
export * from './workflow.ts';
export * from './command.ts';
export * from './classifier.ts';
export * from './attachments.ts';
export * from './notifications.ts';
