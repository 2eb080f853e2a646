import { describe, expect, it } from 'vitest';
import { photoChecks, type PhotoFacts } from './attachments.ts';

const place = { lon: 104.0657, lat: 30.6574 };
const before: PhotoFacts = { step: 'before', takenAt: '2026-11-20T01:15:00Z', lon: 104.0657, lat: 30.6574 };

describe('what before/after photos say', () => {
  it('an after photo at the place, later than the before: both checks pass', () => {
    const after: PhotoFacts = { step: 'after', takenAt: '2026-11-20T07:40:00Z', lon: 104.0658, lat: 30.6575 };
    expect(photoChecks(place, after, [before, after])).toEqual({ metres: 15, atPlace: true, afterBefore: true });
  });

  it('flags an after photo taken elsewhere or earlier than the before', () => {
    const early: PhotoFacts = { step: 'after', takenAt: '2026-11-19T07:40:00Z', lon: 104.0957, lat: 30.6674 };
    expect(photoChecks(place, early, [before, early])).toMatchObject({ atPlace: false, afterBefore: false });
  });

  it('says nothing it does not know: no GPS, no time, no before photo', () => {
    const bare: PhotoFacts = { step: 'after', takenAt: null, lon: null, lat: null };
    expect(photoChecks(place, bare, [bare])).toEqual({ metres: null, atPlace: null, afterBefore: null });
    expect(photoChecks(place, before, [before])).toMatchObject({ afterBefore: null });
  });
});
