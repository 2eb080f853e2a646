import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DomainError } from '@gongzhi/domain';
import { previewRoute } from '@gongzhi/api/use-cases';
import { verifyAudit } from '@gongzhi/db';
import { issueApiKey } from '@gongzhi/api/use-cases';
import { defaultClassifier } from '@gongzhi/nlp';
import { MATRIX_V1_MATTERS } from '@gongzhi/domain';
import { importOrders, progressBar } from './import/hotline-import.ts';
import { readEnv } from './env.ts';
import { openPlatform, seedPlatform, type Platform } from './platform.ts';

const USAGE = `gongzhi — command line of the Gongzhi platform

  gongzhi route --matter CODE --lon X --lat Y [--crs wgs84|gcj02] [--reported-in ADCODE]
        route a case under the latest responsibility matrix and print the result as JSON
  gongzhi migrate
        apply the database migrations in migrations/
  gongzhi seed [--demo]
        migrate, then seed the reference data (cities, units, matrix v1); --demo adds the demo accounts
        and a few hundred demo cases
  gongzhi verify-audit
        check every hash chain of the audit log; names the first broken entry of each broken chain
        (exit code 1 when one is broken)
  gongzhi import FILE [--city ADCODE] [--rejects PATH] [--batch N]
        import a 12345 work-order export (.csv or .xlsx: order number, time, description, address or
        lon/lat, category if given); idempotent by order number; every row not taken is written with
        its reason to the rejects file (default FILE.rejects.csv); --city is the hotline's city (510100)
  gongzhi suggest "TEXT"
        the three likeliest matters of a complaint, with confidence, as JSON
  gongzhi open311-key --name NAME
        issue an Open311 api_key for a civic-reporting client (shown once, stored hashed)

The database is PostgreSQL when DATABASE_URL is set, otherwise the embedded one in DATA_DIR (./data).`;

const RouteArgs = z.object({
  matter: z.string({ error: '--matter is required' }).min(1),
  lon: z.coerce.number({ error: '--lon must be a number' }),
  lat: z.coerce.number({ error: '--lat must be a number' }),
  crs: z.enum(['wgs84', 'gcj02'], { error: '--crs must be wgs84 or gcj02' }).default('wgs84'),
  'reported-in': z
    .string()
    .regex(/^\d{6}$/, '--reported-in must be a 6-digit city code')
    .optional(),
});

const ImportArgs = z.object({
  file: z.string({ error: 'give the file to import' }).min(1),
  city: z.string().regex(/^(510100|510600|511400|512000)$/, '--city must be 510100, 510600, 511400 or 512000'),
  batch: z.coerce.number().int().min(1).max(5000),
});

async function withPlatform<T>(run: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(readEnv());
  try {
    return await run(platform);
  } finally {
    await platform.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command ? 0 : 2;
  }
  switch (command) {
    case 'route': {
      const { values } = parseArgs({
        args: rest,
        options: { matter: { type: 'string' }, lon: { type: 'string' }, lat: { type: 'string' }, crs: { type: 'string' }, 'reported-in': { type: 'string' } },
        strict: true,
      });
      const parsed = RouteArgs.safeParse(values);
      if (!parsed.success) {
        console.error(`INVALID: ${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`);
        return 2;
      }
      const a = parsed.data;
      const route = await withPlatform(async (platform) => {
        await seedPlatform(platform, { demo: false });
        return previewRoute({
          ctx: platform.services,
          input: { matter: a.matter, lon: a.lon, lat: a.lat, crs: a.crs, reportedIn: a['reported-in'] },
        });
      });
      console.log(JSON.stringify(route, null, 2));
      return 0;
    }
    case 'migrate':
      await withPlatform(async (p) => console.log(`migrated ${p.handle.kind} database at ${p.handle.location}`));
      return 0;
    case 'seed': {
      const { values } = parseArgs({ args: rest, options: { demo: { type: 'boolean', default: false } }, strict: true });
      const { demoUsersCreated, demoCasesCreated } = await withPlatform((p) => seedPlatform(p, { demo: values.demo }));
      console.log(`reference data seeded${values.demo ? `; ${demoUsersCreated.length} demo accounts and ${demoCasesCreated} demo cases created` : ''}`);
      return 0;
    }
    case 'verify-audit': {
      const report = await withPlatform((p) => verifyAudit(p.services.db));
      if (report.broken.length === 0) {
        console.log(`audit log intact: ${report.entries} entries in ${report.chains} chains`);
        return 0;
      }
      console.log(`audit log BROKEN: ${report.broken.length} of ${report.chains} chains (${report.entries} entries read)`);
      for (const b of report.broken) console.log(`  chain ${b.chain}: first broken entry id ${b.id} (seq ${b.seq}): ${b.problem}`);
      return 1;
    }
    case 'import': {
      const { values, positionals } = parseArgs({
        args: rest,
        options: { city: { type: 'string', default: '510100' }, rejects: { type: 'string' }, batch: { type: 'string', default: '500' } },
        allowPositionals: true,
        strict: true,
      });
      const parsed = ImportArgs.safeParse({ file: positionals[0], city: values.city, batch: values.batch });
      if (!parsed.success) {
        console.error(`INVALID: ${parsed.error.issues.map((i) => i.message).join('; ')}\n\n${USAGE}`);
        return 2;
      }
      const { file, city, batch } = parsed.data;
      const report = await withPlatform(async (platform) => {
        await seedPlatform(platform, { demo: false });
        return importOrders({
          file,
          deps: platform.services,
          reportedIn: city,
          rejectsPath: values.rejects ?? `${file}.rejects.csv`,
          batchSize: batch,
          onProgress: progressBar(),
        });
      });
      process.stderr.write('\n');
      console.log(
        `read ${report.read} rows: imported ${report.imported} ` +
          `(${report.classified} matched by the classifier, ${report.triaged} left to triage, ${report.repeats} repeats), ` +
          `rejected ${report.rejected} (${report.alreadyImported} already imported) → ${report.rejectsFile}; ` +
          `${Math.round(report.read / report.seconds)} rows/s`,
      );
      return 0;
    }
    case 'suggest': {
      const text = rest.join(' ').trim();
      if (!text) {
        console.error(`INVALID: give the complaint text\n\n${USAGE}`);
        return 2;
      }
      const matters = MATRIX_V1_MATTERS;
      const suggestions = defaultClassifier(matters).suggest(text, 3);
      console.log(
        JSON.stringify(
          suggestions.map((s) => ({ ...s, name: matters.find((m) => m.code === s.matterCode)?.name })),
          null,
          2,
        ),
      );
      return 0;
    }
    case 'open311-key': {
      const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } }, strict: true });
      const name = values.name?.trim();
      if (!name || name.length < 2) {
        console.error(`INVALID: --name is required\n\n${USAGE}`);
        return 2;
      }
      const issued = await withPlatform(async (p) => {
        await seedPlatform(p, { demo: false });
        return issueApiKey({ ctx: p.services, input: { name, by: 'cli' } });
      });
      console.log(`api_key for "${issued.name}" (shown once; only its hash is stored):\n${issued.apiKey}`);
      return 0;
    }
    default:
      console.error(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  if (e instanceof DomainError) {
    console.error(`${e.code}: ${e.message}`);
    process.exitCode = e.code === 'INVALID' ? 2 : 1;
  } else {
    console.error(e instanceof Error ? e.message : e);
    process.exitCode = 1;
  }
}
