import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

// A real LSP client from another project: Neovim (Debian's), headless, with a small Lua config.
const ROOT = join(__dirname, "..", "..");
const hasNvim = spawnSync("nvim", ["--version"]).status === 0;

describe("Neovim drives the standalone language server", {
  skip: hasNvim ? false : "nvim is not installed (.ci/run installs it)",
}, () => {
  it("lists the speech, hovers the speaker header and shows the cleaning diagnostics", () => {
    const dir = mkdtempSync(join(tmpdir(), "verbatim-nvim-"));
    const file = join(dir, "seed.transcript");
    copyFileSync(join(ROOT, "test", "corpus", "seeds", "000_b70b41d151435293.txt"), file);
    const out = join(dir, "result.json");
    const r = spawnSync("nvim", ["--headless", "--clean", "-u", join(__dirname, "nvim", "init.lua")], {
      env: {
        ...process.env,
        VERBATIM_SERVER: join(ROOT, "server", "out", "server.js"),
        VERBATIM_FILE: file,
        VERBATIM_OUT: out,
      },
      encoding: "utf8",
      timeout: 120_000,
    });
    assert.equal(r.status, 0, `nvim: ${r.stderr}`);
    const result = JSON.parse(readFileSync(out, "utf8")) as {
      errors: string[];
      symbols: { name: string }[];
      hover: { contents: { value: string } };
      diagnostics: { code: string; lnum: number }[];
    };
    assert.deepEqual(result.errors, []);
    assert.deepEqual(
      result.symbols.map((s) => s.name),
      ["Mrs. Aitimova (Kazakhstan)"],
    );
    assert.match(result.hover.contents.value, /\*\*Mrs\. Aitimova\*\* speaks for Kazakhstan\./);
    assert.ok(
      result.diagnostics.some((d) => d.code === "fused-words" && d.lnum === 39),
      JSON.stringify(result.diagnostics),
    );
  });
});
