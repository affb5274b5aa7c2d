// The language service as it ships: bundled and minified by esbuild with the server's own build
// options (not the TypeScript sources run through a loader), for the benchmarks. It sits in
// server/out/ so that it finds server/data/ as the server does.
import { join } from "node:path";
import { buildSync } from "esbuild";
import type { LanguageService } from "../server/src/index";

export const ROOT = join(__dirname, "..");
const BUNDLE = join(ROOT, "server", "out", "bench-service.js");

export function shippedService(): LanguageService {
  buildSync({
    entryPoints: [join(ROOT, "server", "src", "index.ts")],
    outfile: BUNDLE,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    minify: true,
    logLevel: "silent",
    // As esbuild.mjs: jsonc-parser's UMD main cannot be bundled, its ES build can; PDF.js (the PDF
    // import) is loaded at run time, from server/out/pdfjs/.
    alias: { "jsonc-parser": "jsonc-parser/lib/esm/main.js" },
    external: ["pdfjs-dist", "pdfjs-dist/*"],
  });
  const { createLanguageService } = require(BUNDLE) as { createLanguageService: () => LanguageService };
  return createLanguageService();
}
