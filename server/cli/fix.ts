import type { BatchSpec } from "../../shared/threads";
import {
  DEFAULT_SETTINGS,
  type Diagnostic,
  type LanguageService,
  type TextDocumentLike,
  type TextEdit,
} from "../src/index";
import { type EditStage, unifiedDiff } from "./diff";
import { SourceText } from "./encoding";
import { CliError, contentHash } from "./files";
import { visible } from "./style";
import { arrayElement, type Work } from "./work";
import { replaceFile } from "./write";

export interface FixOptions {
  write: boolean;
  backup: boolean;
  unwrap: boolean;
  json: boolean;
}

/**
 * `verbatim fix`: every safe fix of each file (what "Clean transcript" applies), and with
 * `--unwrap` each paragraph on one line. A unified diff on standard output by default; `--write`
 * replaces the file (see `replaceFile`: atomically, through no link it did not make, keeping the
 * first `FILE.bak` unless `--no-backup`), in the encoding it was read in. A fix touching a line
 * that is not valid UTF-8 is refused, naming the line: such a line is written back byte for byte.
 * A summary of what changed per code goes to standard error. A file's exit status is 2 when it
 * could not be read or written or some fix was refused, else 0.
 */
export function fixWork(
  service: LanguageService,
  options: Pick<BatchSpec, "write" | "backup" | "unwrap" | "json" | "manifest">,
): Work {
  return (doc, file, read, io, result) => {
    const refused = new Set<number>();
    const { edits, counts } = safeEdits(service, doc, read.source, refused);
    let fixed = read.source.apply(edits);
    // What the diff is built from: each stage's text and its edits.
    const stages: EditStage[] = [{ text: read.source.text, edits }];
    if (options.unwrap) {
      const uri = `${doc.uri}#unwrap`;
      try {
        const unwrapped = allowed(service.unwrap({ uri, version: 1, getText: () => fixed.text }), fixed, refused);
        if (unwrapped.length) counts["line breaks unwrapped"] = unwrapped.length;
        stages.push({ text: fixed.text, edits: unwrapped });
        fixed = fixed.apply(unwrapped);
      } finally {
        service.forget(uri);
      }
    }
    for (const line of [...refused].sort((a, b) => a - b)) {
      io.err(`verbatim: ${file}:${line + 1}: not fixed: the line holds bytes that are not valid UTF-8`);
      result.exit = 2;
    }
    const before = doc.getText();
    const after = fixed.text;
    const summary = Object.entries(counts)
      .sort()
      .map(([code, n]) => `${n} ${code}`)
      .join(", ");
    if (options.json) result.json = arrayElement({ file, changed: after !== before, counts });
    if (after === before) {
      if (!options.json) io.err(`${file}: nothing to fix`);
      return;
    }
    if (!options.write) {
      if (!options.json) {
        io.out(unifiedDiff(visible(file), before, stages, after));
        io.err(`${file}: would fix ${summary}`);
      }
      return;
    }
    const bytes = encodeChecked(file, fixed);
    const done = replaceFile(file, bytes, read, { backup: options.backup });
    // What the file holds now: a rerun with the manifest finds it done.
    if (options.manifest) result.hash = contentHash(bytes);
    if (options.json) return;
    const notes = [
      done.viaLink ? `the file the link leads to: ${done.target}` : "",
      done.inPlace ? "written in place: the file has several hard links" : "",
      done.backup
        ? done.backup.kept
          ? `earlier backup kept: ${done.backup.path}`
          : `backup: ${done.backup.path}`
        : "",
    ].filter(Boolean);
    io.err(`${file}: fixed ${summary}${notes.length ? ` (${notes.join("; ")})` : ""}`);
  };
}

/**
 * The service's safe fixes less those touching a line kept as bytes (every edit of such a fix:
 * a fix is applied whole or not at all), and how many fixes of each code are applied.
 */
function safeEdits(
  service: LanguageService,
  doc: TextDocumentLike,
  source: SourceText,
  refused: Set<number>,
): { edits: TextEdit[]; counts: Record<string, number> } {
  const { diagnostics } = service.diagnostics(doc, { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER });
  const counts: Record<string, number> = {};
  const blocked = new Set<string>();
  for (const d of diagnostics.filter((d: Diagnostic) => d.data?.safe)) {
    const fixEdits = d.data?.edits ?? [];
    if (allowed(fixEdits, source, refused).length < fixEdits.length) {
      for (const e of fixEdits) blocked.add(editKey(e));
    } else counts[d.code] = (counts[d.code] ?? 0) + 1;
  }
  const edits = allowed(service.safeFixes(doc), source, refused).filter((e) => !blocked.has(editKey(e)));
  return { edits, counts };
}

/** The edits that touch no line kept as bytes; the lines of the others go into `refused`. */
function allowed(edits: TextEdit[], source: SourceText, refused: Set<number>): TextEdit[] {
  return edits.filter((e) => {
    const line = source.invalidLineTouched(e);
    if (line !== undefined) refused.add(line);
    return line === undefined;
  });
}

const editKey = (e: TextEdit) =>
  `${e.range.start.line}:${e.range.start.character}-${e.range.end.line}:${e.range.end.character}=${e.newText}`;

/** The bytes to write, read back once more: they must say exactly the text the fixes computed. */
function encodeChecked(file: string, fixed: SourceText): Buffer {
  const bytes = fixed.encode();
  let back: string | undefined;
  try {
    back = SourceText.decode(bytes).text;
  } catch {
    back = undefined;
  }
  if (back !== fixed.text) throw new CliError(`${file}: the fixed text would not read back as computed: not written`);
  return bytes;
}
