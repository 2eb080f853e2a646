import { defineConfig } from 'vitest/config';

// A timeout here only catches a hang: no test may fail because the machine is busy (big sizes are in bench/).
// Two test files at a time even on a 2-core machine (vitest's default there is one): most of a file's
// time is spent waiting on a database or a child process, so a second file fills the gap.
// Files share their worker's modules (isolate: false): importing the platform (drizzle, PGlite, the
// classifier and its segmenter) once per worker instead of once per file halves the suite's time.
// No test may rely on a module's state being fresh: each opens its own database and clock.
export default defineConfig({ test: { maxWorkers: 2, isolate: false, testTimeout: 600_000, hookTimeout: 600_000, expect: { poll: { timeout: 60_000 } } } });
