// What a version's publication costs the main thread after the analyst's post, for a record of
// SIZE characters typed in its middle EDITS times as bench/editor.ts types: the list read back
// from the post (diagnosticsChange.ts), then the publishDiagnostics message's bytes, made the way
// vscode-jsonrpc's writer made them before publish13 (the diagnostics converted, `JSON.stringify`
// of the message, `Buffer.from`) and from each diagnostic's kept JSON (diagnosticsJson.ts), in
// turn in one process, so that a loaded machine weighs on both alike. Each edit's two byte strings
// are compared: it fails if they differ. CPU time per edit (p50, mean) and the heap allocated.
//   node --import tsx bench/publish-json.ts [SIZE] [EDITS]
import type { Message } from "vscode-languageserver/node";
import { toLspDiagnostic } from "../server/lsp/convert";
import { diagnosticsChange, type PostedList, postedList } from "../server/lsp/diagnosticsChange";
import { jsonEncoder } from "../server/lsp/diagnosticsJson";
import { publisher } from "../server/lsp/publish";
import { createLanguageService, DEFAULT_SETTINGS } from "../server/src/index";
import { pct, typedRecord } from "./sized";

const size = Number(process.argv[2]) || 10_000_000;
const edits = Number(process.argv[3]) || 20;
const service = createLanguageService();
const uri = "file:///publish-json.txt";
const METHOD = "textDocument/publishDiagnostics";
const { doc, type } = typedRecord(size, uri);

/** The main thread's list after a post, as analysts.ts keeps it (through a structured clone). */
function read(held: PostedList | undefined, diagnostics: PostedList["diagnostics"], v: number): PostedList {
  const parts = held && diagnosticsChange(held.diagnostics, diagnostics, v);
  const posted = parts
    ? { counts: {}, dropped: 0, post: v, parts, base: held?.post ?? 0 }
    : { counts: {}, dropped: 0, post: v, diagnostics };
  return postedList(held, structuredClone(posted), v) as PostedList;
}

let sent: Message | undefined;
const out = publisher({
  sendDiagnostics: async (params) => {
    sent = { jsonrpc: "2.0", method: METHOD, params } as Message;
  },
  sendNotification: (async () => {}) as never,
});
const times = new Map<string, number[]>();
const cpu = async <T>(name: string, f: () => T | Promise<T>): Promise<T> => {
  const c = process.cpuUsage();
  const value = await f();
  const used = process.cpuUsage(c);
  times.set(name, [...(times.get(name) ?? []), (used.user + used.system) / 1000]);
  return value;
};

void (async () => {
  let held: PostedList | undefined;
  let lengths = "";
  for (let v = 0; v <= edits; v++) {
    if (v > 0) type(v);
    const result = service.diagnostics(doc(v), DEFAULT_SETTINGS);
    service.settle(uri);
    // Read back as the main thread does (its cost is the same both ways: the change's own).
    held = read(held, result.diagnostics, v);
    const list = held;
    const before = await cpu("before: converted, JSON.stringify, Buffer.from", () => {
      const params = { uri, version: v, diagnostics: list.diagnostics.map(toLspDiagnostic) };
      return Buffer.from(JSON.stringify({ jsonrpc: "2.0", method: METHOD, params }, undefined, 0), "utf-8");
    });
    const after = await cpu("after: from each diagnostic's kept JSON", async () => {
      out.publish(uri, v, { ...result, diagnostics: list.diagnostics, json: list.json });
      return jsonEncoder.encode(sent as Message, { charset: "utf-8" });
    });
    if (!Buffer.from(after).equals(before)) throw new Error(`version ${v}: the bytes differ`);
    // A list written whole has its diagnostics' JSON made afterwards, a few a turn (off the path).
    const kept = list.json ?? [];
    await cpu("  then each diagnostic's JSON made (off the path)", async () => {
      while (kept.includes(undefined)) await new Promise((resolve) => setImmediate(resolve));
    });
    lengths = `${list.diagnostics.length} diagnostics, ${before.length} bytes`;
  }
  console.log(`${size} characters, ${edits} edits after the open; ${lengths}; the same bytes at every version`);
  for (const [name, xs] of times) {
    const typed = xs.slice(1);
    const mean = typed.reduce((a, b) => a + b, 0) / typed.length;
    console.log(
      `${name.padEnd(48)} open ${xs[0].toFixed(2)} ms; an edit: CPU p50 ${pct(typed, 50).toFixed(2)} ms, mean ${mean.toFixed(2)} ms`,
    );
  }
})();
