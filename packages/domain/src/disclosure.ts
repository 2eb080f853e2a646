/** Grid step of a published position, in degrees: 0.001° is about 111 m north–south and 96 m east–west in the alliance (30–31° N). */
export const PUBLIC_GRID_DEGREES = 0.001;

/**
 * Where a case may be shown to anyone (Open311 GET requests): the centre of the 0.001° cell the
 * point lies in, so the published position is within about 75 m of the real one and never names a
 * doorway. Every point of a cell publishes the same position.
 */
export function publicPosition(lon: number, lat: number): { lon: number; lat: number } {
  const snap = (v: number) => Number(((Math.floor(v / PUBLIC_GRID_DEGREES) + 0.5) * PUBLIC_GRID_DEGREES).toFixed(4));
  return { lon: snap(lon), lat: snap(lat) };
}
