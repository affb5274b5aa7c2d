// Makes the small PDFs of test/fixtures/pdf/ that the PDF import's tests read (they are committed:
// the tests do not need these tools). Run: node scripts/pdf-fixtures.mjs — needs Debian's qpdf,
// img2pdf and poppler-utils (pdftoppm), which .ci/run installs.
//
//   record-2-pages.pdf  the first two pages of S/PV.8700 (the cover, three speeches), as qpdf copies them
//   owner-password.pdf  the same with an owner password only (no printing, copying or changing):
//                       readers open it without a password, and so does the import
//   user-password.pdf   the same with a user password: nothing can be read without it (refused)
//   scanned.pdf         page 2 of S/PV.8700 as an image (pdftoppm) in a PDF with no text (img2pdf) (refused)
//   not-a-record.pdf    a one-page letter, text in Helvetica, written here and normalised by qpdf (refused)
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const source = join(root, "test", "corpus", "sc2020", "S_PV.8700.pdf");
const out = join(root, "test", "fixtures", "pdf");
const tmp = mkdtempSync(join(tmpdir(), "verbatim-pdf-"));
mkdirSync(out, { recursive: true });
const run = (cmd, args) => execFileSync(cmd, args, { stdio: ["ignore", "inherit", "inherit"] });

const record = join(out, "record-2-pages.pdf");
run("qpdf", ["--empty", "--deterministic-id", "--pages", source, "1-2", "--", record]);
run("qpdf", [
  "--encrypt",
  "",
  "owner-secret",
  "256",
  "--print=none",
  "--extract=n",
  "--modify=none",
  "--",
  record,
  join(out, "owner-password.pdf"),
]);
run("qpdf", ["--encrypt", "user-secret", "owner-secret", "256", "--", record, join(out, "user-password.pdf")]);

run("pdftoppm", ["-f", "2", "-l", "2", "-r", "50", "-gray", "-png", source, join(tmp, "page")]);
const image = readdirSync(tmp).find((f) => f.endsWith(".png"));
run("img2pdf", ["--output", join(out, "scanned.pdf"), join(tmp, image)]);

// A letter that is no UN record: a PDF written by hand (objects, then qpdf rebuilds the cross-reference table).
const lines = [
  "Garden club of Riverside",
  "Minutes of the spring meeting",
  "The members agreed to plant tulips along the north fence.",
  "Ms. Green will order the bulbs before the end of March.",
  "The treasurer reported that the club has enough money for seeds,",
  "tools and a new watering can. The next meeting is on 4 May.",
];
const stream = `BT /F1 12 Tf 72 720 Td 16 TL ${lines.map((l) => `(${l.replace(/[()\\]/g, "\\$&")}) '`).join(" ")} ET`;
const objects = [
  "<< /Type /Catalog /Pages 2 0 R >>",
  "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
  "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
  `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
];
let pdf = "%PDF-1.4\n";
objects.forEach((o, k) => {
  pdf += `${k + 1} 0 obj\n${o}\nendobj\n`;
});
pdf += `trailer\n<< /Root 1 0 R /Size ${objects.length + 1} >>\n%%EOF\n`;
writeFileSync(join(tmp, "letter.pdf"), pdf, "latin1");
try {
  run("qpdf", ["--deterministic-id", join(tmp, "letter.pdf"), join(out, "not-a-record.pdf")]);
} catch (e) {
  // qpdf exits 3 when it had to repair the file (here: write its cross-reference table): the output is written.
  if (e.status !== 3) throw e;
}
rmSync(tmp, { recursive: true, force: true });
console.log(`PDFs written to ${out.slice(root.length)}`);
