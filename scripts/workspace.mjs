#!/usr/bin/env node
// Entry point of the two README commands. Needs only Node and npm: it gets pnpm,
// installs the workspace, then starts the platform or runs every test suite.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { setTimeout } from 'node:timers';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const PNPM_VERSION = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).packageManager.split('@')[1];
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', COREPACK_ENABLE_DOWNLOAD_PROMPT: '0' };

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env, ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { env, encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim().split('.')[0] === PNPM_VERSION.split('.')[0]) return ['pnpm', []];
  console.log(`[gongzhi] pnpm ${PNPM_VERSION} not found; using it through npx`);
  return ['npx', ['-y', `pnpm@${PNPM_VERSION}`]];
}

const [pnpm, pnpmPrefix] = pnpmCommand();
const pn = (...args) => run(pnpm, [...pnpmPrefix, ...args]);

/**
 * A pnpm command run beside others; with a label, each line of its output is marked with it as
 * turbo marks its tasks' lines. Resolves to its exit status.
 */
function pnAside(label, ...args) {
  return aside(label, args, 0);
}

/** `pnAside` at a lower CPU priority (nice 10, inherited by everything it starts). */
function pnAsideLower(label, ...args) {
  return aside(label, args, 10);
}

function aside(label, args, niceness) {
  return new Promise((resolve) => {
    const child = spawn(pnpm, [...pnpmPrefix, ...args], { cwd: root, env, stdio: label ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    if (niceness !== 0 && child.pid !== undefined) {
      try {
        setPriority(child.pid, niceness);
      } catch {
        // not allowed here: the same run, at the same priority
      }
    }
    const read = [];
    if (label) {
      for (const [stream, out] of [
        [child.stdout, process.stdout],
        [child.stderr, process.stderr],
      ]) {
        const lines = createInterface({ input: stream });
        lines.on('line', (line) => out.write(`${label}: ${line}\n`));
        read.push(new Promise((done) => lines.on('close', done)));
      }
    }
    child.on('error', () => resolve(1));
    // Its exit, once its output is read to the end; a process it left behind holding the pipes (a
    // browser, say) gets a few seconds, not the power to keep the tests from ending.
    child.on('exit', (code) => {
      const grace = new Promise((done) => setTimeout(done, 5_000).unref());
      void Promise.race([Promise.all(read), grace]).then(() => resolve(code ?? 1));
    });
  });
}

/** The portal's build then browser suite, its typecheck beside them. */
async function portalSuite() {
  const portal = (task) => pnAside(`@gongzhi/portal:${task}`, '--filter', '@gongzhi/portal', 'run', task);
  const typed = portal('typecheck');
  const built = await portal('build');
  const tested = built === 0 ? await portal('test') : 1;
  return Math.max(built, tested, await typed);
}

function ensureInstalled() {
  const marker = join(root, 'node_modules', '.modules.yaml');
  const lock = join(root, 'pnpm-lock.yaml');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) return;
  if (pn('install', '--frozen-lockfile') !== 0) process.exit(1);
}

/** Sums every package's vitest JSON report into the one line CI reads. */
function summarise() {
  let passed = 0,
    failed = 0,
    skipped = 0,
    files = 0;
  for (const base of ['apps', 'packages']) {
    for (const name of readdirSync(join(root, base))) {
      const file = join(root, base, name, '.reports', 'vitest.json');
      if (!existsSync(file)) continue;
      const report = JSON.parse(readFileSync(file, 'utf8'));
      files++;
      passed += report.numPassedTests;
      failed += report.numFailedTests + (report.numRuntimeErrorTestSuites ?? 0);
      skipped += report.numPendingTests + report.numTodoTests;
      if (!report.success && report.numFailedTests === 0) failed++;
    }
  }
  return { passed, failed, skipped, files };
}

const command = process.argv[2];
ensureInstalled();
if (command === 'start') {
  if (pn('turbo', 'run', 'build', '--filter=@gongzhi/portal', '--output-logs=errors-only') !== 0) process.exit(1);
  process.exit(run(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts']));
} else if (command === 'test') {
  for (const base of ['apps', 'packages']) {
    for (const name of readdirSync(join(root, base))) rmSync(join(root, base, name, '.reports'), { recursive: true, force: true });
  }
  // The layering and formatting rules beside everything else (half a minute that nothing waited on
  // for); the suites run whatever they say.
  const checks = Promise.all([pnAside('lint', 'run', 'lint'), pnAside('format', 'run', 'format:check')]);
  // The portal's browser suite (among the longest, much of it Chromium's) runs beside turbo's run of
  // everything else from the start: inside that run it waited for a free task slot behind the
  // typechecks, and ran alone for its last minutes. Its e2e harness serves the api from source, so
  // it needs no other package's build.
  const portal = portalSuite();
  // The other packages' types as one program (tsconfig.check.json): checked once each, where each
  // package's own check read again every package it imports (about 90 s of CPU more).
  const typed = pnAside('typecheck', 'exec', 'tsc', '-p', 'tsconfig.check.json');
  // The portal's suite is the longest path that cannot be split (one browser and one server at a
  // time); the other suites run at a lower priority and fill the CPU it leaves, rather than share the
  // cores evenly with it and leave it running alone at the end.
  const rest = pnAsideLower(null, 'turbo', 'run', 'test', '--continue', '--concurrency=3', '--filter=!@gongzhi/portal');
  // All to the end, whatever any says: the summary reads every report.
  const status = Math.max(...(await Promise.all([rest, portal, typed])));
  const [lint, format] = await checks;
  const { passed, failed, skipped, files } = summarise();
  if (files === 0) console.log('no test report was written');
  if (lint !== 0) console.log('lint failed (pnpm lint)');
  if (format !== 0) console.log('formatting differs (pnpm format)');
  console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
  process.exit(status !== 0 || lint !== 0 || format !== 0 || failed > 0 || files === 0 ? 1 : 0);
} else {
  console.error('usage: node scripts/workspace.mjs start|test');
  process.exit(2);
}
