/**
 * Bulk onboarding of 2,000 people (#12 item 3): preview, apply, and the re-import that changes
 * nothing, on PostgreSQL (scratch database) or PGlite (BENCH_PGLITE=1). Applying is dominated by
 * hashing each new person's temporary password with argon2id (m=19456, t=2, p=1): @node-rs/argon2
 * hashes on libuv's thread pool, and the import keeps 8 hashes in flight, so the hashing runs on
 * every core the pool has (UV_THREADPOOL_SIZE, 4 by default). The serial figure beside it is one
 * hash at a time, measured in the same run on 50 passwords.
 *
 *   pnpm --filter @gongzhi/bench bench:people      (BENCH_PEOPLE, BENCH_PGLITE)
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword } from '@gongzhi/auth';
import { openDatabase, seedReference } from '@gongzhi/db';
import { DEPARTMENT_CODES, systemClock } from '@gongzhi/domain';
import { loadAlliance } from '@gongzhi/geo';
import { OPERATOR } from '@gongzhi/api/use-cases/administrator';
import { importPeopleFile } from '@gongzhi/server/import';
import { scratchDatabase } from './lib.ts';

const PEOPLE = Number(process.env.BENCH_PEOPLE ?? 2_000);
const CITIES = ['成都', '德阳', '眉山', '资阳'];
const dir = mkdtempSync(join(tmpdir(), 'gongzhi-people-bench-'));
const file = join(dir, 'people.csv');
const lines = ['用户名,姓名,手机,城市,部门,角色'];
for (let i = 0; i < PEOPLE; i++) {
  const role = i % 10 === 0 ? '科室负责人' : '联络员';
  lines.push(`p${String(i).padStart(5, '0')},人员${i},138${String(i).padStart(8, '0')},${CITIES[i % 4]},${DEPARTMENT_CODES[i % 12]},${role}`);
}
writeFileSync(file, `${lines.join('\n')}\n`);

const pglite = process.env.BENCH_PGLITE === '1';
const scratch = pglite ? null : await scratchDatabase();
const handle = await openDatabase(pglite ? { dataDir: join(dir, 'data') } : { url: scratch!.url });
const seconds = async <T>(run: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await run();
  return [out, (performance.now() - t0) / 1000];
};
try {
  await handle.migrate();
  await seedReference(handle.db, loadAlliance(), systemClock.now());
  const ctx = { db: handle.db, clock: systemClock, administrator: OPERATOR };
  const [, serial] = await seconds(async () => {
    for (let i = 0; i < 50; i++) await hashPassword(`serial-${i}-password`);
  });
  const [preview, previewS] = await seconds(() => importPeopleFile({ path: file, ctx, apply: false, source: 'bench' }));
  const [applied, applyS] = await seconds(() => importPeopleFile({ path: file, ctx, apply: true, source: 'bench' }));
  const [again, againS] = await seconds(() => importPeopleFile({ path: file, ctx, apply: true, source: 'bench' }));
  const [hashing, hashS] = await seconds(() => Promise.all(Array.from({ length: 200 }, (_, i) => hashPassword(`parallel-${i}-password`))));
  console.log(
    `database: ${pglite ? 'PGlite' : 'PostgreSQL'}; ${availableParallelism()} cores, UV_THREADPOOL_SIZE ${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}`,
  );
  console.log(
    `argon2id one at a time: ${((serial / 50) * 1000).toFixed(0)} ms a hash; 200 in flight: ${((hashS / hashing.length) * 1000).toFixed(0)} ms a hash`,
  );
  console.log(`preview of ${PEOPLE} people: ${previewS.toFixed(1)} s (${JSON.stringify(preview.counts)})`);
  console.log(
    `apply: ${applyS.toFixed(1)} s (${JSON.stringify(applied.counts)}); serial hashing alone would take ${((serial / 50) * applied.counts.created).toFixed(0)} s`,
  );
  console.log(`re-import: ${againS.toFixed(1)} s (${JSON.stringify(again.counts)})`);
} finally {
  await handle.close();
  await scratch?.drop();
  rmSync(dir, { recursive: true, force: true });
}
