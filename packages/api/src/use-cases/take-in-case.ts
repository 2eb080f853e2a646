import { DomainError, type Principal } from '@gongzhi/domain';
import type { IntakeInput } from '@gongzhi/db';
import { intakeDepsOf, type Services } from '../context.ts';
import { intakeQueueFor } from '../intake-queue.ts';
import { actorOf } from './access.ts';

type Request = Omit<IntakeInput, 'lon' | 'lat'> & { lon?: number | undefined; lat?: number | undefined };

/**
 * A complaint taken by an operator: placed by its coordinates, or else by the district its address
 * names (coarse: not used to link repeats), then through the common intake. The reporter's code
 * is in the answer once, to be read out with the case number.
 */
export async function takeInCase(services: Services, principal: Principal, request: Request) {
  const { lon, lat, ...rest } = request;
  let where: { lon: number; lat: number; approximate?: boolean };
  if (lon !== undefined && lat !== undefined) where = { lon, lat };
  else if (request.address) {
    const placed = services.alliance.placeAddress(request.address);
    if (!placed) throw new DomainError('INVALID', 'ADDRESS_UNPLACED', `"${request.address}" names no district of the alliance`, { address: request.address });
    where = { lon: placed.lon, lat: placed.lat, approximate: true };
  } else throw new DomainError('INVALID', 'LOCATION_REQUIRED', 'Give coordinates or an address', {});
  const result = await intakeQueueFor(intakeDepsOf(services)).submit({ ...rest, ...where }, actorOf(principal));
  return {
    caseId: result.caseId,
    number: result.number,
    route: result.route,
    repeatOf: result.repeatOf,
    suggestions: result.suggestions,
    publicCode: result.publicCode,
  };
}
