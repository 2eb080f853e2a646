import { describe, expect, it } from 'vitest';
import { loadAlliance } from './alliance.ts';
import { toWgs84 } from './crs.ts';
import { metresPerDegree, polygonsContain, segmentDistanceMetres } from './polygon.ts';

const alliance = loadAlliance();
const where = (lon: number, lat: number) => {
  const l = alliance.locate(lon, lat);
  return l && [l.city.name.zh, l.county.name.zh];
};

describe('the alliance divisions', () => {
  it('has the four cities and their 35 county-level units, named in Chinese and English', () => {
    expect(alliance.cities.map((c) => c.adcode)).toEqual(['510100', '510600', '511400', '512000']);
    expect(alliance.counties).toHaveLength(35);
    expect(alliance.cities.map((c) => c.counties.length)).toEqual([20, 6, 6, 3]);
    for (const d of [...alliance.cities, ...alliance.counties]) {
      expect(d.name.zh).toMatch(/[市区县]$/);
      expect(d.name.en).toMatch(/^[A-Z][a-z]+/);
    }
  });
});

describe('locating a point', () => {
  it('finds the landmark of each city', () => {
    expect(where(104.0657, 30.6574)?.[0]).toBe('成都市'); // Tianfu Square
    expect(where(104.398, 31.127)?.[0]).toBe('德阳市');
    expect(where(103.848, 30.075)?.[0]).toBe('眉山市');
    expect(where(104.627, 30.129)?.[0]).toBe('资阳市');
  });

  it('finds the district inside Chengdu', () => {
    expect(where(104.0815, 30.6555)).toEqual(['成都市', '锦江区']); // Chunxi Road
    expect(where(103.647, 30.998)).toEqual(['成都市', '都江堰市']);
    expect(where(104.043, 30.642)).toEqual(['成都市', '武侯区']);
    expect(where(104.1, 30.67)).toEqual(['成都市', '成华区']);
    expect(where(103.92, 30.574)).toEqual(['成都市', '双流区']);
    expect(where(104.3, 30.7)).toEqual(['成都市', '龙泉驿区']);
    expect(where(104.41, 30.86)).toEqual(['成都市', '金堂县']);
  });

  it('finds counties of the other cities', () => {
    expect(where(104.28, 30.98)).toEqual(['德阳市', '广汉市']);
    expect(where(104.13, 29.99)).toEqual(['眉山市', '仁寿县']);
    expect(where(105.0, 30.0)).toEqual(['资阳市', '安岳县']);
  });

  it('puts points just either side of a city border in the right city', () => {
    // 300 m either side of where the meridian 104.2°E crosses the Chengdu–Deyang border
    expect(where(104.2, 30.9128)).toEqual(['成都市', '青白江区']);
    expect(where(104.2, 30.9182)).toEqual(['德阳市', '广汉市']);
    // the meridian 103.85°E across the Chengdu–Meishan border
    expect(where(103.85, 30.3509)).toEqual(['成都市', '新津区']);
    expect(where(103.85, 30.3454)).toEqual(['眉山市', '彭山区']);
    // Jianyang / Yanjiang, the Chengdu–Ziyang border
    expect(where(104.5979, 30.2313)).toEqual(['成都市', '简阳市']);
    expect(where(104.5994, 30.226)).toEqual(['资阳市', '雁江区']);
  });

  it('answers null outside the alliance', () => {
    expect(alliance.locate(116.4, 39.9)).toBeNull(); // Beijing
    expect(alliance.locate(104.74, 31.46)).toBeNull(); // Mianyang
    expect(alliance.locate(0, 0)).toBeNull();
  });

  it('agrees with a scan of every polygon', () => {
    for (let lon = 102.9; lon < 105.9; lon += 0.07) {
      for (let lat = 29.2; lat < 31.6; lat += 0.07) {
        expect(alliance.locate(lon, lat)?.county.adcode).toBe(alliance.locateByScan(lon, lat)?.county.adcode);
      }
    }
  });
});

describe('border zone', () => {
  it('lists the neighbouring city for a point within 2 km of its boundary', () => {
    const nearDeyang = alliance.citiesWithin(104.2, 30.9065, 2000, '510100');
    expect(nearDeyang.map((c) => c.adcode)).toEqual(['510600']);
    expect(nearDeyang[0]!.distanceMetres).toBeLessThan(2000);
    expect(alliance.citiesWithin(103.85, 30.3391, 2000, '511400').map((c) => c.name.zh)).toEqual(['成都市']);
  });

  it('does not list a city 4 km away', () => {
    expect(alliance.citiesWithin(104.2, 30.8793, 2000, '510100')).toEqual([]);
    expect(alliance.citiesWithin(103.85, 30.312, 2000, '511400')).toEqual([]);
    expect(alliance.citiesWithin(104.6087, 30.1936, 2000, '512000')).toEqual([]);
  });

  it('measures distance to the nearest edge, not to a vertex', () => {
    const [near] = alliance.citiesWithin(104.2, 30.9128, 2000, '510100');
    expect(near!.distanceMetres).toBeGreaterThan(150);
    expect(near!.distanceMetres).toBeLessThan(350);
  });
});

describe('the R-tree lookups agree with walking every edge', () => {
  // Points scattered within ~3 km of the city boundaries, where containment and distance are hardest.
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  const cities = alliance.boundaries('city');
  const vertices = cities.flatMap((c) => c.polygons.flatMap((p) => p.flatMap((ring) => ring)));
  const points = Array.from({ length: 3_000 }, () => {
    const v = vertices[Math.floor(random() * vertices.length)]!;
    return [v[0] + (random() - 0.5) * 0.06, v[1] + (random() - 0.5) * 0.06] as const;
  });

  it('places points near borders in the county a scan of every polygon finds', () => {
    for (const [lon, lat] of points) expect(alliance.locate(lon, lat)?.county.adcode).toBe(alliance.locateByScan(lon, lat)?.county.adcode);
  });

  it('finds the cities within 2 km, at the distance the nearest of all their edges is', () => {
    for (const [lon, lat] of points) {
      const home = alliance.locate(lon, lat)?.city.adcode;
      const scale = metresPerDegree(lat);
      const expected = cities
        .filter((c) => c.adcode !== home)
        .map((c) => {
          let best = Infinity;
          for (const polygon of c.polygons) {
            for (const ring of polygon) {
              for (let i = 0; i < ring.length; i++) best = Math.min(best, segmentDistanceMetres(lon, lat, ring[i]!, ring[(i + 1) % ring.length]!, scale));
            }
          }
          return { adcode: c.adcode, distanceMetres: Math.round(polygonsContain(c.polygons, lon, lat) ? 0 : best) };
        })
        .filter((c) => c.distanceMetres <= 2000)
        .sort((a, b) => a.distanceMetres - b.distanceMetres);
      const found = alliance.citiesWithin(lon, lat, 2000, home).map(({ adcode, distanceMetres }) => ({ adcode, distanceMetres }));
      expect(found).toEqual(expected);
    }
  });
});

describe('GCJ-02 input', () => {
  it('is converted to WGS84 (about 300–600 m around Chengdu)', () => {
    // Tianfu Square as AMap publishes it
    const [lon, lat] = toWgs84(104.06847, 30.65498, 'gcj02');
    const metres = Math.hypot((lon - 104.06847) * 95_900, (lat - 30.65498) * 110_574);
    expect(metres).toBeGreaterThan(250);
    expect(metres).toBeLessThan(600);
    expect(where(lon, lat)?.[0]).toBe('成都市');
  });

  it('leaves WGS84 untouched', () => {
    expect(toWgs84(104.1, 30.6, 'wgs84')).toEqual([104.1, 30.6]);
  });
});

describe('placing a written address', () => {
  const alliance = loadAlliance();
  it('finds the county a text names and a point inside it', () => {
    const placed = alliance.placeAddress('四川省成都市锦江区春熙路步行街 8 号')!;
    expect(placed.county.adcode).toBe('510104');
    expect(alliance.locate(placed.lon, placed.lat)!.county.adcode).toBe('510104');
  });
  it('uses the city named to settle names and accepts short forms', () => {
    expect(alliance.placeAddress('德阳旌阳区长江西路')!.county.adcode).toBe('510603');
    expect(alliance.placeAddress('眉山东坡区三苏祠附近')!.county.cityAdcode).toBe('511400');
  });
  it('gives up on an address that names no place in the alliance', () => {
    expect(alliance.placeAddress('北京市朝阳区建国路')).toBeNull();
    expect(alliance.placeAddress('路边')).toBeNull();
  });
  it('places every county inside itself', () => {
    for (const c of alliance.counties) {
      const placed = alliance.placeAddress(`${alliance.city(c.cityAdcode)!.name.zh}${c.name.zh}`)!;
      expect(alliance.locate(placed.lon, placed.lat)!.county.adcode, c.name.zh).toBe(c.adcode);
    }
  });
});
