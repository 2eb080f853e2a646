import { z } from 'zod';
import { DEPARTMENT_CODES, DOMAIN_CODES, TIERS } from '@gongzhi/domain';

export const LoginInput = z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(256) });

export const MatterCode = z.string().trim().min(1).max(32);
export const VersionInput = z.object({ version: z.number().int().positive().optional() });
export const MatterInput = z.object({ code: MatterCode, version: z.number().int().positive().optional() });

export const RoutePreviewInput = z.object({
  matter: MatterCode,
  lon: z.number(),
  lat: z.number(),
  crs: z.enum(['wgs84', 'gcj02']).default('wgs84'),
  reportedIn: z.string().regex(/^\d{6}$/).optional(),
});

const Department = z.enum(DEPARTMENT_CODES);
export const AmendMatrixInput = z.object({
  basedOn: z.number().int().positive(),
  reason: z.string().trim().min(4).max(2000),
  matter: z.object({
    code: z.string().regex(/^[A-Z]{3}-\d{2}$/),
    domain: z.enum(DOMAIN_CODES),
    name: z.object({ zh: z.string().trim().min(2).max(100), en: z.string().trim().min(2).max(200) }),
    lead: Department,
    supports: z.array(Department).max(11),
    tier: z.enum(TIERS),
    legalBasis: z.string().trim().min(2).max(1000),
    keywords: z.array(z.string().trim().min(1).max(20)).max(50),
    joint: z.boolean(),
  }),
});
