import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { DEMO_USERS, insertMatrixVersion, loadMatrix, openDatabase } from '@gongzhi/db';
import { migratedPgliteDir } from '@gongzhi/db/testing';
import { loadAlliance } from '@gongzhi/geo';
import { generateExport, writeCsv } from './import/generate-orders.ts';

import { main } from './cli.ts';

/**
 * A data directory holding a migrated database, as a first command leaves it: creating one (initdb and
 * every migration, seconds of CPU each time) is proven by the executable's tests (cli-bin.test.ts).
 */
async function dataDir(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'gongzhi-cli-'));
  await migratedPgliteDir(dir);
  return dir;
}

/** One command run in this process (as the executable does), its output captured. */
async function run(dataDir: string, ...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = { DATA_DIR: process.env.DATA_DIR, DATABASE_URL: process.env.DATABASE_URL };
  Object.assign(process.env, { DATA_DIR: dataDir, DATABASE_URL: '' });
  let stdout = '';
  let stderr = '';
  const text = (parts: unknown[]) => `${parts.map(String).join(' ')}\n`;
  const log = vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void (stdout += text(parts)));
  const error = vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => void (stderr += text(parts)));
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { status: await main(args), stdout, stderr };
  } finally {
    log.mockRestore();
    error.mockRestore();
    write.mockRestore();
    for (const [key, value] of Object.entries(env)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

describe('gongzhi CLI on the embedded database', () => {
  it('answers a route from the matrix kept beside the data directory until something writes to the database: then from the database, amendment included', async () => {
    const dir = await dataDir();
    const args = ['route', '--matter', 'FAC-01', '--lon', '104.0815', '--lat', '30.6555'];
    try {
      expect(JSON.parse((await run(dir, ...args)).stdout)).toMatchObject({ matrixVersion: 1, lead: { id: '510100:urban' } });
      // The kept file is what the next route reads: marked here, the mark comes back.
      const file = join(dir, 'route-matrix.json');
      const kept = JSON.parse(readFileSync(file, 'utf8')) as { matrix: { version: number } };
      writeFileSync(file, JSON.stringify({ ...kept, matrix: { ...kept.matrix, version: 99 } }));
      expect(JSON.parse((await run(dir, ...args)).stdout)).toMatchObject({ matrixVersion: 99 });
      // Another process amends the matrix in the database: the kept file no longer holds.
      const handle = await openDatabase({ dataDir: dir });
      const latest = await loadMatrix(handle.db);
      await insertMatrixVersion(handle.db, {
        version: 2,
        basedOn: 1,
        createdBy: 'test',
        reason: 'FAC-01 led by the subdistrict',
        at: new Date(),
        matters: latest.matters.map((m) => (m.code === 'FAC-01' ? { ...m, lead: 'subdistrict', supports: m.supports.filter((d) => d !== 'subdistrict') } : m)),
      });
      await handle.close();
      expect(JSON.parse((await run(dir, ...args)).stdout)).toMatchObject({ matrixVersion: 2, lead: { id: expect.stringMatching(/:subdistrict$/) } });
      expect(JSON.parse((await run(dir, ...args)).stdout)).toMatchObject({ matrixVersion: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('routes a point, refuses one outside the alliance, and verifies the audit log until a row is tampered with', async () => {
    const dir = await dataDir();
    try {
      const route = await run(dir, 'route', '--matter', 'FAC-01', '--lon', '104.0815', '--lat', '30.6555');
      expect(route.status).toBe(0);
      expect(JSON.parse(route.stdout)).toMatchObject({ matrixVersion: 1, county: { name: { zh: '锦江区' } }, lead: { id: '510100:urban' } });

      const outside = await run(dir, 'route', '--matter', 'FAC-01', '--lon', '116.4', '--lat', '39.9');
      expect(outside.status).toBe(2);
      expect(outside.stderr).toMatch(/^INVALID: .*outside Chengdu, Deyang, Meishan and Ziyang/);

      expect((await run(dir, 'seed', '--cases', '30')).status).toBe(2);
      expect((await run(dir, 'seed', '--demo', '--cases', '30')).stdout).toContain(`${DEMO_USERS.length} demo accounts and 30 demo cases created`);
      const intact = await run(dir, 'verify-audit');
      expect(intact.status).toBe(0);
      expect(intact.stdout).toMatch(/audit log intact: \d+ entries in 3\d chains/);
      const signed = await run(dir, 'audit', 'checkpoint');
      expect(signed.stdout).toMatch(/^audit checkpoint \d+ signed at .*: 3\d chains, key [0-9a-f]{16}/);
      expect((await run(dir, 'verify-audit')).stdout).toContain('checked against the signed checkpoint');

      const handle = await openDatabase({ dataDir: dir });
      const { rows } = (await handle.db.execute(
        sql.raw(
          `update audit_log set payload = '{"note":"改过的"}' where id = (select id from audit_log where action = 'case.RESOLVE' order by id limit 1) returning id, chain, seq`,
        ),
      )) as unknown as { rows: Array<{ id: number; chain: string; seq: number }> };
      // A whole chain deleted passes the chains' own check; the signed checkpoint names it.
      const { rows: gone } = (await handle.db.execute(
        sql.raw(`delete from audit_log where chain = (select min(chain) from audit_log where chain <> '${rows[0]!.chain}') returning chain`),
      )) as unknown as { rows: Array<{ chain: string }> };
      await handle.close();
      const broken = await run(dir, 'verify-audit');
      expect(broken.stdout).toContain(`chain ${gone[0]!.chain}: gone (seq `);
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`chain ${rows[0]!.chain}: first broken entry id ${rows[0]!.id} (seq ${rows[0]!.seq}): hash-mismatch`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('imports a 12345 export with a progress bar and a rejects file, idempotently; suggests matters; issues Open311 keys', async () => {
    const dir = await dataDir();
    try {
      const file = join(dir, '12345-export.csv');
      writeCsv(file, generateExport(loadAlliance(), 100));
      const first = await run(dir, 'import', file, '--batch', '40');
      expect(first.status).toBe(0);
      expect(first.stdout).toMatch(/^read 100 rows: imported 98 .*rejected 2 \(0 already imported\) → .*12345-export\.csv\.rejects\.csv; \d+ rows\/s/);
      expect(first.stderr).toContain('100%');
      const again = await run(dir, 'import', file);
      expect(again.stdout).toMatch(/^read 100 rows: imported 0 .*rejected 100 \(98 already imported\)/);
      expect((await run(dir, 'import', join(dir, 'missing.xls'))).status).not.toBe(0);
      expect((await run(dir, 'import', file, '--city', '110100')).status).toBe(2);

      const suggested = await run(dir, 'suggest', '夜里', '路边烧烤摊烟熏得', '窗户都不敢开');
      expect(suggested.status).toBe(0);
      const {
        suggestions: top,
        explanation,
        threshold,
      } = JSON.parse(suggested.stdout) as {
        suggestions: Array<{ matterCode: string; confidence: number }>;
        explanation: { terms: string[] };
        threshold: number;
      };
      expect(top).toHaveLength(3);
      expect(top[0]!.matterCode).toBe('FUM-02');
      expect(explanation.terms.some((t) => t.includes('烧烤'))).toBe(true);
      expect(threshold).toBeGreaterThan(0.5);
      expect((await run(dir, 'suggest')).status).toBe(2);

      const key = await run(dir, 'open311-key', '--name', '市民随手拍');
      expect(key.status).toBe(0);
      expect(key.stdout).toMatch(/api_key for "市民随手拍", 60 requests a minute \(shown once; only its hash is stored\):\no311_[\w-]{32}/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
