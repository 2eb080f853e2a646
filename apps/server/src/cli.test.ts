import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { openDatabase } from '@gongzhi/db';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const run = (dataDir: string, ...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' }, encoding: 'utf8' });

describe('gongzhi CLI on the embedded database', () => {
  it('routes a point, refuses one outside the alliance, and verifies the audit log until a row is tampered with', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gongzhi-cli-'));
    try {
      const route = run(dir, 'route', '--matter', 'FAC-01', '--lon', '104.0815', '--lat', '30.6555');
      expect(route.status).toBe(0);
      expect(JSON.parse(route.stdout)).toMatchObject({ matrixVersion: 1, county: { name: { zh: '锦江区' } }, lead: { id: '510100:urban' } });

      const outside = run(dir, 'route', '--matter', 'FAC-01', '--lon', '116.4', '--lat', '39.9');
      expect(outside.status).toBe(2);
      expect(outside.stderr).toMatch(/^INVALID: .*outside Chengdu, Deyang, Meishan and Ziyang/);

      expect(run(dir, 'seed', '--demo').stdout).toMatch(/20 demo accounts and 300 demo cases created/);
      const intact = run(dir, 'verify-audit');
      expect(intact.status).toBe(0);
      expect(intact.stdout).toMatch(/audit log intact: \d+ entries in 30\d chains/);

      const handle = await openDatabase({ dataDir: dir });
      const { rows } = (await handle.db.execute(
        sql.raw(`update audit_log set payload = '{"note":"改过的"}' where id = (select id from audit_log where action = 'case.RESOLVE' order by id limit 1) returning id, chain, seq`),
      )) as unknown as { rows: Array<{ id: number; chain: string; seq: number }> };
      await handle.close();
      const broken = run(dir, 'verify-audit');
      expect(broken.status).toBe(1);
      expect(broken.stdout).toContain(`chain ${rows[0]!.chain}: first broken entry id ${rows[0]!.id} (seq ${rows[0]!.seq}): hash-mismatch`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
