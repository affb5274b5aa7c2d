// The language service as it ships: bundled and minified by esbuild with the server's own build
// options (not the TypeScript sources run through a loader), for the benchmarks. It sits in
// server/out/ so that it finds server/data/ as the server does.
import { join } from "node:path";
import { type BuildOptions, buildSync } from "esbuild";
import type { LanguageService } from "../server/src/index";

export const ROOT = join(__dirname, "..");

const SHIPPED: BuildOptions = {
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  minify: true,
  logLevel: "silent",
  // As esbuild.mjs: jsonc-parser's UMD main cannot be bundled, its ES build can; PDF.js is loaded
  // at run time.
  alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
  external: ["pdfjs-dist", "pdfjs-dist/*"],
};

/** `entry` (a path from the repository's root) bundled as it ships, into server/out/`name`: its path. */
export function shippedBundle(entry: string, name: string): string {
  const outfile = join(ROOT, "server", "out", name);
  buildSync({ ...SHIPPED, entryPoints: [join(ROOT, entry)], outfile });
  return outfile;
}

/** The command line as the .vsix ships it (minified), beside the data it reads: its path. */
export function shippedCli(): string {
  return shippedBundle("server/cli/main.ts", "bench-cli.js");
}

export function shippedService(): LanguageService {
  const bundle = shippedBundle("server/src/index.ts", "bench-service.js");
  const { createLanguageService } = require(bundle) as { createLanguageService: () => LanguageService };
  return createLanguageService();
}
