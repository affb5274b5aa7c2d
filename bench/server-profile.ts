// Where a 10 MB record's edit goes inside the server, thread by thread: the bundled server is
// started with `--cpu-prof` (V8 writes one profile per thread: the main thread, the analyst, a PDF
// thread if one ran), a record of SIZE characters is opened, and EDITS characters are typed in its
// middle as bench/editor.ts types them (each once the last one's diagnostics came, 100 ms later).
// Only the samples taken between the first edit and the last one's diagnostics are read: per
// thread, its busy time per edit and the functions with the most self and inclusive time per edit.
// A benchmark, not a test: it asserts nothing.
//   npm run build && node --import tsx bench/server-profile.ts [SIZE] [EDITS] [TOP]
// BENCH_SERVER=path/to/server.js profiles another build (a base for an A/B).
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from "vscode-jsonrpc/node";
import { SERVER_ENV, SERVER_EXEC_ARGV } from "../shared/constants";
import { initialize, SERVER, until } from "../test/protocol/lspClient";
import { type Profile, ranked, summary } from "./cpuProfile";
import { pct, transcriptOfSize } from "./sized";

const size = Number(process.argv[2]) || 10_000_000;
const edits = Number(process.argv[3]) || 20;
const top = Number(process.argv[4]) || 25;
const dir = mkdtempSync(join(tmpdir(), "verbatim-server-profile-"));

void (async () => {
  const server = spawn(
    process.execPath,
    [...SERVER_EXEC_ARGV, "--cpu-prof", `--cpu-prof-dir=${dir}`, process.env.BENCH_SERVER ?? SERVER, "--stdio"],
    { stdio: ["pipe", "pipe", "inherit"], env: { ...process.env, ...SERVER_ENV } },
  );
  const connection = createMessageConnection(
    new StreamMessageReader(server.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(server.stdin as NodeJS.WritableStream),
  );
  const published = new Map<number, number>();
  connection.onNotification("textDocument/publishDiagnostics", (p: { version: number }) => {
    published.set(p.version, performance.now());
  });
  connection.onNotification(() => {});
  connection.listen();
  await initialize(connection, {});
  const text = transcriptOfSize(size);
  const uri = "file:///server-profile.txt";
  await connection.sendNotification("textDocument/didOpen", {
    textDocument: { uri, languageId: "transcript", version: 1, text },
  });
  await until("the first diagnostics", () => published.get(1), 120_000);
  // The idle work after an open (priming, rehearsal, the collection) done before the first edit.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  const line = Math.floor(text.split("\n").length / 2);
  const waits: number[] = [];
  // V8's profiles time samples by the monotonic clock in µs, as process.hrtime does.
  const from = Number(process.hrtime.bigint() / 1000n);
  for (let k = 0; k < edits; k++) {
    const version = k + 2;
    const at = { line, character: k % 40 };
    const t0 = performance.now();
    await connection.sendNotification("textDocument/didChange", {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: at, end: at }, text: "x" }],
    });
    waits.push((await until("the edit's diagnostics", () => published.get(version), 120_000)) - t0);
    if (k < edits - 1) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const to = Number(process.hrtime.bigint() / 1000n);
  await connection.sendRequest("shutdown");
  await connection.sendNotification("exit");
  await new Promise((resolve) => server.on("exit", resolve));
  connection.dispose();
  console.log(
    `${edits} edits of ${size} characters: wait p50 ${pct(waits, 50).toFixed(0)} ms, ${waits.map((w) => w.toFixed(0)).join(" ")}`,
  );
  const ms = (us: number) => (us / 1000 / edits).toFixed(2).padStart(8);
  for (const file of readdirSync(dir).sort()) {
    const { total, self, inclusive } = summary(JSON.parse(readFileSync(join(dir, file), "utf8")) as Profile, from, to);
    const idle = self.get("(idle) :0") ?? 0;
    console.log(`\n${file}: busy ${ms(total - idle)} ms an edit (idle ${ms(idle)})`);
    const list = (title: string, m: Map<string, number>) => {
      console.log(`  ${title}, ms an edit:`);
      for (const [k, v] of ranked(m, top)) console.log(`  ${ms(v)}  ${k}`);
    };
    list("self", self);
    list("inclusive", inclusive);
  }
  console.log(`\nprofiles in ${dir}`);
})();
