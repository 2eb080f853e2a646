import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { compileBulletin } from '@gongzhi/api';
import { readEnv } from '../env.ts';
import { openPlatform, seedPlatform } from '../platform.ts';
import { bulletinHtml } from '../reports/bulletin-html.ts';
import { bulletinXlsx } from '../reports/bulletin-xlsx.ts';
import { usageError } from './usage.ts';

const Args = z.object({
  period: z.string({ error: 'give --period (2026-10, 2026-Q4, 2026-W44 or 2026)' }).min(4),
  city: z
    .string()
    .regex(/^\d{6}$/, { error: '--city is a city code such as 510100' })
    .optional(),
  format: z.enum(['xlsx', 'html', 'json'], { error: '--format must be xlsx, html or json' }),
  lang: z.enum(['zh', 'en'], { error: '--lang must be zh or en' }),
});

/**
 * `gongzhi report --period 2026-10 [--city 510100] --format xlsx|html|json [--out FILE] [--lang zh|en]`:
 * the bulletin of the period (周调度 for a week, 月通报 for a month, 季考核 for a quarter) for a city or the
 * whole alliance, as the operator running the command sees everything.
 */
export async function run(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      period: { type: 'string' },
      city: { type: 'string' },
      format: { type: 'string', default: 'xlsx' },
      out: { type: 'string' },
      lang: { type: 'string', default: 'zh' },
    },
    strict: true,
  });
  const parsed = Args.safeParse(values);
  if (!parsed.success) return usageError(parsed.error.issues.map((i) => i.message).join('; '));
  const { period, city, format, lang } = parsed.data;
  const started = performance.now();
  const platform = await openPlatform(readEnv());
  try {
    await seedPlatform(platform, { demo: false });
    const bulletin = await compileBulletin({ ctx: { ...platform.services, scope: { all: true } }, input: { period, city } });
    const out = values.out ?? `bulletin-${bulletin.period.label}-${bulletin.city ?? 'alliance'}.${format}`;
    const body = format === 'xlsx' ? await bulletinXlsx(bulletin, lang) : format === 'html' ? bulletinHtml(bulletin, lang) : JSON.stringify(bulletin, null, 2);
    writeFileSync(out, body);
    const intake = bulletin.summary.find((t) => t.code === 'intake')?.numerator ?? 0;
    console.log(
      `${bulletin.title[lang]} ${bulletin.area[lang]} ${bulletin.period.label}: ${intake} cases, ${bulletin.ranking.units.length} units ranked → ${out} ` +
        `(${Math.round(performance.now() - started)} ms)`,
    );
    return 0;
  } finally {
    await platform.close();
  }
}
