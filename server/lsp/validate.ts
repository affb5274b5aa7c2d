// The shapes of the parameters the server reads, checked before anything is done with them. A
// client may send anything: a notification of the wrong shape is a logged error and changes
// nothing (a `didChange` is applied whole or not at all), a request of the wrong shape is answered
// with InvalidParams. Nothing of the wrong type goes on to the documents or the analysts.

import type { Position, Range } from "vscode-languageserver/node";

export const isObject = (x: unknown): x is Record<string, unknown> => typeof x === "object" && x !== null;

const isCount = (x: unknown): x is number => Number.isInteger(x) && (x as number) >= 0;

export function isPosition(x: unknown): x is Position {
  return isObject(x) && isCount(x.line) && isCount(x.character);
}

export function isRange(x: unknown): x is Range {
  return isObject(x) && isPosition(x.start) && isPosition(x.end);
}

/** `{ textDocument: { uri } }`: the URI, or undefined. */
export function documentUri(p: unknown): string | undefined {
  if (!isObject(p) || !isObject(p.textDocument)) return undefined;
  return typeof p.textDocument.uri === "string" ? p.textDocument.uri : undefined;
}

/** What is wrong with a `didOpen`'s parameters, or undefined. */
export function openProblem(uri: unknown, languageId: unknown, version: unknown, text: unknown): string | undefined {
  if (typeof uri !== "string") return "its textDocument.uri is no string";
  if (typeof languageId !== "string") return `${uri}: its languageId is no string`;
  if (!Number.isInteger(version)) return `${uri}: its version is no integer`;
  if (typeof text !== "string") return `${uri}: its text is no string`;
  return undefined;
}

/** What is wrong with a `didChange`'s changes and version, or undefined: then none is applied. */
export function changeProblem(uri: string, changes: unknown, version: unknown): string | undefined {
  if (!Number.isInteger(version)) return `${uri}: its version is no integer`;
  if (!Array.isArray(changes)) return `${uri}: its contentChanges is no array`;
  for (const [k, c] of changes.entries()) {
    if (!isObject(c)) return `${uri}: change ${k} is no object`;
    if (typeof c.text !== "string") return `${uri}: the text of change ${k} is no string`;
    if ("range" in c && c.range !== undefined && !isRange(c.range))
      return `${uri}: the range of change ${k} is no range of lines and characters`;
  }
  return undefined;
}

/** A diagnostic as a client sends it back in a code action's context. */
export function isDiagnostic(x: unknown): boolean {
  return (
    isObject(x) &&
    isRange(x.range) &&
    (typeof x.message === "string" || (isObject(x.message) && typeof x.message.value === "string")) &&
    (x.severity === undefined || Number.isInteger(x.severity)) &&
    (x.code === undefined || typeof x.code === "string" || typeof x.code === "number")
  );
}
