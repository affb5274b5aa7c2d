import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { fullCollection } from "../../server/lsp/idle";

// The server's threads collect their heaps once idle (server/lsp/idle.ts) without Node's
// --expose-gc: the collection must be had, and must collect.

describe("a full collection without --expose-gc", () => {
  it("is had, collects what nothing holds, and leaves `gc` unexposed to new contexts", async () => {
    const gc = fullCollection();
    assert.equal(typeof gc, "function");
    let garbage: object | undefined = { big: new Array(1000).fill("x") };
    const ref = new WeakRef(garbage);
    garbage = undefined;
    // A WeakRef's target is kept until the job that made it ends.
    await new Promise((resolve) => setImmediate(resolve));
    gc?.();
    assert.equal(ref.deref(), undefined);
    const { runInNewContext } = await import("node:vm");
    assert.equal(runInNewContext("typeof gc"), "undefined");
  });
});
