// The PDF views' direct channel for the cursor's marks (issue 25): a stream of Server-Sent Events
// from the extension host to each view's page, beside VS Code's `postMessage`.
//
// Why. In code-server a `postMessage` to a webview crosses the window's main thread four times (the
// socket's frame, code-server's Blob read, VS Code's RPC to the webview's host frame, the host
// frame's post to the page), each a task queued behind the frames VS Code draws for the move that
// caused it (bench/RESULTS.md, "The PDF view in code-server"). An event of a stream the page reads
// itself reaches the page's thread once. VS Code maps the address to the browser
// (`vscode.env.asExternalUri`: code-server's `/proxy/PORT/` route, desktop VS Code's webview
// `portMapping`); every other message stays on `postMessage`, and a view whose stream is not open
// is sent its marks by `postMessage` (client/src/pdfView.ts).
//
// The server: Node's `http`, on 127.0.0.1 and a port the system picks, every path under a random
// token (a page that does not know it gets 404, as any other path); one stream a view, at
// `/TOKEN/VIEW`. A request whose Origin is not one the views are served from is refused (403).
// Nothing else: no files, no other methods. Plain `http` and SSE, not a WebSocket package: the
// channel goes one way, the browser's EventSource reconnects by itself, and proxies pass a stream
// of text through unchanged. No `vscode` here (unit-tested in plain Node: test/unit/followChannel.test.ts).
import { randomBytes, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A comment sent this often on an idle stream, so that no proxy on its way closes it for silence (ms). */
const HEARTBEAT_MS = 25_000;
/** How long a view's page waits before it opens its stream again after losing it (ms; EventSource's `retry`). */
const RETRY_MS = 1_000;

/** What the channel says in the extension's output channel. */
export interface ChannelLog {
  info(text: string): void;
  warn(text: string): void;
}

export class FollowChannel {
  private server: Server | undefined;
  private starting: Promise<number> | undefined;
  private readonly token = randomBytes(24).toString("hex");
  /** View id → its page's open stream, if any. */
  private readonly streams = new Map<string, ServerResponse>();
  /** The views that may subscribe (a stream for another id is refused). */
  private readonly views = new Set<string>();
  private heartbeat: ReturnType<typeof setInterval> | undefined;
  private closed = false;

  /**
   * @param origins whether a request's Origin header is one of the views' (a request without one,
   *   as a same-origin GET through code-server's proxy has, is let through: the token is the key).
   * @param opened called when a view's stream opens (true) or closes (false).
   */
  constructor(
    private readonly log: ChannelLog,
    private readonly origins: (origin: string) => boolean,
    private readonly opened: (view: string, open: boolean) => void = () => undefined,
  ) {}

  /** Starts the server (once) on 127.0.0.1: its port. */
  start(): Promise<number> {
    if (this.closed) return Promise.reject(new Error("the channel is closed"));
    this.starting ??= new Promise<number>((resolve, reject) => {
      const server = createServer((req, res) => this.handle(req, res));
      server.on("error", (e) => {
        this.log.warn(`PDF view: the direct channel failed: ${e.message}`);
        reject(e);
      });
      server.listen(0, "127.0.0.1", () => {
        this.server = server;
        const { port } = server.address() as AddressInfo;
        this.heartbeat = setInterval(() => {
          for (const res of this.streams.values()) res.write(":\n\n");
        }, HEARTBEAT_MS);
        this.heartbeat.unref();
        this.log.info(`PDF view: direct channel for the marks on 127.0.0.1:${port}`);
        resolve(port);
      });
    });
    return this.starting;
  }

  /** The channel's root address on this machine: a view's is its id under it. */
  async root(): Promise<string> {
    const port = await this.start();
    return `http://127.0.0.1:${port}/${this.token}/`;
  }

  /** A view let subscribe (at its id under the root). */
  allow(view: string): void {
    if (!this.closed) this.views.add(view);
  }

  /** A view's address on this machine (the one its page subscribes to, before VS Code maps it). */
  async address(view: string): Promise<string> {
    const root = await this.root();
    this.allow(view);
    return `${root}${view}`;
  }

  /** Whether a view's page has its stream open. */
  isOpen(view: string): boolean {
    return this.streams.has(view);
  }

  /** Sends a message to a view's page on its stream: false when it has none open (the caller posts it instead). */
  send(view: string, message: unknown): boolean {
    const res = this.streams.get(view);
    if (!res || res.destroyed || res.writableEnded) return false;
    // Written (or queued by the socket: still sent, in order).
    res.write(`data: ${JSON.stringify(message)}\n\n`);
    return true;
  }

  /** A view gone: its stream ended, its address refused from now on. */
  forget(view: string): void {
    this.views.delete(view);
    const res = this.streams.get(view);
    this.streams.delete(view);
    res?.end();
  }

  /** Every stream ended and the server closed (the extension deactivated). */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.heartbeat);
    for (const res of this.streams.values()) res.end();
    this.streams.clear();
    this.views.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const [, token = "", view = "", ...rest] = (req.url ?? "").split("?")[0].split("/");
    const origin = req.headers.origin;
    if (!this.tokenIs(token) || rest.length || !this.views.has(view)) {
      refuse(res, 404);
      return;
    }
    if (origin !== undefined && !this.origins(origin)) {
      this.log.warn(`PDF view: a request from ${origin} for the direct channel was refused`);
      refuse(res, 403);
      return;
    }
    const cors = origin === undefined ? {} : { "Access-Control-Allow-Origin": origin, Vary: "Origin" };
    if (req.method === "OPTIONS") {
      res.writeHead(204, { ...cors, "Access-Control-Allow-Methods": "GET" }).end();
      return;
    }
    if (req.method !== "GET") {
      refuse(res, 405);
      return;
    }
    req.socket.setNoDelay(true);
    res.writeHead(200, {
      ...cors,
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      "X-Accel-Buffering": "no",
      Connection: "keep-alive",
    });
    res.write(`retry: ${RETRY_MS}\n: open\n\n`);
    // A page that opens its stream again (a reload, a lost connection) replaces the old one.
    const old = this.streams.get(view);
    this.streams.set(view, res);
    old?.end();
    this.opened(view, true);
    res.on("close", () => {
      if (this.streams.get(view) !== res) return;
      this.streams.delete(view);
      this.opened(view, false);
    });
  }

  private tokenIs(token: string): boolean {
    const a = Buffer.from(token);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

function refuse(res: ServerResponse, status: number): void {
  res.writeHead(status, { "Content-Type": "text/plain" }).end();
}

/** A random id for a view (a path segment of its stream's address). */
export const viewId = () => randomBytes(12).toString("hex");
