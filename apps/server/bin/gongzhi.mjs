#!/usr/bin/env node
// The `gongzhi` command: runs the bundled CLI (dist/, built by scripts/build-cli.mjs), rebuilding it
// first when a source file of the workspace is newer than the bundle, so it is never stale.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const app = fileURLToPath(new URL('..', import.meta.url));
const workspace = fileURLToPath(new URL('../../..', import.meta.url));
const bundle = `${app}dist/gongzhi.js`;

function newestSource() {
  let newest = statSync(`${workspace}pnpm-lock.yaml`).mtimeMs;
  const roots = [`${app}src`, `${app}scripts`];
  for (const pkg of readdirSync(`${workspace}packages`)) roots.push(`${workspace}packages/${pkg}/src`);
  for (const root of roots) {
    if (!existsSync(root)) continue;
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (entry.isFile() && /\.(ts|json|mjs)$/.test(entry.name)) newest = Math.max(newest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs);
    }
  }
  return newest;
}

if (!existsSync(bundle) || statSync(bundle).mtimeMs < newestSource()) await import('../scripts/build-cli.mjs');
await import(bundle);
