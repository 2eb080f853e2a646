import { describe, expect, it } from 'vitest';
import { homeFor } from './home.ts';

describe('homeFor', () => {
  it('starts whoever is signed in at their inbox, and the public at the matrix', () => {
    expect(homeFor(['liaison'])).toBe('/inbox');
    expect(homeFor(['leadership'])).toBe('/inbox');
    expect(homeFor([])).toBe('/inbox');
    expect(homeFor(null)).toBe('/matrix');
  });
});
