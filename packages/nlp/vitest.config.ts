import { defineConfig } from 'vitest/config';

// A timeout here only catches a hang: no test may fail because the machine is busy (big sizes are in bench/).
export default defineConfig({ test: { testTimeout: 600_000, hookTimeout: 600_000, expect: { poll: { timeout: 60_000 } } } });
