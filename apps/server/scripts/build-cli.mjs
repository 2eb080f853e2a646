// Bundles the `gongzhi` CLI into dist/ (one chunk per command, loaded when that command runs), so a
// command starts without compiling TypeScript or resolving hundreds of files. Packages that load
// files beside their own code (the embedded database's WASM, the segmenter, argon2's binary) stay
// outside the bundle, and `import.meta.url` keeps meaning the source file it was written in, so data
// files (boundaries, migrations) are found where they are in the checkout.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { dirname, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outdir = `${root}dist`;

const sourceUrls = {
  name: 'source-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/(packages|apps)\/[^/]+\/src\/.*\.ts$/ }, async (args) => {
      const text = await readFile(args.path, 'utf8');
      if (!text.includes('import.meta.url')) return undefined;
      const fromDist = relative(outdir, args.path);
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${JSON.stringify(fromDist)}, import.meta.url).href`),
        loader: 'ts',
        resolveDir: dirname(args.path),
      };
    });
  },
};

await build({
  // gongzhi: the CLI; server: the production server (`npm run start:prod`, plain node, no TypeScript at run time)
  entryPoints: { gongzhi: `${root}src/gongzhi.ts`, server: `${root}src/main.ts` },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'bundle',
  external: ['@electric-sql/pglite', '@electric-sql/pglite/*', 'jieba-wasm', '@node-rs/argon2', 'exceljs', 'pg-native', 'sharp', 'file-type', 'exifr'],
  banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
  plugins: [sourceUrls],
  logLevel: 'warning',
});
if (process.argv[1]?.endsWith('build-cli.mjs')) console.log(`built ${relative(process.cwd(), outdir)}/cli.js (${pathToFileURL(outdir).href})`);
