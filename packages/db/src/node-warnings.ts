/**
 * Node's warnings in this test process since its start, for a test that asserts none of a kind was
 * printed. Each kind is printed once per process and a worker runs several test files in turn
 * (isolate: false), so the setup file (vitest.config.ts) loads this before any of them; the list is
 * kept on the process, since vitest evaluates a setup file afresh for every test file.
 */
const KEPT = Symbol.for('gongzhi.test.nodeWarnings');

function kept(): string[] {
  const known: unknown = Reflect.get(globalThis, KEPT);
  if (Array.isArray(known)) return known;
  const seen: string[] = [];
  Reflect.set(globalThis, KEPT, seen);
  process.on('warning', (w) => seen.push(w.message));
  return seen;
}

export const nodeWarnings: readonly string[] = kept();
