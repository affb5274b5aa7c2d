// `npm run test:vscode`: the extension-host suite in desktop VS Code, downloaded by
// @vscode/test-electron. Where VS Code cannot be downloaded (this project's CI machine reaches
// only npm and Debian), it says so and exits 1; the same checks run in code-server in test/e2e.
import { join } from "node:path";
import { runTests } from "@vscode/test-electron";
import * as esbuild from "esbuild";

const ROOT = join(__dirname, "..", "..");

async function main(): Promise<void> {
  const out = join(ROOT, "test", "vscode", "out");
  await esbuild.build({
    entryPoints: [join(__dirname, "suite", "index.ts"), join(__dirname, "suite", "extension.test.ts")],
    outdir: out,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    external: ["vscode", "mocha"],
    logLevel: "warning",
  });
  try {
    await runTests({
      extensionDevelopmentPath: ROOT,
      extensionTestsPath: join(out, "index.js"),
      launchArgs: [join(ROOT, "samples"), "--disable-extensions", "--disable-workspace-trust"],
    });
  } catch (error) {
    console.error(`test:vscode: ${error instanceof Error ? error.message : String(error)}`);
    console.error(
      "Desktop VS Code could not be downloaded or run here; `npm run test:e2e` checks the extension in code-server.",
    );
    process.exit(1);
  }
}

void main();
