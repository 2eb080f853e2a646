import { defineConfig } from 'vitest/config';

// A timeout here only catches a hang: no test may fail because the machine is busy (big sizes are in bench/).
// Files share their worker's modules (isolate: false): the suite's CPU 59 -> 22 s (each file had
// imported drizzle and PGlite afresh). No test may rely on a module's state being fresh: each opens
// its own database. Node's warnings are kept from the worker's start (src/node-warnings.ts).
export default defineConfig({
  test: {
    isolate: false,
    setupFiles: ['./src/node-warnings.ts'],
    testTimeout: 600_000,
    hookTimeout: 600_000,
    expect: { poll: { timeout: 60_000 } },
  },
});
