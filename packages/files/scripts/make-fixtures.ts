// Writes the test photos of test-data/: real JPEGs with EXIF time and GPS as a phone writes them
// (rational degrees/minutes/seconds), a PNG without metadata, and files whose names lie.
// Run with `node --import tsx scripts/make-fixtures.ts`; the outputs are committed.
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';

const dms = (deg: number) => {
  const d = Math.floor(deg);
  const m = Math.floor((deg - d) * 60);
  const s = Math.round(((deg - d) * 60 - m) * 60 * 100) / 100;
  return `${d}/1 ${m}/1 ${Math.round(s * 100)}/100`;
};
const dir = new URL('../test-data/', import.meta.url);

async function photo(name: string, colour: string, at: string, lon: number, lat: number) {
  const img = sharp({ create: { width: 1600, height: 1200, channels: 3, background: colour } })
    .composite([{ input: Buffer.from(`<svg width="1600" height="1200"><text x="100" y="600" font-size="200">${name}</text></svg>`) }])
    .jpeg({ quality: 80 })
    .withExif({
      IFD0: { Make: 'Gongzhi', Model: 'Test Phone', DateTime: at },
      IFD2: { DateTimeOriginal: at },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: dms(lat), GPSLongitudeRef: 'E', GPSLongitude: dms(lon) },
    });
  writeFileSync(new URL(name, dir), await img.toBuffer());
}

// Tianfu Square, Chengdu (WGS84), before and after; and one taken 3 km away.
await photo('before.jpg', '#a33', '2026:11:20 09:15:00', 104.0657, 30.6574);
await photo('after.jpg', '#3a3', '2026:11:20 15:40:00', 104.0658, 30.6575);
await photo('elsewhere.jpg', '#33a', '2026:11:20 16:00:00', 104.0957, 30.6674);
writeFileSync(
  new URL('plain.png', dir),
  await sharp({ create: { width: 64, height: 64, channels: 3, background: '#888' } })
    .png()
    .toBuffer(),
);
writeFileSync(new URL('not-a-photo.jpg', dir), 'MZ this is an executable pretending to be a photo\n');
writeFileSync(
  new URL('notice.pdf', dir),
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
