import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migratedPgliteDir } from '@gongzhi/db/testing';

// The executable itself, each command a process of its own (cli.test.ts runs the commands in-process).
// A file of its own: its processes and the in-process commands' embedded databases take minutes
// each on a busy machine, and two files run side by side.
const BIN = fileURLToPath(new URL('../bin/gongzhi.mjs', import.meta.url));

describe('the gongzhi executable on the embedded database', () => {
  it('is one executable that answers a route at once and runs the commands that open the platform: the bundle, built when missing or older than the sources', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-cli-'));
    try {
      const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
      const route = spawnSync(process.execPath, [BIN, 'route', '--matter', 'FAC-01', '--lon', '104.0815', '--lat', '30.6555'], { env, encoding: 'utf8' });
      expect(route.stderr).toBe('');
      expect(JSON.parse(route.stdout)).toMatchObject({ county: { name: { zh: '锦江区' } }, lead: { id: '510100:urban' } });
      const bad = spawnSync(process.execPath, [BIN, 'route', '--matter', 'FAC-01', '--lon', 'east'], { env, encoding: 'utf8' });
      expect(bad.status).toBe(2);
      expect(bad.stderr).toMatch(/^INVALID: .*--lon must be a number/);
      // A command that opens the whole platform loads the image library too: it must stay outside the bundle.
      const key = spawnSync(process.execPath, [BIN, 'open311-key', '--name', 'bundled'], { env, encoding: 'utf8' });
      expect(key.stderr).not.toMatch(/sharp|Cannot find package/);
      expect(key.status).toBe(0);
      expect(key.stdout).toMatch(/api_key for "bundled"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('creates the first administrator with the password from stdin (never an argument), refusing a weak one and a bad city', async () => {
    // a migrated database, as the first command leaves it (the test above makes one)
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-cli-'));
    await migratedPgliteDir(dir);
    try {
      const env = { ...process.env, DATA_DIR: dir, DATABASE_URL: '' };
      const admin = (input: string, ...args: string[]) => spawnSync(process.execPath, [BIN, 'admin', 'create', ...args], { env, encoding: 'utf8', input });
      const weak = admin('password123\n', '--username', 'root-admin', '--password-stdin');
      expect(weak.status).toBe(2);
      expect(weak.stderr).toMatch(/^INVALID: This password is too common/);
      const noTerminal = admin('', '--username', 'root-admin');
      expect(noTerminal.status).toBe(2);
      expect(noTerminal.stderr).toMatch(/--password-stdin/);
      const badCity = admin('Tianfu-square-42\n', '--username', 'xx-admin', '--city', '110000', '--password-stdin');
      expect(badCity.status).toBe(2);
      const ok = admin('Tianfu-square-42\n', '--username', 'Root-Admin', '--password-stdin');
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/administrator "root-admin" created \(the alliance\)/);
      const city = admin('Jinjiang-river-2026\n', '--username', 'cd-it', '--city', '510100', '--name', '成都信息中心', '--password-stdin');
      expect(city.stdout).toMatch(/administrator "cd-it" created \(city 510100\)/);
      const again = admin('Tianfu-square-42\n', '--username', 'root-admin', '--password-stdin');
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/CONFLICT: The username root-admin is taken/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
