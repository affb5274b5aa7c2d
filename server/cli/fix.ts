import { copyFileSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createTwoFilesPatch } from "diff";
import { applyTextEdits, DEFAULT_SETTINGS, type LanguageService } from "../src/index";
import { eachDocument, type Io } from "./files";

export interface FixOptions {
  write: boolean;
  backup: boolean;
  unwrap: boolean;
  json: boolean;
}

/**
 * `verbatim fix`: every safe fix of each file (what "Clean transcript" applies), and with
 * `--unwrap` each paragraph on one line. A unified diff on standard output by default; `--write`
 * replaces the file atomically (a temporary file renamed over it), keeping `FILE.bak` unless
 * `--no-backup`. A summary of what changed per code goes to standard error.
 */
export function fix(service: LanguageService, files: string[], options: FixOptions, io: Io): number {
  const results: unknown[] = [];
  const status = eachDocument(files, io, (doc, file) => {
    const before = doc.getText();
    const { diagnostics } = service.diagnostics(doc, { ...DEFAULT_SETTINGS, maxProblems: Number.MAX_SAFE_INTEGER });
    const counts: Record<string, number> = {};
    for (const d of diagnostics) if (d.data?.safe) counts[d.code] = (counts[d.code] ?? 0) + 1;
    let after = applyTextEdits(before, service.safeFixes(doc));
    if (options.unwrap) {
      const unwrapped = service.unwrap({ uri: `${doc.uri}#unwrap`, version: 1, getText: () => after });
      if (unwrapped.length) counts["line breaks unwrapped"] = unwrapped.length;
      after = applyTextEdits(after, unwrapped);
    }
    const summary = Object.entries(counts)
      .sort()
      .map(([code, n]) => `${n} ${code}`)
      .join(", ");
    if (options.json) results.push({ file, changed: after !== before, counts });
    if (after === before) {
      if (!options.json) io.err(`${file}: nothing to fix`);
      return;
    }
    if (options.write) {
      const bom = readFileSync(file)
        .subarray(0, 3)
        .equals(Buffer.from([0xef, 0xbb, 0xbf]))
        ? "\uFEFF"
        : "";
      const temp = join(dirname(file), `.${basename(file)}.verbatim-${process.pid}.tmp`);
      writeFileSync(temp, bom + after);
      if (options.backup) copyFileSync(file, `${file}.bak`);
      renameSync(temp, file);
      if (!options.json) io.err(`${file}: fixed ${summary}${options.backup ? ` (backup: ${file}.bak)` : ""}`);
    } else {
      if (!options.json) {
        io.out(createTwoFilesPatch(file, file, before, after, "", "", { context: 2 }).trimEnd());
        io.err(`${file}: would fix ${summary}`);
      }
    }
  });
  if (options.json) io.out(JSON.stringify(results, null, 2));
  return status;
}
