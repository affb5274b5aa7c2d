import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const ROOT = join(__dirname, "..", "..");
export const CLI = join(ROOT, "server", "out", "cli.js");

/**
 * Runs the built CLI. A time limit, so that a CLI that blocks on a FIFO or walks a folder
 * without end fails the test instead of hanging it.
 */
export function verbatim(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    encoding: "utf8",
    timeout: 20000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: r.status, out: r.stdout, err: r.stderr, timedOut: r.error !== undefined };
}

/** A fresh folder with these files in it. */
export function tempFiles(files: Record<string, string | Buffer> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), "verbatim-cli-"));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

/** A user's mistake gets one line, never a stack trace. */
export const STACK = /^\s+at .+[(:]\d+/m;

/** Damage every safe fix repairs: a split word, a fused one, a page number, a split paragraph. */
export const DAMAGED = "The transna-\ntional threat is in\n\nthejoint report of the Council.\n2/17 14-73556\n";
export const FIXED = "The transnational\nthreat is in\nthe joint report of the Council.\n";
