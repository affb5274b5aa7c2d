import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { recordPath } from "../corpus/records";
import { initialize, spawnServer, until } from "./lspClient";

// The built analyst runs from V8's code cache (server/cli/launch.ts, server/lsp/analyst.ts): its
// first server writes the cache once idle after an analysis, with the functions the analysis ran
// compiled; the next server's analyst starts from it. What the servers publish is the same
// whatever the cache holds: written by another server, damaged, or none.

const RECORD = readFileSync(recordPath("S_PV.8699", "raw"), "utf8");
const URI = "file:///S_PV.8699.txt";

/** A server with `cache` as its code cache folder: the codes it publishes for RECORD, then stopped. */
async function publishedCodes(cache: string, afterwards?: () => Promise<void>): Promise<string[]> {
  const { server, connection, stderr } = spawnServer({ VERBATIM_CACHE_DIR: cache });
  try {
    let codes: string[] | undefined;
    connection.onNotification(
      "textDocument/publishDiagnostics",
      (p: { uri: string; version?: number; diagnostics: { code: string }[] }) => {
        if (p.uri === URI && p.version === 1) codes = p.diagnostics.map((d) => d.code);
      },
    );
    connection.onNotification(() => {});
    connection.listen();
    await initialize(connection);
    await connection.sendNotification("textDocument/didOpen", {
      textDocument: { uri: URI, languageId: "transcript", version: 1, text: RECORD },
    });
    const result = await until("the diagnostics", () => codes, 60_000);
    await afterwards?.();
    assert.equal(server.exitCode, null, stderr());
    return result;
  } finally {
    connection.dispose();
    server.kill();
  }
}

const cached = (cache: string) => {
  try {
    return readdirSync(cache).filter((f) => /^analyst-code\.js-[0-9a-f]{8}\.v8$/.test(f));
  } catch {
    return [];
  }
};

describe("the analyst from the code cache", { timeout: 180_000 }, () => {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-analyst-cache-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("is written once the first server is idle, read by the next, and the diagnostics are the same", async () => {
    const cache = join(dir, "cache");
    const none = await publishedCodes("");
    assert.ok(none.length > 0);
    const first = await publishedCodes(cache, async () => {
      await until("the analyst's code cache", () => (cached(cache).length ? true : undefined), 60_000);
    });
    assert.deepEqual(first, none);
    const [file] = cached(cache);
    // Bytecode of the functions the analysis ran, not only the bundle's top level (some 140 KB).
    assert.ok(readFileSync(join(cache, file)).length > 200_000);
    assert.deepEqual(await publishedCodes(cache), none);
    // A damaged cache is compiled afresh, as without one.
    const bytes = readFileSync(join(cache, file));
    bytes[bytes.length >> 1] ^= 0xff;
    writeFileSync(join(cache, file), bytes);
    assert.deepEqual(await publishedCodes(cache), none);
  });
});
