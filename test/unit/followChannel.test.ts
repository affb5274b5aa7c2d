import assert from "node:assert/strict";
import { type ClientRequest, type IncomingMessage, request } from "node:http";
import { after, describe, it } from "node:test";
import { FollowChannel, viewId } from "../../client/src/followChannel";

// The PDF views' direct channel for the cursor's marks (client/src/followChannel.ts), as a view's
// page (or anything else on the machine) reaches it over HTTP: only its token's paths and its
// views' origins are answered; a view's stream carries the messages sent to it, in order; a view
// or the extension gone closes its stream.

const VIEW_ORIGIN = "http://127.0.0.1:8080";

interface Said {
  info: string[];
  warn: string[];
}

function channel(opened?: (view: string, open: boolean) => void) {
  const said: Said = { info: [], warn: [] };
  const c = new FollowChannel(
    { info: (t) => said.info.push(t), warn: (t) => said.warn.push(t) },
    (origin) => origin === VIEW_ORIGIN,
    opened,
  );
  return { c, said };
}

/** A GET of `url` (headers as given): the response, once its head is in. */
function get(url: string, headers: Record<string, string> = {}, method = "GET") {
  return new Promise<{ res: IncomingMessage; req: ClientRequest }>((resolve, reject) => {
    const req = request(url, { method, headers, agent: false }, (res) => resolve({ res, req }));
    req.on("error", reject);
    req.end();
  });
}

/** The events of a stream as they come: `next()` resolves with the next `data:` line's JSON. */
function events(res: IncomingMessage) {
  let buffer = "";
  const queue: unknown[] = [];
  const waiting: ((m: unknown) => void)[] = [];
  let ended = false;
  const ends: (() => void)[] = [];
  res.setEncoding("utf8");
  res.on("data", (chunk: string) => {
    buffer += chunk;
    for (let at = buffer.indexOf("\n\n"); at >= 0; at = buffer.indexOf("\n\n")) {
      const block = buffer.slice(0, at);
      buffer = buffer.slice(at + 2);
      for (const line of block.split("\n"))
        if (line.startsWith("data: ")) {
          const m = JSON.parse(line.slice(6));
          const w = waiting.shift();
          if (w) w(m);
          else queue.push(m);
        }
    }
  });
  res.on("end", () => {
    ended = true;
    for (const e of ends) e();
  });
  return {
    next: () => new Promise<unknown>((resolve) => (queue.length ? resolve(queue.shift()) : waiting.push(resolve))),
    ended: () => new Promise<void>((resolve) => (ended ? resolve() : ends.push(resolve))),
  };
}

/** Waits until `ok()` holds (the server's side of a closed connection is seen a moment later). */
async function until(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise<void>((resolve) => setImmediate(resolve));
}

describe("the PDF views' direct channel (client/src/followChannel.ts)", () => {
  const open: FollowChannel[] = [];
  after(async () => {
    for (const c of open) await c.close();
  });

  it("serves a view's stream under its token on 127.0.0.1, and carries its messages in order", async () => {
    const changes: [string, boolean][] = [];
    const { c } = channel((v, o) => changes.push([v, o]));
    open.push(c);
    const view = viewId();
    const url = await c.address(view);
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/[0-9a-f]{48}\/[0-9a-f]{24}$/);
    assert.equal(c.send(view, { n: 0 }), false, "no stream open yet: the caller posts it");
    const { res } = await get(url);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers["content-type"] ?? "", /^text\/event-stream/);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    const stream = events(res);
    await until(() => c.isOpen(view));
    assert.deepEqual(changes, [[view, true]]);
    for (let n = 1; n <= 50; n++) assert.equal(c.send(view, { type: "show", seq: n, text: "’ – é" }), true);
    for (let n = 1; n <= 50; n++) assert.deepEqual(await stream.next(), { type: "show", seq: n, text: "’ – é" });
    // The page goes: its stream is closed on the server's side too, and said.
    res.destroy();
    await until(() => !c.isOpen(view));
    assert.deepEqual(changes, [
      [view, true],
      [view, false],
    ]);
    assert.equal(c.send(view, { n: 51 }), false);
  });

  it("answers 404 to a wrong token, an unknown view, any other path", async () => {
    const { c } = channel();
    open.push(c);
    const view = viewId();
    const url = new URL(await c.address(view));
    const [, token] = url.pathname.split("/");
    const wrong = token.replace(/^./, (ch) => (ch === "0" ? "1" : "0"));
    for (const path of [
      `/${wrong}/${view}`,
      `/${token.slice(1)}/${view}`,
      `/${token}/${viewId()}`,
      `/${token}/${view}/more`,
      `/${token}`,
      "/",
      `/${"x".repeat(8000)}`,
    ]) {
      const { res } = await get(`${url.origin}${path}`);
      res.resume();
      assert.equal(res.statusCode, 404, path.slice(0, 80));
    }
    assert.equal(c.isOpen(view), false);
  });

  it("refuses a request from another origin (403, said), lets the views' origin through with CORS", async () => {
    const { c, said } = channel();
    open.push(c);
    const view = viewId();
    const url = await c.address(view);
    const refused = await get(url, { Origin: "http://evil.example" });
    refused.res.resume();
    assert.equal(refused.res.statusCode, 403);
    assert.equal(c.isOpen(view), false);
    assert.ok(said.warn.some((w) => w.includes("http://evil.example")));
    const other = await get(url, { Origin: VIEW_ORIGIN }, "POST");
    other.res.resume();
    assert.equal(other.res.statusCode, 405);
    const ok = await get(url, { Origin: VIEW_ORIGIN });
    assert.equal(ok.res.statusCode, 200);
    assert.equal(ok.res.headers["access-control-allow-origin"], VIEW_ORIGIN);
    ok.res.destroy();
  });

  it("a page that subscribes again replaces its old stream; a view gone ends its stream and is refused", async () => {
    const { c } = channel();
    open.push(c);
    const view = viewId();
    const url = await c.address(view);
    const first = await get(url);
    const firstEvents = events(first.res);
    await until(() => c.isOpen(view));
    const second = await get(url);
    const secondEvents = events(second.res);
    await firstEvents.ended();
    assert.equal(c.isOpen(view), true);
    c.send(view, { seq: 7 });
    assert.deepEqual(await secondEvents.next(), { seq: 7 });
    c.forget(view);
    await secondEvents.ended();
    assert.equal(c.isOpen(view), false);
    const again = await get(url);
    again.res.resume();
    assert.equal(again.res.statusCode, 404);
  });

  it("closes every stream and stops listening when the extension goes", async () => {
    const { c } = channel();
    const views = [viewId(), viewId()];
    const urls = await Promise.all(views.map((v) => c.address(v)));
    const streams = await Promise.all(urls.map(async (u) => events((await get(u)).res)));
    await until(() => views.every((v) => c.isOpen(v)));
    await c.close();
    await Promise.all(streams.map((s) => s.ended()));
    await assert.rejects(get(urls[0]), /ECONNREFUSED/);
    await assert.rejects(c.address(viewId()), /closed/);
    assert.equal(c.send(views[0], {}), false);
  });
});
