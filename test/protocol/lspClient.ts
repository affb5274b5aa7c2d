import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import {
  createMessageConnection,
  type MessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-jsonrpc/node";

export const ROOT = join(__dirname, "..", "..");
export const SERVER = join(ROOT, "server", "out", "server.js");

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

/** Starts the bundled server over stdio and connects a bare JSON-RPC client to it. */
export function spawnServer(): { server: ChildProcess; connection: MessageConnection; stderr: () => string } {
  const server = spawn(process.execPath, [SERVER, "--stdio"], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  server.stderr?.on("data", (d) => {
    stderr += String(d);
  });
  const connection = createMessageConnection(
    new StreamMessageReader(server.stdout as NodeJS.ReadableStream),
    new StreamMessageWriter(server.stdin as NodeJS.WritableStream),
  );
  return { server, connection, stderr: () => stderr };
}
