import { defineConfig } from 'vitest/config';

// A timeout here only catches a hang: no test may fail because the machine is busy (big sizes are in bench/).
// Files share their worker's modules (isolate: false): the suite's CPU 23 -> 5 s (31 files, each had
// imported the domain afresh in a process of its own). No test may rely on a module's state being fresh.
export default defineConfig({ test: { isolate: false, testTimeout: 600_000, hookTimeout: 600_000, expect: { poll: { timeout: 60_000 } } } });
