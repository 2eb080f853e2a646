import { describe, expect, it } from 'vitest';
import { homeFor } from './home.ts';

describe('homeFor', () => {
  it('starts leadership and coordinators at the command centre, others at their inbox, the public at the matrix', () => {
    expect(homeFor(['leadership'])).toBe('/dashboard');
    expect(homeFor(['coordinator'])).toBe('/dashboard');
    expect(homeFor(['liaison', 'coordinator'])).toBe('/dashboard');
    expect(homeFor(['liaison'])).toBe('/inbox');
    expect(homeFor(['supervisor'])).toBe('/inbox');
    expect(homeFor(['alliance'])).toBe('/inbox');
    expect(homeFor([])).toBe('/inbox');
    expect(homeFor(['admin'])).toBe('/admin');
    expect(homeFor(['admin', 'liaison'])).toBe('/inbox');
    expect(homeFor(null)).toBe('/matrix');
  });
});
