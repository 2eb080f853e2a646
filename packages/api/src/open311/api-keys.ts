import { createHash } from 'node:crypto';

/** Keys are stored and looked up only as their SHA-256. */
export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
