import { DomainError, type Principal } from '@gongzhi/domain';
import { intakeContextOf, intakeQueueFor } from '../intake-queue.ts';
import { actorOf } from './access.ts';
import type { IntakeContext, IntakeInput } from './intake-cases.ts';

type Request = Omit<IntakeInput, 'lon' | 'lat'> & { lon?: number | undefined; lat?: number | undefined };

/**
 * A complaint taken by an operator: placed by its coordinates, or else by the district its address
 * names (coarse: not used to link repeats), then through the common intake. The reporter's code
 * is in the answer once, to be read out with the case number.
 */
export async function takeInCase({ ctx, input }: { ctx: IntakeContext & { principal: Principal }; input: Request }) {
  const { lon, lat, ...rest } = input;
  let where: { lon: number; lat: number; approximate?: boolean };
  if (lon !== undefined && lat !== undefined) where = { lon, lat };
  else if (input.address) {
    const placed = ctx.alliance.placeAddress(input.address);
    if (!placed) throw new DomainError('INVALID', 'ADDRESS_UNPLACED', `"${input.address}" names no district of the alliance`, { address: input.address });
    where = { lon: placed.lon, lat: placed.lat, approximate: true };
  } else throw new DomainError('INVALID', 'LOCATION_REQUIRED', 'Give coordinates or an address', {});
  const result = await intakeQueueFor(ctx).submit({ ...rest, ...where }, actorOf(ctx.principal), intakeContextOf(ctx));
  return {
    caseId: result.caseId,
    number: result.number,
    route: result.route,
    repeatOf: result.repeatOf,
    suggestions: result.suggestions,
    publicCode: result.publicCode,
  };
}
