import { parseArgs } from 'node:util';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import { requireStrongPassword } from '@gongzhi/auth';
import { validMemberships, validUsername } from '@gongzhi/domain';
import { createUser } from '@gongzhi/api/use-cases/create-user';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { usageError } from './usage.ts';

/** Reads all of stdin (`--password-stdin`): the password is its first line. */
async function passwordFromStdin(): Promise<string> {
  let text = '';
  for await (const chunk of process.stdin) text += String(chunk);
  return text.split(/\r?\n/)[0] ?? '';
}

/** Asks on the terminal without echoing what is typed. */
async function askHidden(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) process.stderr.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve) => {
      rl.question(question, (answer) => resolve(answer));
      muted = true;
    });
  } finally {
    muted = false;
    rl.close();
    process.stderr.write('\n');
  }
}

/**
 * `gongzhi admin create --username NAME [--city ADCODE] [--name "DISPLAY NAME"] [--password-stdin]`:
 * an administrator of the city, or of the alliance without --city. The password is typed twice at a
 * prompt (never on the command line, so never in the shell history) or read from stdin.
 */
export async function run(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'create') return usageError('admin: the only subcommand is "create"');
  const { values } = parseArgs({
    args: rest,
    options: { username: { type: 'string' }, city: { type: 'string' }, name: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
    strict: true,
  });
  if (!values.username) return usageError('--username is required');
  let password: string;
  if (values['password-stdin']) password = await passwordFromStdin();
  else {
    if (!process.stdin.isTTY) return usageError('no terminal to ask for the password on: pipe it with --password-stdin');
    password = await askHidden('Password: ');
    const again = await askHidden('Password again: ');
    if (password !== again) return usageError('the two passwords differ');
  }
  const memberships = [{ role: 'admin', cityAdcode: values.city ?? null, departmentCode: null }];
  // What can be refused without the database is refused before opening it (createUser checks again).
  validMemberships(memberships);
  requireStrongPassword(password, validUsername(values.username));
  const platform = await openPlatform(readEnv());
  try {
    await seedPlatform(platform, { demo: false });
    const created = await createUser({
      ctx: { ...platform.services, administrator: OPERATOR },
      input: {
        username: values.username,
        displayName: values.name?.trim() || (values.city ? `管理员 ${values.city}` : '联盟系统管理员'),
        memberships,
        password,
      },
    });
    console.log(`administrator "${created.username}" created (${values.city ? `city ${values.city}` : 'the alliance'}); sign in at /login`);
    return 0;
  } finally {
    await platform.close();
  }
}
