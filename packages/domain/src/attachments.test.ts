import { describe, expect, it } from 'vitest';
import { hereCheck, photoChecks, type PhotoFacts } from './attachments.ts';

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

describe('I am here', () => {
  const place = { lon: 104.0657, lat: 30.6574 };
  it('says how far the device is from the case, at the place within 200 m, and does not judge a fix coarser than that', () => {
    expect(hereCheck(place, { lon: 104.0657, lat: 30.6575, accuracy: 12 })).toEqual({ metres: 11, accuracy: 12, atPlace: true });
    expect(hereCheck(place, { lon: 104.0757, lat: 30.6574, accuracy: 20 })).toMatchObject({ atPlace: false });
    expect(hereCheck(place, { lon: 104.0657, lat: 30.6575, accuracy: 1500 })).toMatchObject({ metres: 11, atPlace: null });
  });
});
