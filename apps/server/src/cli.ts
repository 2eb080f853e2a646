import { DomainError } from '@gongzhi/domain';
import { USAGE } from './commands/usage.ts';

// Each command imports only what it uses when it runs: `route` never loads the classifier or the
// spreadsheet reader, `suggest` never opens the database.
const COMMANDS: Record<string, () => Promise<{ run: (args: string[]) => Promise<number> }>> = {
  route: () => import('./commands/route.ts'),
  migrate: () => import('./commands/migrate.ts'),
  seed: () => import('./commands/seed.ts'),
  'verify-audit': () => import('./commands/verify-audit.ts'),
  audit: () => import('./commands/audit.ts'),
  import: () => import('./commands/import.ts'),
  'import-history': () => import('./commands/import-history.ts'),
  register: () => import('./commands/register.ts'),
  report: () => import('./commands/report.ts'),
  'what-if': () => import('./commands/what-if.ts'),
  suggest: () => import('./commands/suggest.ts'),
  'open311-key': () => import('./commands/open311-key.ts'),
  classifier: () => import('./commands/classifier.ts'),
  admin: () => import('./commands/admin.ts'),
  users: () => import('./commands/users.ts'),
  backup: () => import('./commands/backup.ts'),
  restore: () => import('./commands/restore.ts'),
};

/** Runs one command; errors become a message on stderr and the exit code (2 for bad input). */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    console.error(`Unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  try {
    const { run } = await load();
    return await run(rest);
  } catch (e) {
    if (e instanceof DomainError) {
      console.error(`${e.code}: ${e.message}`);
      return e.code === 'INVALID' ? 2 : 1;
    }
    console.error(e instanceof Error ? e.message : e);
    return 1;
  }
}
