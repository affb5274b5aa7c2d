import { mkdirSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { LanguageService } from "../src/index";
import { eachDocument, type Io } from "./files";

/**
 * `verbatim export`: each record as data, from its cleaned text. `--format json` (the default)
 * writes one JSON array on standard output (schemas/export.schema.json); `--format akn` writes an
 * Akoma Ntoso debate per record: on standard output for one file, or `NAME.akn.xml` in `--out DIR`.
 */
export function exportFiles(
  service: LanguageService,
  files: string[],
  options: { format: string; out?: string },
  io: Io,
): number {
  const records: unknown[] = [];
  if (options.format === "akn" && files.length > 1 && !options.out) {
    io.err("verbatim: --format akn with several files needs --out DIR");
    return 2;
  }
  const status = eachDocument(files, io, (doc, file) => {
    if (options.format === "json") {
      records.push(service.exportRecord(doc, file));
      return;
    }
    const xml = service.exportAkomaNtoso(doc, file);
    if (options.out) {
      mkdirSync(options.out, { recursive: true });
      const target = join(options.out, `${basename(file).replace(/\.(?:txt|transcript)$/i, "")}.akn.xml`);
      writeFileSync(target, xml);
      io.err(`${file}: ${target}`);
    } else io.out(xml.trimEnd());
  });
  if (options.format === "json") {
    const json = `${JSON.stringify(records, null, 2)}\n`;
    if (options.out) {
      mkdirSync(options.out, { recursive: true });
      writeFileSync(join(options.out, "records.json"), json);
    } else io.out(json.trimEnd());
  }
  return status;
}
