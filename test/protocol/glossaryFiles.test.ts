import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { pathToFileURL } from "node:url";
import { ADD_TO_GLOSSARY_SERVER_COMMAND } from "../../shared/constants";
import { untilAsync } from "./lspClient";
import { startWorkspace, type Workspace } from "./workspace";

// The team glossary file as untrusted input: only a regular file, at most 5 MB, inside the
// workspace when it is the workspace's; errors that never quote the file; category names that
// are only names; and *Add to glossary* editing the JSON in place, or refusing a file it cannot
// parse. A server that reads a FIFO would block: each test has a time limit.

const TIMEOUT = { timeout: 30000 };
const text = "The XYZQ met the CTED.\n";
const XYZQ = JSON.stringify({ XYZQ: "Experimental Zone Quorum" });

/** A workspace folder with `.verbatim/` in it, and a folder outside it. */
function folders() {
  const workspace = mkdtempSync(join(tmpdir(), "verbatim-ws-"));
  mkdirSync(join(workspace, ".verbatim"));
  const outside = mkdtempSync(join(tmpdir(), "verbatim-outside-"));
  return { workspace, outside, glossary: join(workspace, ".verbatim", "glossary.json") };
}

/** Starts a server on the workspace, runs `body`, and stops the server whatever happens. */
async function withServer(workspace: string, settings: unknown, body: (ws: Workspace, uri: string) => Promise<void>) {
  const ws = await startWorkspace(workspace, settings);
  try {
    await body(ws, pathToFileURL(join(workspace, "record.transcript")).href);
  } finally {
    ws.stop();
  }
}

const said = (ws: Workspace, pattern: RegExp) =>
  untilAsync(`a message matching ${pattern}`, async () =>
    ws.messages.some((m) => pattern.test(m)) ? true : undefined,
  );

describe("the team glossary file over LSP", () => {
  it("refuses a workspace glossary that is a link to /dev/zero, in time", TIMEOUT, async () => {
    const { workspace, glossary } = folders();
    symlinkSync("/dev/zero", glossary);
    await withServer(workspace, undefined, async (ws, uri) => {
      assert.match(await ws.hover(uri, text, "XYZQ"), /not defined/);
      await said(ws, /glossary\.json leads outside the workspace folder .*: not used/);
    });
  });

  it("refuses a FIFO as the workspace glossary without opening it", TIMEOUT, async () => {
    const { workspace, glossary } = folders();
    execFileSync("mkfifo", [glossary]);
    await withServer(workspace, undefined, async (ws, uri) => {
      assert.match(await ws.hover(uri, text, "XYZQ"), /not defined/);
      await said(ws, /glossary\.json is a FIFO, not a regular file: not read/);
    });
  });

  it(
    "refuses a workspace glossary that a link, or a relative setting, leads out of the workspace",
    TIMEOUT,
    async () => {
      const { workspace, outside, glossary } = folders();
      writeFileSync(join(outside, "g.json"), XYZQ);
      symlinkSync(join(outside, "g.json"), glossary);
      await withServer(workspace, undefined, async (ws, uri) => {
        assert.match(await ws.hover(uri, text, "XYZQ"), /not defined/);
        await said(ws, /leads outside the workspace folder/);
      });
      const relative = join("..", outside.split(/[/\\]/).pop() ?? "", "g.json");
      await withServer(workspace, { glossary: { path: relative } }, async (ws, uri) => {
        assert.match(await ws.hover(uri, text, "XYZQ"), /not defined/);
        await said(ws, /leads outside the workspace folder/);
      });
    },
  );

  it("reads a user's absolute path anywhere, but a regular file only", TIMEOUT, async () => {
    const { workspace, outside } = folders();
    writeFileSync(join(outside, "g.json"), XYZQ);
    await withServer(workspace, { glossary: { path: join(outside, "g.json") } }, async (ws, uri) => {
      assert.match(await ws.hover(uri, text, "XYZQ"), /Experimental Zone Quorum/);
    });
    symlinkSync("/dev/zero", join(outside, "zero.json"));
    await withServer(workspace, { glossary: { path: join(outside, "zero.json") } }, async (ws, uri) => {
      assert.match(await ws.hover(uri, text, "XYZQ"), /not defined/);
      await said(ws, /zero\.json is a character device, not a regular file: not read/);
    });
  });

  it("reports a JSON error by line and column, never with the file's content", TIMEOUT, async () => {
    const { workspace, glossary } = folders();
    writeFileSync(glossary, '{\n  "XYZQ": root:$6$secret\n}\n');
    await withServer(workspace, undefined, async (ws, uri) => {
      await ws.hover(uri, text, "XYZQ");
      await said(ws, /not valid JSON at line 2, column 11: invalid symbol/);
      assert.ok(!ws.messages.some((m) => /root|secret/.test(m)), ws.messages.join("\n"));
    });
  });

  it("takes a category named constructor, __proto__, toString or valueOf as a name", TIMEOUT, async () => {
    const { workspace, glossary } = folders();
    const names = ["constructor", "__proto__", "toString", "valueOf"];
    const acronyms = ["AAQ", "BBQ", "CCQ", "DDQ"];
    writeFileSync(
      glossary,
      JSON.stringify({
        entries: names.map((category, k) => ({ acronym: acronyms[k], expansion: `Long ${k}`, category })),
      }),
    );
    const doc = `${acronyms.join(" and ")} met the NATO delegation.\n`;
    await withServer(workspace, undefined, async (ws, uri) => {
      for (const [k, acronym] of acronyms.entries()) {
        const hover = (await ws.hover(uri, doc, acronym)).replace(/\\/g, "");
        assert.match(hover, new RegExp(`Long ${k}\n\nFrom the team glossary`));
        assert.ok(hover.includes(`· ${names[k]}\n`), hover);
      }
      assert.match(await ws.hover(uri, doc, "NATO"), /North Atlantic Treaty Organization/);
    });
  });
});

describe("Add to glossary edits the JSON in place", () => {
  const add = (ws: Workspace, acronym: string, expansion: string) =>
    ws.connection.sendRequest("workspace/executeCommand", {
      command: ADD_TO_GLOSSARY_SERVER_COMMAND,
      arguments: [{ acronym, expansion }],
    });

  it("keeps comments, order and formatting of the shorthand shape", TIMEOUT, async () => {
    const { workspace, glossary } = folders();
    const before = [
      "{",
      "  // Counter-terrorism, as the Committee writes it",
      '  "CTED": "Counter-Terrorism Committee Executive Directorate",',
      '  /* a late one */ "ZZQ":   "Zed Quorum"',
      "}",
      "",
    ].join("\n");
    writeFileSync(glossary, before);
    await withServer(workspace, undefined, async (ws, uri) => {
      await add(ws, "XYZQ", "Experimental Zone Quorum");
      assert.equal(
        readFileSync(glossary, "utf8"),
        before.replace('"Zed Quorum"', '"Zed Quorum",\n  "XYZQ": "Experimental Zone Quorum"'),
      );
      assert.match(await ws.hover(uri, text, "XYZQ"), /Experimental Zone Quorum/);
    });
  });

  it(
    "keeps comments, order and formatting of the entries shape, placing the entry by its acronym",
    TIMEOUT,
    async () => {
      const { workspace, glossary } = folders();
      const before = [
        "{",
        "    // Reviewed by the team in May",
        '    "entries": [',
        '        { "acronym": "CTED", "expansion": "Counter-Terrorism Committee Executive Directorate" }, // ours',
        '        { "acronym": "ZZQ", "expansion": "Zed Quorum" }',
        "    ]",
        "}",
        "",
      ].join("\r\n");
      writeFileSync(glossary, before);
      await withServer(workspace, undefined, async (ws) => {
        await add(ws, "XYZQ", "Experimental Zone Quorum");
        assert.equal(
          readFileSync(glossary, "utf8"),
          before.replace(
            '        { "acronym": "ZZQ"',
            '        { "acronym": "XYZQ", "expansion": "Experimental Zone Quorum" },\r\n        { "acronym": "ZZQ"',
          ),
        );
      });
    },
  );

  it("refuses a file it cannot parse, naming line and column, and writes nothing", TIMEOUT, async () => {
    const { workspace, glossary } = folders();
    const before = '{\n  "entries": [\n    { "acronym": "CTED" "expansion": "C" }\n  ]\n}\n';
    writeFileSync(glossary, before);
    await withServer(workspace, undefined, async (ws) => {
      await add(ws, "XYZQ", "Experimental Zone Quorum");
      await said(ws, /cannot be edited: not valid JSON at line 3, column 25: comma expected\. Nothing was written\./);
      assert.equal(ws.applyEdits(), 0);
      assert.equal(readFileSync(glossary, "utf8"), before);
    });
  });

  it("writes no glossary that a link leads out of the workspace", TIMEOUT, async () => {
    const { workspace, outside, glossary } = folders();
    writeFileSync(join(outside, "g.json"), XYZQ);
    symlinkSync(join(outside, "g.json"), glossary);
    await withServer(workspace, undefined, async (ws) => {
      await add(ws, "ABCQ", "Another Body");
      await said(ws, /leads outside the workspace folder .*: not used\. Nothing was written\./);
      assert.equal(ws.applyEdits(), 0);
      assert.equal(readFileSync(join(outside, "g.json"), "utf8"), XYZQ);
    });
  });
});
