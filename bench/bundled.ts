// A measuring script bundled with the service as the server's analyst is (esbuild.mjs's options),
// with a 1 MB record written beside it, then run in a process of its own with the analyst's young
// generation — unless `--build` is given, which only writes them for another runner (callgrind).
// Shared by bench/open-cpu.ts and bench/dates-cpu.ts. The script finds server/data from server/out
// as the server's bundles do (`__dirname` defined so).
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { transcriptOfSize } from "./sized";

const ROOT = join(__dirname, "..");
const OUT = join(ROOT, "bench", "out");

/** Where bundle `name`'s record is written: the script reads it from there. */
export function recordPath(name: string): string {
  return join(OUT, `${name}.txt`);
}

/** Writes bench/out/NAME.js (ENTRY bundled) and NAME.txt (a 1 MB record), and runs it unless `--build`. */
export function runBundled(name: string, entry: string): void {
  mkdirSync(OUT, { recursive: true });
  writeFileSync(recordPath(name), transcriptOfSize(1_000_000));
  esbuild.buildSync({
    stdin: { contents: entry, resolveDir: ROOT, sourcefile: `${name}-entry.ts`, loader: "ts" },
    outfile: join(OUT, `${name}.js`),
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    supported: { "regexp-unicode-property-escapes": true },
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
    external: ["pdfjs-dist", "pdfjs-dist/*"],
    define: { __dirname: JSON.stringify(join(ROOT, "server", "out")) },
    logLevel: "error",
  });
  if (process.argv.includes("--build")) return;
  const args = process.argv.slice(2).filter((a) => a !== "--build");
  spawnSync(process.execPath, ["--max-semi-space-size=4", join(OUT, `${name}.js`), ...args], { stdio: "inherit" });
}
