import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "server", "out", "cli.js");
const SEEDS = join(ROOT, "test", "corpus", "seeds");

function verbatim(...args: string[]) {
  return verbatimWith({}, ...args);
}

/** The CLI with some environment variables set (or removed, with undefined). */
function verbatimWith(env: Record<string, string | undefined>, ...args: string[]) {
  const merged: NodeJS.ProcessEnv = { ...process.env, ...env };
  delete merged.NO_COLOR;
  delete merged.FORCE_COLOR;
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: ROOT, encoding: "utf8", env: merged });
  return { status: r.status, out: r.stdout, err: r.stderr };
}

function tempFiles(files: Record<string, string | Buffer>): string {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-cli-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

describe("verbatim outline", () => {
  it("prints the speeches of the seed excerpts with their speakers", () => {
    const r = verbatim("outline", SEEDS);
    assert.equal(r.status, 0, r.err);
    assert.match(
      r.out,
      /000_b70b41d151435293\.txt\n {6}1 {4}Mrs\. Aitimova \(Kazakhstan\) — 767 words\n {2}1 speech\n/,
    );
    assert.match(r.out, /002_68e17840d4f4b104\.txt\n {6}1 {4}Mr\. Abdrakhmanov \(Kazakhstan\) — 683 words/);
  });

  it("says why a file has no speeches", () => {
    const dir = tempFiles({
      "plain.txt": "It is an honour to address the Assembly.\n\nWe thank the Secretary-General.\n",
    });
    const r = verbatim("outline", join(dir, "plain.txt"));
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /plain\.txt\n {2}0 speeches: no speaker header found \(such as `The President:`/);
    assert.match(r.out, /the text reads as plain text; every check still runs\n$/);
  });

  it("gives JSON with the record's metadata and each speech", () => {
    const dir = tempFiles({
      "S_PV.1.txt":
        "United Nations S/PV.1\nSecurity Council\n\nThe meeting was called to order at 3 p.m.\n\nThe President: Welcome.\n",
    });
    const r = verbatim("outline", "--json", join(dir, "S_PV.1.txt"));
    assert.equal(r.status, 0, r.err);
    const [record] = JSON.parse(r.out);
    assert.equal(record.record.symbol, "S/PV.1");
    assert.deepEqual(
      record.speeches.map((s: { line: number; speaker: string; role: string }) => [s.line, s.speaker, s.role]),
      [[6, "The President", "The President"]],
    );
  });
});

describe("verbatim check", () => {
  it("prints file:line:col code message, 1-based, a summary line, and exits 1 when it finds any", () => {
    const dir = tempFiles({ "r.txt": "Mr. Smith (France): Thank you.\n   2/17 16-43375\nMore text.\n" });
    const r = verbatim("check", dir);
    assert.equal(r.status, 1);
    const file = join(dir, "r.txt");
    assert.equal(
      r.out,
      `${file}:2:4 page-artifact Page furniture (page number): 2/17 16-43375\n` +
        `${file}: 1 problem (1 page-artifact)\n`,
    );
  });

  it("lists each file's problems in line order, a summary per file and a total", () => {
    // The service gives cleaning rules first: a fused word (line 1) after page furniture (line 3).
    const dir = tempFiles({
      "a.txt": "We welcome thejoint statement of the Council.\nMore text.\n   2/17 16-43375\nThe end.\n*1473556*\n",
      "b.txt": "Mr. Smith (Ireland): We thank you.\n",
    });
    const r = verbatim("check", dir);
    assert.equal(r.status, 1, r.err);
    const a = join(dir, "a.txt");
    const b = join(dir, "b.txt");
    const lines = r.out.split("\n");
    const located = lines.filter((l) => l.startsWith(`${a}:`) && /^\S+:\d+:\d+ /.test(l));
    assert.deepEqual(
      located.map((l) => /:(\d+):\d+ (\S+)/.exec(l)?.slice(1).join(" ")),
      ["1 fused-words", "3 page-artifact", "5 page-artifact"],
    );
    assert.ok(lines.includes(`${a}: 3 problems (2 page-artifact, 1 fused-words)`), r.out);
    assert.ok(lines.includes(`${b}: no problems`), r.out);
    assert.equal(
      lines.at(-2),
      "2 files checked: 3 problems in 1 file (2 page-artifact, 1 fused-words); 1 file with none",
    );
    assert.equal(lines.at(-1), "");
  });

  it("writes plain text when piped, colour only at a terminal or when asked", () => {
    const dir = tempFiles({ "r.txt": "text\n*1473556*\n" });
    const ESC = "\u001b";
    const plain = (out: string) => assert.ok(!out.includes(ESC), JSON.stringify(out));
    // Piped (as here): no escape codes, whatever the terminal type.
    plain(verbatimWith({ TERM: "xterm-256color" }, "check", dir).out);
    plain(verbatim("outline", dir).out);
    assert.ok(verbatimWith({ FORCE_COLOR: "1" }, "check", dir).out.includes(`${ESC}[33mpage-artifact${ESC}[39m`));
    plain(verbatimWith({ FORCE_COLOR: "1", NO_COLOR: "1" }, "check", dir).out);
    plain(verbatimWith({ FORCE_COLOR: "0" }, "check", dir).out);
    // JSON is never coloured.
    plain(verbatimWith({ FORCE_COLOR: "1" }, "check", "--json", dir).out);
  });

  it("finds the same with V8's own flags as with the ones it sets (VERBATIM_V8)", () => {
    const samples = join(ROOT, "samples");
    const shipped = verbatim("check", "--json", samples);
    const defaults = verbatimWith({ VERBATIM_V8: "" }, "check", "--json", samples);
    assert.equal(shipped.status, 1, shipped.err);
    assert.equal(defaults.status, shipped.status, defaults.err);
    assert.equal(defaults.out, shipped.out);
    assert.ok(JSON.parse(shipped.out).length >= 5);
    // `import` sets flags of its own (V8_IMPORT_FLAGS): the same transcripts under V8's defaults.
    const pdf = join(ROOT, "test", "corpus", "eras", "A_60_PV.85.pdf");
    const imported = verbatim("import", pdf);
    const importedDefaults = verbatimWith({ VERBATIM_V8: "" }, "import", pdf);
    assert.equal(imported.status, 0, imported.err);
    assert.ok(imported.out.length > 50_000, `${imported.out.length}`);
    assert.ok(importedDefaults.out === imported.out, "the transcripts differ");
  });

  it("exits 0 when nothing is found, and gives JSON with the fix", () => {
    const clean = tempFiles({ "clean.txt": "Mr. Smith (Ireland): We thank you.\n" });
    assert.equal(verbatim("check", clean).status, 0);
    assert.equal(verbatim("check", SEEDS).status, 1, "the seeds have a fused word and a split paragraph");
    const dir = tempFiles({ "r.txt": "text\n*1473556*\n" });
    const r = verbatim("check", "--json", dir);
    const [file] = JSON.parse(r.out);
    assert.deepEqual(file.counts, { "page-artifact": 1 });
    assert.equal(file.diagnostics[0].fix.title, "Remove the barcode line");
  });

  it("reports unreadable and binary files clearly, exits 2, and still checks the others", () => {
    const dir = tempFiles({
      "bin.txt": Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]),
      "ok.txt": "a\n9 06-52731\n",
    });
    const r = verbatim("check", dir, join(dir, "missing.txt"));
    assert.equal(r.status, 2);
    assert.match(r.err, /bin\.txt: binary file \(NUL bytes\), skipped/);
    assert.match(r.err, /missing\.txt: no such file/);
    assert.match(r.out, /ok\.txt:2:1 page-artifact/);
  });

  it("explains usage errors with exit status 2", () => {
    for (const args of [[], ["frobnicate", "x"], ["check"], ["check", "--bogus", "x"]]) {
      const r = verbatim(...args);
      assert.equal(r.status, 2, args.join(" "));
      assert.match(r.err, /Usage: verbatim/);
    }
    assert.equal(verbatim("--help").status, 0);
  });
});

describe("verbatim fix", () => {
  const damaged = "The transna-\ntional threat is in\n\nthejoint report of the Council.\n2/17 14-73556\n";

  it("prints a unified diff and changes nothing by default", () => {
    const dir = tempFiles({ "r.txt": damaged });
    const r = verbatim("fix", join(dir, "r.txt"));
    assert.equal(r.status, 0, r.err);
    assert.match(r.out, /^-The transna-$/m);
    assert.match(r.out, /^\+The transnational$/m);
    assert.match(r.err, /would fix 1 broken-hyphenation, 1 fused-words, 1 page-artifact, 1 split-paragraph/);
    assert.equal(readFileSync(join(dir, "r.txt"), "utf8"), damaged);
  });

  it("writes the fixed file with --write, keeping a backup, and unwraps with --unwrap", () => {
    const dir = tempFiles({ "r.txt": `\uFEFF${damaged}` });
    const file = join(dir, "r.txt");
    assert.equal(verbatim("fix", "--write", file).status, 0);
    assert.equal(
      readFileSync(file, "utf8"),
      "\uFEFFThe transnational\nthreat is in\nthe joint report of the Council.\n",
    );
    assert.equal(readFileSync(`${file}.bak`, "utf8"), `\uFEFF${damaged}`);
    const r = verbatim("fix", "--write", "--unwrap", "--no-backup", file);
    assert.match(r.err, /fixed 2 line breaks unwrapped/);
    assert.equal(readFileSync(file, "utf8"), "\uFEFFThe transnational threat is in the joint report of the Council.\n");
    assert.equal(verbatim("fix", "--json", file).out.includes('"changed": false'), true);
  });

  it("reports a binary file with exit status 2 and fixes the others", () => {
    const dir = tempFiles({ "bin.txt": Buffer.from([0, 1, 2, 3]), "ok.txt": damaged });
    const r = verbatim("fix", "--write", "--no-backup", dir);
    assert.equal(r.status, 2);
    assert.match(r.err, /bin\.txt: binary file/);
    assert.match(readFileSync(join(dir, "ok.txt"), "utf8"), /transnational/);
  });
});
