// The diagnostics an analyst posts for a version, told as a change to the list it posted for the
// document's previous version: runs of that list kept (each fix's `data.version` the new
// version's) and the diagnostics not in it. A 10 MB record's 1,000 diagnostics (the cap) cost the
// analyst a structured clone of some 400 KB a version and the main thread as much to read, when
// a keystroke changes a few of them or none. The main thread keeps the list last posted for each
// document (`DocState.posted`, analysts.ts) and rebuilds the whole list, which it publishes as
// before: the same objects, keys in the same order, so the same JSON
// (test/unit/diagnosticsChange.test.ts, test/unit/analystEdits.test.ts); with it, each kept
// diagnostic's JSON as last written (diagnosticsJson.ts).

import type { DiagnosticsPart, PostedDiagnostics } from "../../shared/threads";
import type { Diagnostic } from "../src/index";
import type { DiagnosticJson } from "./diagnosticsJson";

/** How far ahead in the previous list a diagnostic is looked for once a run of kept ones ends. */
const LOOK_AHEAD = 16;

/**
 * `next` as parts of `previous` (both a version's diagnostics, `next` of `version`): undefined when
 * none of `previous` is kept, so that the whole list is posted as it is. Linear: each diagnostic of
 * `next` is compared with at most `LOOK_AHEAD` of `previous`, from just after the last one kept.
 */
export function diagnosticsChange(
  previous: readonly Diagnostic[],
  next: readonly Diagnostic[],
  version: number,
): DiagnosticsPart[] | undefined {
  const parts: DiagnosticsPart[] = [];
  let kept = 0;
  let j = 0;
  let run: { from: number; count: number } | undefined;
  for (const d of next) {
    let at = -1;
    for (let k = j; k < Math.min(previous.length, j + LOOK_AHEAD); k++)
      if (sameDiagnostic(previous[k], d, version)) {
        at = k;
        break;
      }
    if (at < 0) {
      parts.push(d);
      run = undefined;
      continue;
    }
    if (run && run.from + run.count === at) run.count++;
    else {
      run = { from: at, count: 1 };
      parts.push(run);
    }
    kept++;
    j = at + 1;
  }
  return kept ? parts : undefined;
}

/** A list of diagnostics an analyst posted, and its number (`PostedDiagnostics.post`). */
export interface PostedList {
  post: number;
  diagnostics: Diagnostic[];
  /**
   * The main thread's: each diagnostic's JSON, once written (diagnosticsJson.ts), carried with
   * the diagnostic while a change keeps it.
   */
  json?: (DiagnosticJson | undefined)[];
}

/**
 * The list a post of `version` tells, given the one posted before it for the document (`held`);
 * undefined if the post is a change to another list.
 */
export function postedList(
  held: PostedList | undefined,
  posted: PostedDiagnostics,
  version: number,
): PostedList | undefined {
  if ("diagnostics" in posted)
    return { post: posted.post, diagnostics: posted.diagnostics, json: noJson(posted.diagnostics.length) };
  if (held?.post !== posted.base) return undefined;
  const json = held.json ? keptJson(held.json, posted.parts) : undefined;
  return { post: posted.post, diagnostics: applyDiagnosticsChange(held.diagnostics, posted.parts, version), json };
}

/** A list's JSON, none made yet (a packed array: `some` and `every` skip a sparse one's holes). */
export function noJson(n: number): (DiagnosticJson | undefined)[] {
  return new Array<DiagnosticJson | undefined>(n).fill(undefined);
}

/** The JSON `parts` keep of the previous list's (`json`), in the new list's order; none for a new one. */
function keptJson(json: readonly (DiagnosticJson | undefined)[], parts: readonly DiagnosticsPart[]) {
  const out: (DiagnosticJson | undefined)[] = [];
  for (const p of parts) {
    if (!("from" in p)) out.push(undefined);
    else for (let i = p.from; i < p.from + p.count; i++) out.push(json[i]);
  }
  return out;
}

/** The list `parts` tell against `previous` (`diagnosticsChange`), for `version`. */
export function applyDiagnosticsChange(
  previous: readonly Diagnostic[],
  parts: readonly DiagnosticsPart[],
  version: number,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const p of parts) {
    if (!("from" in p)) {
      out.push(p);
      continue;
    }
    for (let i = p.from; i < p.from + p.count; i++) {
      const d = previous[i];
      // A new object: the one kept may be in a message not yet written out.
      out.push(d.data ? { ...d, data: { ...d.data, version } } : d);
    }
  }
  return out;
}

/**
 * The fields `sameDiagnostic` compares of a diagnostic and of its fix: one with another is never
 * the same. (Ranges, positions and text edits are LSP's, of fixed shape.)
 */
const DIAGNOSTIC = ["range", "severity", "code", "message", "source", "relatedInformation", "data"];
const DATA = ["version", "title", "edits", "safe"];

/**
 * Whether `next` (of `version`) is `previous` but for its fix's version: the same fields, values
 * and key order (so the same JSON once the version is set), the fix stated for `version`. The
 * fields are read by name (a generic walk's keyed reads cost a 10 MB record's 1,000 some 5 ms);
 * a diagnostic or fix with a field not named here is never the same: a field added later is posted.
 */
export function sameDiagnostic(previous: Diagnostic, next: Diagnostic, version: number): boolean {
  if (
    !sameRange(previous.range, next.range) ||
    previous.code !== next.code ||
    previous.message !== next.message ||
    previous.severity !== next.severity ||
    previous.source !== next.source ||
    !sameKeys(previous, next, DIAGNOSTIC)
  )
    return false;
  if (previous.relatedInformation !== undefined && !sameValue(previous.relatedInformation, next.relatedInformation))
    return false;
  const a = previous.data;
  const b = next.data;
  if (a === undefined || b === undefined) return a === b;
  if (b.version !== version || a.title !== b.title || a.safe !== b.safe || !sameKeys(a, b, DATA)) return false;
  if (a.edits.length !== b.edits.length) return false;
  for (let i = 0; i < a.edits.length; i++) {
    const x = a.edits[i];
    const y = b.edits[i];
    if (x.newText !== y.newText || !sameRange(x.range, y.range) || !sameKeys(x, y)) return false;
  }
  return true;
}

/** The same range, its objects' keys in the same order. */
function sameRange(a: Diagnostic["range"], b: Diagnostic["range"]): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character &&
    sameKeys(a, b) &&
    sameKeys(a.start, b.start) &&
    sameKeys(a.end, b.end)
  );
}

/**
 * Whether two objects have the same keys in the same order, each one of `known` (their values not
 * compared); without `known`, any keys.
 */
function sameKeys(a: object, b: object, known?: readonly string[]): boolean {
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) if (ka[i] !== kb[i] || (known && !known.includes(ka[i]))) return false;
  return true;
}

/** Deep equality of JSON-like values, keys in the same order (what is rare: related information). */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || !sameKeys(a, b)) return false;
  for (const k in a) if (!sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}
