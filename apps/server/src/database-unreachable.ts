/**
 * What a failure to reach PostgreSQL at start means, in words and with the fix, or null when the
 * error is something else (then it is a fault and keeps its stack).
 */
export function unreachableDatabaseMessage(error: unknown, location: string): string | null {
  const e = error as { code?: string; message?: string; errors?: unknown[] } | null;
  const code = e?.code ?? (Array.isArray(e?.errors) ? (e.errors[0] as { code?: string } | undefined)?.code : undefined);
  const fixUrl = 'Check DATABASE_URL (postgres://user:password@host:port/database), or unset it to use the embedded database in DATA_DIR.';
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not reach PostgreSQL at ${location}: nothing accepts connections there (connection refused). Start PostgreSQL, or fix the host and port. ${fixUrl}`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `Could not reach PostgreSQL at ${location}: the host name does not resolve. ${fixUrl}`;
    case 'ETIMEDOUT':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `Could not reach PostgreSQL at ${location}: the host does not answer (${code}); check the network and any firewall. ${fixUrl}`;
    case '28P01':
    case '28000':
      return `PostgreSQL at ${location} refused the sign-in (${e?.message ?? code}). Check the user and password in DATABASE_URL.`;
    case '3D000':
      return `PostgreSQL at ${location} has no such database (${e?.message ?? code}). Create it (createdb), or name an existing one in DATABASE_URL.`;
    default:
      return null;
  }
}

/** Raised at start when the database cannot be reached: its message says what and how to fix it; no stack is shown. */
export class StartupError extends Error {}
