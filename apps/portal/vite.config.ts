import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';

/** Files larger than this are not precached by the service worker (the command centre's charts): the officer's pages are. */
const PRECACHE_MAX_BYTES = 120 * 1024;

/**
 * Writes the list of built files to precache into the service worker (src/sw.ts, built as /sw.js
 * beside the page's entry), with the build's id so a new build replaces the old files.
 */
function precacheList(): Plugin {
  return {
    name: 'gongzhi-precache-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const files: string[] = [];
      for (const out of Object.values(bundle)) {
        if (out.fileName === 'sw.js' || !/\.(js|css)$/.test(out.fileName)) continue;
        const size = out.type === 'chunk' ? out.code.length : typeof out.source === 'string' ? out.source.length : out.source.byteLength;
        if (size <= PRECACHE_MAX_BYTES) files.push(`/${out.fileName}`);
      }
      files.sort();
      const sw = bundle['sw.js'];
      if (!sw || sw.type !== 'chunk') throw new Error('the service worker was not built');
      const build = files.join('|').length.toString(36) + '-' + Date.now().toString(36);
      sw.code = sw.code.replace('__GONGZHI_PRECACHE__', JSON.stringify({ build, files }));
    },
  };
}

export default defineConfig({
  plugins: [solid(), precacheList()],
  server: { proxy: { '/trpc': 'http://127.0.0.1:3000' } },
  build: {
    target: 'es2022',
    sourcemap: false,
    manifest: true,
    rollupOptions: {
      input: { main: fileURLToPath(new URL('index.html', import.meta.url)), sw: fileURLToPath(new URL('src/sw.ts', import.meta.url)) },
      output: { entryFileNames: (chunk: { name: string }) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  test: {
    include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // one browser and one server at a time on a 2-core CI machine
    fileParallelism: false,
    // the files share the worker's modules (the server's platform, drizzle, PGlite, the classifier):
    // imported once, not once per file; every file starts its own server on its own database
    isolate: false,
    // Timeouts only catch hangs: a busy machine must not fail a test (expect.poll's default is 1 s).
    // A poll waits on the server's work as a browser action does: as long (e2e/harness.ts, HANG_MS).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    expect: { poll: { timeout: 300_000 } },
  },
} as never);
