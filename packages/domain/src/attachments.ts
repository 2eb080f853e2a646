import { distanceMetres } from '@gongzhi/geo/polygon';

/** Which step of the work a file documents. */
export const ATTACHMENT_STEPS = ['evidence', 'before', 'after', 'part-report', 'exhibit', 'data-answer'] as const;
export type AttachmentStep = (typeof ATTACHMENT_STEPS)[number];

/**
 * The steps whose photos show the case's place: the public may see them once it is closed, and their
 * place is checked against the case's. A joint action's part report, a dispute's exhibit or another
 * department's answer to a data request (a licence scan, say) is internal.
 */
export const PLACE_STEPS: readonly AttachmentStep[] = ['evidence', 'before', 'after'];

/** A photo's EXIF place within this distance of the case counts as taken there (phone GPS in a street). */
export const PHOTO_PLACE_METRES = 200;

export interface PhotoFacts {
  step: AttachmentStep;
  takenAt: string | null;
  lon: number | null;
  lat: number | null;
}

/**
 * What the before/after photos of a case say, for the people checking the closure: was each photo
 * taken at the case's place (its EXIF GPS within 200 m), and was the "after" taken after the
 * "before". Unknown (null) when a photo carries no time or place.
 */
export function photoChecks(casePoint: { lon: number; lat: number }, photo: PhotoFacts, all: readonly PhotoFacts[]) {
  const metres = photo.lon === null || photo.lat === null ? null : Math.round(distanceMetres(casePoint, { lon: photo.lon, lat: photo.lat }));
  const befores = all.filter((p) => p.step === 'before' && p.takenAt !== null).map((p) => Date.parse(p.takenAt ?? ''));
  const afterBefore = photo.step !== 'after' || photo.takenAt === null || befores.length === 0 ? null : Date.parse(photo.takenAt) > Math.max(...befores);
  return { metres, atPlace: metres === null ? null : metres <= PHOTO_PLACE_METRES, afterBefore };
}

/**
 * "I am here": how far the officer's device says they are from the case's place, by the same 200 m
 * rule as the photos. `accuracy` is the device's own radius of uncertainty in metres: a fix too
 * coarse to tell (its radius alone past the rule) is not judged.
 */
export function hereCheck(casePoint: { lon: number; lat: number }, here: { lon: number; lat: number; accuracy: number }) {
  const metres = Math.round(distanceMetres(casePoint, here));
  const judged = here.accuracy <= PHOTO_PLACE_METRES;
  return { metres, accuracy: Math.round(here.accuracy), atPlace: judged ? metres <= PHOTO_PLACE_METRES : null };
}
