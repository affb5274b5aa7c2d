// The server's connection: the transport the client chose, with two guards the libraries leave
// out. Over stdio, a stream whose framing is broken (a header without a usable Content-Length, a
// message cut short by the end of the input or by a stalled writer) is logged to stderr and the
// process exits with status 1, so that the client sees it die and starts it again, instead of a
// server that no longer hears anything. On every transport, requests before `initialize` get
// ServerNotInitialized and requests after `shutdown` get InvalidRequest, as LSP asks.

import {
  type Connection,
  createConnection,
  ErrorCodes,
  Message,
  type MessageStrategy,
  ProposedFeatures,
  ResponseError,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node";
import { REFUSING_METHODS } from "../../shared/protocol";
import { reusingJsonEncoder } from "./diagnosticsJson";

/**
 * How long, inside a message, the server waits for the next bytes before it gives up (ms). A client
 * writes a message in one go: over a local pipe even a 10 MB `didOpen` arrives in tens of
 * milliseconds, and the reader starts this clock again at every chunk, so only a writer that hung
 * or died in mid-message without closing the pipe waits this long. Ten seconds (vscode-jsonrpc's
 * own default, which nobody listened to) leaves a paused client (a long garbage collection, a
 * machine swapping) plenty of room. `VERBATIM_PARTIAL_MESSAGE_TIMEOUT_MS` overrides it (tests).
 */
export const PARTIAL_MESSAGE_TIMEOUT_MS = 10_000;

/** Where requests that arrive before `initialize` or after `shutdown` are sent to be refused. */
const { notInitialized: NOT_INITIALIZED, shutDown: SHUT_DOWN } = REFUSING_METHODS;

/** Logs why the server stops to stderr (the client shows it), then exits with status 1. */
function fail(why: string): never {
  process.stderr.write(`Verbatim language server: ${why}; exiting so that the client starts it again.\n`);
  process.exit(1);
}

/**
 * The connection for `--stdio`, `--node-ipc`, `--socket` or `--pipe`, as vscode-languageserver
 * reads them from the command line; over stdio with a reader whose errors end the process.
 */
export function createServerConnection(argv: readonly string[] = process.argv): Connection {
  const lifecycle = lifecycleStrategy();
  let connection: Connection;
  if (argv.includes("--stdio")) {
    const reader = new StreamMessageReader(process.stdin);
    const timeout = Number(process.env.VERBATIM_PARTIAL_MESSAGE_TIMEOUT_MS);
    reader.partialMessageTimeout = timeout > 0 ? timeout : PARTIAL_MESSAGE_TIMEOUT_MS;
    reader.onError((error) => {
      // A body that is not JSON leaves the framing intact: the next message can still be read.
      if (error instanceof SyntaxError) {
        process.stderr.write(`Verbatim language server: a message that is not JSON was ignored: ${error.message}\n`);
        return;
      }
      fail(`unreadable input from the client (${error.message.split("\n")[0]})`);
    });
    reader.onPartialMessage((info) =>
      fail(`a message from the client stopped arriving: nothing more came for ${info.waitingTime} ms`),
    );
    reader.onClose(() => {
      if (lifecycle.shutDown()) process.exit(0);
      // vscode-jsonrpc keeps where it is in the stream to itself: the length of the message it is
      // reading, or -1 between messages.
      const expected = (reader as unknown as { nextMessageLength?: unknown }).nextMessageLength;
      fail(
        typeof expected === "number" && expected >= 0
          ? `the input ended in the middle of a message (Content-Length ${expected}, its body incomplete)`
          : "the input ended without a shutdown request",
      );
    });
    // Publications are written from their diagnostics' kept JSON (diagnosticsJson.ts).
    const writer = new StreamMessageWriter(process.stdout, {
      charset: "utf-8",
      contentTypeEncoder: reusingJsonEncoder(),
    });
    connection = createConnection(ProposedFeatures.all, reader, writer, {
      messageStrategy: lifecycle,
    });
  } else {
    connection = createConnection(ProposedFeatures.all, { messageStrategy: lifecycle });
  }
  connection.onRequest(
    NOT_INITIALIZED,
    () => new ResponseError(ErrorCodes.ServerNotInitialized, "the server is not initialized: send initialize first"),
  );
  connection.onRequest(
    SHUT_DOWN,
    () => new ResponseError(ErrorCodes.InvalidRequest, "the server is shut down: only exit is expected"),
  );
  return connection;
}

/**
 * LSP's lifecycle rules, which vscode-languageserver does not enforce: before `initialize`, a
 * request is answered with ServerNotInitialized (-32002) and a notification other than `exit` is
 * dropped; after `shutdown`, a request is answered with InvalidRequest. A refused request is handed
 * on under another method, whose handler answers the error: the connection replies as for any
 * other request (its id, tracing).
 */
function lifecycleStrategy(): MessageStrategy & { shutDown(): boolean } {
  let initialized = false;
  let shutDown = false;
  return {
    shutDown: () => shutDown,
    handleMessage(message, next) {
      if (Message.isRequest(message)) {
        if (shutDown) return next({ ...message, method: SHUT_DOWN } as Message);
        if (message.method === "initialize") initialized = true;
        else if (!initialized) return next({ ...message, method: NOT_INITIALIZED } as Message);
        if (message.method === "shutdown") shutDown = true;
      } else if (Message.isNotification(message) && !initialized && message.method !== "exit") {
        return;
      }
      return next(message);
    },
  };
}
