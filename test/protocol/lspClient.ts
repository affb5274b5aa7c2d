import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";
import { SERVER_ENV, SERVER_EXEC_ARGV } from "../../shared/constants";

export const ROOT = join(__dirname, "..", "..");
export const SERVER = join(ROOT, "server", "out", "server.js");

/**
 * A reader of the server's messages on `stdout`. vscode-jsonrpc's reader, holding part of a
 * message when the server is stopped mid-write (a large publication), re-arms a 10-second timer
 * for it for ever, and the test file's process never ends: it held a CI run 13 minutes after
 * test/protocol/analystCodeCache.test.ts passed (2026-12-07). No such timer here.
 */
export function serverReader(stdout: NodeJS.ReadableStream): StreamMessageReader {
  const reader = new StreamMessageReader(stdout);
  reader.partialMessageTimeout = 0;
  return reader;
}

/** Polls until `check` returns a value, or fails after the deadline. Never a fixed sleep. */
export async function until<T>(what: string, check: () => T | undefined, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Polls an asynchronous check (a request) until it returns a value. */
export async function untilAsync<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Starts the bundled server over stdio, with Node's options as the VS Code client gives them, and
 * connects a bare JSON-RPC client to it. `BENCH_SERVER_ARGS` (benchmarks only): more of Node's
 * options for the server, space-separated (`--cpu-prof --cpu-prof-dir=DIR`: a profile per thread).
 */
export function spawnServer(env: Record<string, string> = {}): {
  server: ChildProcess;
  connection: MessageConnection;
  stderr: () => string;
} {
  const server = spawn(
    process.execPath,
    [...SERVER_EXEC_ARGV, ...(process.env.BENCH_SERVER_ARGS?.split(" ") ?? []), SERVER, "--stdio"],
    {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, ...SERVER_ENV, ...env },
    },
  );
  let stderr = "";
  server.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const connection = createMessageConnection(
    serverReader(server.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(server.stdin as NodeJS.WritableStream),
  );
  return { server, connection, stderr: () => stderr };
}

/** A short Security Council record, with a cover page, page furniture and two speeches. */
export const RECORD = `United Nations S/PV.7351
Security Council
Sixty-ninth year
7351st meeting
Friday, 19 December 2014, 10 a.m.

This record contains the text of speeches delivered in English.
(http://documents.un.org).

The President (spoke in French): I welcome the members.
2/17 14-73556
Mrs. Šorytė (Lithuania): I thank you, Mr. President,
for convening this meeting on S/2014/123.
`;

/** The handshake: `initialize` (no workspace folder unless `params` names one), then `initialized`. */
export async function initialize(
  connection: MessageConnection,
  params: Record<string, unknown> = {},
): Promise<unknown> {
  const result = await connection.sendRequest("initialize", {
    processId: process.pid,
    rootUri: null,
    capabilities: {},
    ...params,
  });
  await connection.sendNotification("initialized", {});
  return result;
}

/** A client that watches files and applies edits (what the team glossary's tests need). */
export const WORKSPACE_CAPABILITIES = {
  workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, applyEdit: true },
};
