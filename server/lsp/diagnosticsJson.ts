// A publication's JSON written from each diagnostic's JSON, kept between versions. A 10 MB
// record's 1,000 diagnostics (the cap) are some 400 KB of JSON, which vscode-jsonrpc's writer
// made anew at every edit (`JSON.stringify` of the whole message, then its UTF-8 bytes: some 5 ms
// of the main thread's and its collections, on the path from the edit to its diagnostics), when
// a keystroke changes a few diagnostics or none. Each diagnostic's bytes are kept beside it in
// the list the main thread holds (`PostedList.json`, diagnosticsChange.ts), split around its
// fix's version, the one value a kept diagnostic changes (`sameDiagnostic`); a publication over
// stdio is written from them (`jsonEncoder`, connection.ts): the same bytes as `JSON.stringify`
// of the message (test/unit/diagnosticsJson.test.ts, random edits of real records). Over IPC
// (VS Code), Node writes the message itself: the object form, converted when it is read.

import type { ContentTypeEncoder, ContentTypeEncoderOptions, Message } from "vscode-languageserver/node";
import type { Diagnostic } from "../src/index";
import { toLspDiagnostic } from "./convert";

/**
 * A diagnostic's JSON as LSP's (`toLspDiagnostic`), in UTF-8: `head`, then its fix's version
 * (`data.version`) written as JSON, then `tail`; or all in `head` (no fix, or a version that could
 * not be told apart).
 */
export interface DiagnosticJson {
  head: Buffer;
  tail?: Buffer;
}

/** What a publication's params carry for the stdio writer: its diagnostics and their kept JSON. */
export interface PreparedDiagnostics {
  /** The params as JSON would write them with no diagnostic: `"diagnostics":[]` in place of the list. */
  shell: object;
  diagnostics: readonly Diagnostic[];
  /** Each diagnostic's JSON once written, `undefined` until then; filled as the message is written. */
  json: (DiagnosticJson | undefined)[];
}

/** The key under which a publication's params carry their `PreparedDiagnostics` (JSON leaves out symbols). */
export const PREPARED = Symbol("prepared diagnostics");

/** A fix's version in the JSON text, to be cut out: a string JSON writes as `"\u0000"`. */
const MARK = "\u0000";
const MARKED = `"version":${JSON.stringify(MARK)}`;
const VERSION_KEY = '"version":';

/** The diagnostic's JSON, split around its fix's version. */
export function diagnosticJson(d: Diagnostic): DiagnosticJson {
  const lsp = toLspDiagnostic(d);
  const data = lsp.data as { version?: unknown } | undefined;
  if (typeof data?.version !== "number") return { head: Buffer.from(JSON.stringify(lsp)) };
  const text = JSON.stringify({ ...lsp, data: { ...data, version: MARK } });
  // A raw quote is only ever a string's delimiter in JSON (a quote inside a string is escaped):
  // `"version":"\u0000"` is a key and its value, and only the fix's has that value.
  const at = text.indexOf(MARKED);
  if (at < 0 || text.indexOf(MARKED, at + 1) >= 0) return { head: Buffer.from(JSON.stringify(lsp)) };
  return {
    head: Buffer.from(text.slice(0, at + VERSION_KEY.length)),
    tail: Buffer.from(text.slice(at + MARKED.length)),
  };
}

/** The bytes of `[d, d, …]` (the diagnostics' JSON array), each diagnostic's JSON kept in `json`. */
function diagnosticsBytes(prepared: PreparedDiagnostics): Buffer[] {
  const { diagnostics, json } = prepared;
  const out: Buffer[] = [OPEN];
  let version: unknown;
  let versionBytes = EMPTY;
  for (let i = 0; i < diagnostics.length; i++) {
    const d = diagnostics[i];
    let j = json[i];
    if (!j) {
      j = diagnosticJson(d);
      json[i] = j;
    }
    if (i > 0) out.push(COMMA);
    out.push(j.head);
    if (!j.tail) continue;
    const v = d.data?.version;
    if (v !== version || versionBytes === EMPTY) {
      version = v;
      versionBytes = Buffer.from(JSON.stringify(v));
    }
    out.push(versionBytes, j.tail);
  }
  out.push(CLOSE);
  return out;
}

const OPEN = Buffer.from("[");
const CLOSE = Buffer.from("]");
const COMMA = Buffer.from(",");
const EMPTY = Buffer.alloc(0);
const EMPTY_LIST = '"diagnostics":[]';

/** Diagnostics whose JSON is made a turn of the event loop, once a list is written whole. */
const FILLED_A_TURN = 200;

/**
 * Each diagnostic's JSON, made after the message was written whole, a few a turn (off the path
 * of the publication, and of a message that comes meanwhile), for the next versions to keep.
 */
function fillLater(prepared: PreparedDiagnostics, from = 0): void {
  setImmediate(() => {
    const { diagnostics, json } = prepared;
    const to = Math.min(diagnostics.length, from + FILLED_A_TURN);
    for (let i = from; i < to; i++) json[i] ??= diagnosticJson(diagnostics[i]);
    if (to < diagnostics.length) fillLater(prepared, to);
  });
}

/**
 * The message's UTF-8 JSON as `JSON.stringify` writes it, from its diagnostics' kept JSON;
 * undefined for a message that carries none (`PREPARED`) or whose shell cannot be cut, and for a
 * list of which most is new (a document opened, lines added above most findings): that one is
 * written whole, as by `JSON.stringify` alone (one call is cheaper than a call a diagnostic),
 * and its diagnostics' JSON made afterwards (`fillLater`).
 */
export function preparedMessageBytes(msg: Message, into?: (length: number) => Buffer): Buffer | undefined {
  const params = (msg as { params?: unknown }).params;
  const prepared =
    typeof params === "object" && params !== null
      ? (params as { [PREPARED]?: PreparedDiagnostics })[PREPARED]
      : undefined;
  if (!prepared) return undefined;
  let missing = 0;
  for (let i = 0; i < prepared.diagnostics.length; i++) if (!prepared.json[i]) missing++;
  if (missing * 2 > prepared.diagnostics.length) {
    fillLater(prepared);
    return undefined;
  }
  const shell = JSON.stringify({ ...msg, params: prepared.shell });
  const at = shell.indexOf(EMPTY_LIST);
  if (at < 0 || shell.indexOf(EMPTY_LIST, at + 1) >= 0) return undefined;
  const cut = at + EMPTY_LIST.length - 2;
  const parts = [Buffer.from(shell.slice(0, cut)), ...diagnosticsBytes(prepared), Buffer.from(shell.slice(cut + 2))];
  if (!into) return Buffer.concat(parts);
  let length = 0;
  for (const p of parts) length += p.length;
  const out = into(length);
  let offset = 0;
  for (const p of parts) offset += p.copy(out, offset);
  return out;
}

/**
 * vscode-jsonrpc's JSON encoder, but a publication with prepared diagnostics is written from
 * their kept JSON (UTF-8 only, as LSP's stdio transport has it); into `into`'s buffer if given.
 */
function encoderWith(into?: (length: number) => Buffer): ContentTypeEncoder {
  return {
    name: "application/json",
    encode(msg: Message, options: ContentTypeEncoderOptions): Promise<Uint8Array> {
      try {
        const charset = options.charset;
        const prepared = charset === "utf-8" ? preparedMessageBytes(msg, into) : undefined;
        return Promise.resolve(prepared ?? Buffer.from(JSON.stringify(msg, undefined, 0), charset));
      } catch (error) {
        return Promise.reject(error);
      }
    },
  };
}

/** `encoderWith`, a new buffer a message. */
export const jsonEncoder: ContentTypeEncoder = encoderWith();

/**
 * `jsonEncoder` for one stdio writer, whose publications are written into one buffer, used again
 * for the next: a fresh one a keystroke (400 KB at 10 MB, outside the heap) waited for the thread's
 * next collection, which, with so little else made an edit, came once in dozens of edits
 * (the server's memory rose by some 10 MiB over a 1 MB record's 200 edits). Safe because
 * vscode-jsonrpc's writer encodes a message only once the previous one's bytes are written
 * (`WriteableStreamMessageWriter.write`, under a semaphore of one, awaits the stream's callback;
 * test/unit/diagnosticsJson.test.ts holds it to that).
 */
export function reusingJsonEncoder(): ContentTypeEncoder {
  let spare: Buffer | undefined;
  return encoderWith((length: number): Buffer => {
    if (!spare || spare.length < length) spare = Buffer.allocUnsafeSlow(length + (length >> 2));
    return spare.subarray(0, length);
  });
}
