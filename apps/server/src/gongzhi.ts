import { main } from './cli.ts';

// The `gongzhi` executable: bundled by scripts/build-cli.mjs, started by bin/gongzhi.mjs.
process.exitCode = await main(process.argv.slice(2));
