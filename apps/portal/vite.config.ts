import { defineConfig } from 'vite';
import solid from 'vite-plugin-solid';

export default defineConfig({
  plugins: [solid()],
  server: { proxy: { '/trpc': 'http://127.0.0.1:3000' } },
  build: { target: 'es2022', sourcemap: false, manifest: true },
  test: {
    include: ['e2e/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    // one browser and one server at a time on a 2-core CI machine
    fileParallelism: false,
    // Timeouts only catch hangs: a busy machine must not fail a test (expect.poll's default is 1 s).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    expect: { poll: { timeout: 60_000 } },
  },
} as never);
