// A publication written from its diagnostics' kept JSON (server/lsp/diagnosticsJson.ts): over
// random edits of real records, each version's publishDiagnostics message is, to the byte, what
// vscode-jsonrpc's writer made of the service's diagnostics (`JSON.stringify` of the message, in
// UTF-8), while the diagnostics a change keeps are written from the JSON of the version before.
import assert from "node:assert/strict";
import { Writable } from "node:stream";
import { describe, it } from "node:test";
import fc from "fast-check";
import { type Message, StreamMessageWriter } from "vscode-languageserver/node";
import { toLspDiagnostic } from "../../server/lsp/convert";
import { diagnosticsChange, type PostedList, postedList } from "../../server/lsp/diagnosticsChange";
import {
  diagnosticJson,
  jsonEncoder,
  preparedMessageBytes,
  reusingJsonEncoder,
} from "../../server/lsp/diagnosticsJson";
import { type Publication, publisher } from "../../server/lsp/publish";
import { applyEdits } from "../../server/lsp/stale";
import { createLanguageService, DEFAULT_SETTINGS, type Diagnostic } from "../../server/src/index";
import { readCorpus } from "./helpers";

const RECORDS = [
  readCorpus("eras", "text", "pdfjs", "A_60_PV.85.txt"),
  readCorpus("eras", "text", "pdfjs", "S_PV.8422.txt"),
];
const URI = 'file:///json/a "quoted" récord.txt';
const METHOD = "textDocument/publishDiagnostics";

const PIECE = fc.constantFrom("x", "é", "e\u0301", "𝔘", "\n", "\r\n", "", "\n\nThe President: ", "Ü\n𝕍\n", '"', "- ");

/** What main's writer sent for a version's diagnostics: the message's JSON, in UTF-8. */
function mainBytes(uri: string, version: number, diagnostics: readonly Diagnostic[]): Buffer {
  const params = { uri, version, diagnostics: diagnostics.map(toLspDiagnostic) };
  return Buffer.from(JSON.stringify({ jsonrpc: "2.0", method: METHOD, params }));
}

/** A publisher whose connection keeps the last publishDiagnostics message, as the connection makes it. */
function capture() {
  let last: Message | undefined;
  const out = publisher({
    sendDiagnostics: async (params) => {
      last = { jsonrpc: "2.0", method: METHOD, params } as Message;
    },
    sendNotification: (async () => {}) as never,
  });
  return { out, message: () => last as Message };
}

/**
 * A list written whole has its diagnostics' JSON made afterwards, a few a turn of the event loop:
 * the turns until it is all made (a bounded number: the test fails if it never is).
 */
async function filled(list: PostedList): Promise<void> {
  for (let turn = 0; turn < 100 && list.json?.some((j) => !j); turn++)
    await new Promise((resolve) => setImmediate(resolve));
  assert.ok(
    list.json?.every((j) => j !== undefined),
    "the JSON of a list written whole is made afterwards",
  );
}

/** The main thread's list after each version's post, as analysts.ts keeps it. */
function held(
  previous: PostedList | undefined,
  diagnostics: Diagnostic[],
  version: number,
): { list: PostedList; kept: number } {
  const parts = previous && diagnosticsChange(previous.diagnostics, diagnostics, version);
  const kept = (parts ?? []).reduce((n, p) => n + ("from" in p ? p.count : 0), 0);
  const posted = parts
    ? { counts: {}, dropped: 0, post: version, parts, base: previous?.post ?? 0 }
    : { counts: {}, dropped: 0, post: version, diagnostics };
  const list = postedList(previous, structuredClone(posted), version);
  assert.ok(list);
  return { list, kept };
}

describe("a publication written from its diagnostics' kept JSON", () => {
  it("is JSON.stringify's bytes at every version of random edits, kept JSON reused (property)", async () => {
    const service = createLanguageService();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(0, 1),
        fc.array(fc.tuple(fc.nat(), fc.nat(40), PIECE, fc.constantFrom("middle", "start", "end")), {
          minLength: 1,
          maxLength: 5,
        }),
        async (which, edits) => {
          const record = RECORDS[which];
          const uri = `${URI}#${++run}`;
          const { out, message } = capture();
          let text = record;
          let list: PostedList | undefined;
          let reused = 0;
          for (let v = 1; v <= edits.length + 1; v++) {
            if (v > 1) {
              const [at, cut, piece, where] = edits[v - 2];
              const start = where === "start" ? 0 : where === "end" ? text.length : at % (text.length + 1);
              text = applyEdits(text, [{ start, end: Math.min(text.length, start + cut), text: piece }]);
            }
            const result = service.diagnostics({ uri, version: v, getText: () => text }, DEFAULT_SETTINGS);
            const before = new Set(list?.json);
            const next = held(list, result.diagnostics, v);
            list = next.list;
            // Every diagnostic the change keeps has its JSON carried with it, none other.
            const carried = (list.json ?? []).filter((j) => j && before.has(j)).length;
            assert.equal(carried, next.kept, `version ${v}: the JSON carried with the kept diagnostics`);
            reused += carried;
            const publication: Publication = { ...result, diagnostics: list.diagnostics, json: list.json };
            out.publish(uri, v, publication);
            const bytes = await jsonEncoder.encode(message(), { charset: "utf-8" });
            assert.ok(Buffer.from(bytes).equals(mainBytes(uri, v, result.diagnostics)), `version ${v}`);
            // Read as any other reader would (Node's IPC, a trace): LSP's diagnostics.
            const params = (message() as unknown as { params: unknown }).params;
            assert.equal(
              JSON.stringify(params),
              JSON.stringify(JSON.parse(mainBytes(uri, v, result.diagnostics).toString()).params),
            );
            await filled(list);
          }
          // A keystroke's version keeps most of the diagnostics (edits that move every line keep none).
          if (edits.some(([, cut, piece]) => cut === 0 && piece === "x")) assert.ok(reused > 0, "no JSON kept");
          service.forget(uri);
        },
      ),
      { numRuns: 12 },
    );
  });

  it("cuts a fix's version out of its own JSON only, whatever the text says", () => {
    const d: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } },
      severity: "warning",
      code: "x",
      message: 'a "version":"\u0000" and \u0000 and "version":7',
      source: "verbatim",
      data: { version: 7, title: '"version":"\u0000"', edits: [], safe: true },
    };
    const j = diagnosticJson(d);
    assert.ok(j.tail && d.data);
    const written = Buffer.concat([j.head, Buffer.from("12"), j.tail]).toString();
    assert.equal(written, JSON.stringify(toLspDiagnostic({ ...d, data: { ...d.data, version: 12 } })));
    // No fix: the whole JSON.
    const { data: _, ...bare } = d;
    assert.equal(diagnosticJson(bare).tail, undefined);
    assert.equal(diagnosticJson(bare).head.toString(), JSON.stringify(toLspDiagnostic(bare)));
  });

  it("reuses its buffer only once the writer has written the message before (vscode-jsonrpc's order)", async () => {
    // A stream that takes a chunk's bytes only when the test lets it (as a slow pipe would), and
    // calls back then: a buffer used again before that would be read with the next message's bytes.
    const order: string[] = [];
    const taken: Buffer[] = [];
    const waiting: (() => void)[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        waiting.push(() => {
          taken.push(Buffer.from(chunk));
          order.push("written");
          callback();
        });
      },
    });
    const encoder = reusingJsonEncoder();
    const writer = new StreamMessageWriter(stream, {
      charset: "utf-8",
      contentTypeEncoder: {
        name: encoder.name,
        encode: (msg, options) => {
          order.push("encoded");
          return encoder.encode(msg, options);
        },
      },
    });
    const service = createLanguageService();
    const messages: Message[] = [];
    const expected: Buffer[] = [];
    for (const [v, record] of RECORDS.entries()) {
      const { out, message } = capture();
      const result = service.diagnostics({ uri: URI, version: v + 1, getText: () => record }, DEFAULT_SETTINGS);
      // Every diagnostic's JSON kept: the message is written from them, into the reused buffer.
      out.publish(URI, v + 1, { ...result, json: result.diagnostics.map(diagnosticJson) });
      messages.push(message());
      expected.push(mainBytes(URI, v + 1, result.diagnostics));
    }
    const done = messages.map((m) => writer.write(m));
    let settled = false;
    void Promise.all(done).then(() => {
      settled = true;
    });
    for (let turn = 0; turn < 1000 && !settled; turn++) {
      waiting.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(settled);
    // Each message: its header, then its body; the second encoded only after the first's body.
    assert.deepEqual(order, ["encoded", "written", "written", "encoded", "written", "written"]);
    assert.ok(taken[1].equals(expected[0]), "the first message as written");
    assert.ok(taken[3].equals(expected[1]), "the second message as written");
  });

  it("leaves every other message to JSON.stringify", async () => {
    const msg = { jsonrpc: "2.0", method: METHOD, params: { uri: "file:///a", diagnostics: [] } } as Message;
    assert.equal(preparedMessageBytes(msg), undefined);
    const bytes = await jsonEncoder.encode(msg, { charset: "utf-8" });
    assert.equal(Buffer.from(bytes).toString(), JSON.stringify(msg));
  });
});
