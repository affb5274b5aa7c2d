import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { InitializeParams } from "vscode-languageserver/node";
import { Settings } from "../../server/lsp/settings";
import { DEFAULT_SETTINGS, type VerbatimSettings } from "../../server/src/index";

// The server's settings alone (server/lsp/settings.ts): from initialize, pulled, pushed.

function host(pulled: () => Promise<unknown> = async () => ({})) {
  const log = { warnings: [] as string[], changes: [] as VerbatimSettings[] };
  const settings = new Settings({
    pull: pulled,
    warn: (m) => log.warnings.push(m),
    changed: (s) => log.changes.push(s),
  });
  return { settings, log };
}

const init = (configuration: boolean, settings?: unknown) =>
  ({
    processId: null,
    rootUri: null,
    capabilities: { workspace: { configuration } },
    initializationOptions: { settings },
  }) as unknown as InitializeParams;

describe("the server's settings", () => {
  it("takes the initialization options' settings, reports a wrong value and keeps its default", () => {
    // Handed on even when they are the defaults: what depends on them (the glossary) is read then.
    const plain = host();
    plain.settings.initialize(init(false));
    assert.equal(plain.log.changes.length, 1);
    const { settings, log } = host();
    settings.initialize(init(false, { speeches: { wordsPerMinute: 90 }, maxProblems: "many" }));
    assert.equal(settings.current.wordsPerMinute, 90);
    assert.equal(settings.current.maxProblems, DEFAULT_SETTINGS.maxProblems);
    assert.equal(log.changes.length, 1);
    assert.equal(log.warnings.length, 1);
    assert.match(log.warnings[0], /maxProblems/);
    assert.equal(settings.canPull, false);
  });

  it("pulls the settings when the client can be asked, the defaults when asking fails", async () => {
    let answer: () => Promise<unknown> = async () => ({ speeches: { wordsPerMinute: 150 } });
    const { settings, log } = host(() => answer());
    settings.initialize(init(true));
    await settings.refresh();
    assert.equal(settings.current.wordsPerMinute, 150);
    // A pushed change is not read when settings can be pulled: they are pulled again.
    answer = async () => ({ speeches: { wordsPerMinute: 130 } });
    await settings.didChange({ settings: { verbatim: { speeches: { wordsPerMinute: 60 } } } });
    assert.equal(settings.current.wordsPerMinute, 130);
    // The same settings again (VS Code's client pushes what it answers): nothing to do again.
    await settings.didChange({ settings: { verbatim: { speeches: { wordsPerMinute: 60 } } } });
    assert.equal(log.changes.length, 3);
    answer = () => Promise.reject(new Error("no client"));
    await settings.refresh();
    assert.deepEqual(settings.current, DEFAULT_SETTINGS);
    assert.equal(log.changes.length, 4);
  });

  it("reads a pushed change when the client cannot be asked, whatever its shape", async () => {
    const { settings, log } = host(() => assert.fail("not asked"));
    settings.initialize(init(false));
    await settings.refresh();
    await settings.didChange({ settings: { verbatim: { speeches: { wordsPerMinute: 60 } } } });
    assert.equal(settings.current.wordsPerMinute, 60);
    await settings.didChange(null);
    await settings.didChange({ settings: "verbatim" });
    assert.deepEqual(settings.current, DEFAULT_SETTINGS);
    // Initialized, changed to 60, back to the defaults; the second push of the defaults changed nothing.
    assert.equal(log.changes.length, 3);
  });
});
