// The command line's times on the inputs of issue 27's review: `verbatim fix` (the diff) and
// `fix --write` on 10 MB of real records, `fix` on a file of page furniture lines. A benchmark,
// not a test: it prints a table (copied by hand into bench/RELIABILITY-CLI.md) and asserts nothing.
// Run: npm run build && node --import tsx bench/cli-reliability.ts [path/to/cli.js] [--limit SECONDS]
// (default: server/out/cli.js; a run longer than the limit, 300 s by default, is stopped and
// reported as such).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "..");
const args = process.argv.slice(2);
const limitAt = args.indexOf("--limit");
const limit = limitAt >= 0 ? Number(args.splice(limitAt, 2)[1]) : 300;
const cli = args[0] ?? join(ROOT, "server", "out", "cli.js");
const dir = mkdtempSync(join(tmpdir(), "verbatim-bench-cli-"));

/** 10 MB of real records: the corpus's raw texts, one after another, repeated. */
function records(size: number): string {
  const raw = join(ROOT, "test", "corpus", "sc2020", "text", "raw");
  const texts = readdirSync(raw)
    .filter((f) => f.endsWith(".txt"))
    .sort()
    .map((f) => readFileSync(join(raw, f), "utf8"));
  let text = "";
  for (let i = 0; text.length < size; i++) text += `${texts[i % texts.length]}\n`;
  return text;
}

/** A line of text, then a line of page furniture (a page number and a job number), repeated. */
function furniture(size: number): string {
  let text = "";
  for (let i = 1; text.length < size; i++)
    text += `The speaker said something on line ${i}.\n${(i % 17) + 1}/17 14-73556\n`;
  return text;
}

function time(name: string, file: string, command: string[]): void {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...command, file], {
    encoding: "utf8",
    maxBuffer: 1024 * 1024 * 1024,
    timeout: limit * 1000,
  });
  const s = (performance.now() - t0) / 1000;
  const mb = (statSync(file).size / 1024 / 1024).toFixed(1);
  const what = r.error ? `stopped after ${limit} s` : `${s.toFixed(1)} s (exit ${r.status})`;
  console.log(`| ${name} | ${mb} MB | \`verbatim ${command.join(" ")}\` | ${what} |`);
}

const big = join(dir, "records.txt");
writeFileSync(big, records(10 * 1024 * 1024));
const furn = join(dir, "furniture.txt");
writeFileSync(furn, furniture(1024 * 1024));
console.log(`${cli}\n\n| input | size | command | time |\n| --- | --- | --- | --- |`);
time("records", big, ["fix"]);
time("furniture", furn, ["fix"]);
const copy = join(dir, "records-write.txt");
copyFileSync(big, copy);
time("records", copy, ["fix", "--write", "--no-backup"]);
rmSync(dir, { recursive: true, force: true });
