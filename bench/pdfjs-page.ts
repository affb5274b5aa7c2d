// What the PDF view's benchmarks outside VS Code share: PDF.js's two built modules and the given
// files served from 127.0.0.1, and Debian's Chromium, headless, to open a page of them in.
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { type Browser, chromium } from "playwright-core";
import { CHROMIUM } from "../test/e2e/workbench";

const ROOT = join(__dirname, "..");

/** A server of `page` at `/`, PDF.js at `/pdfjs/…`, and `pdfs` (path → file under the project). */
export async function servePdfjs(
  page: string,
  pdfs: Record<string, string>,
): Promise<{ server: Server; port: number; browser: Browser }> {
  const pdfjs = join(ROOT, "server", "out", "pdfjs");
  const files: Record<string, [string, Buffer]> = {
    "/": ["text/html", Buffer.from(page)],
    "/pdfjs/pdf.min.mjs": ["text/javascript", readFileSync(join(pdfjs, "pdf.min.mjs"))],
    "/pdfjs/pdf.worker.min.mjs": ["text/javascript", readFileSync(join(pdfjs, "pdf.worker.min.mjs"))],
  };
  for (const [path, file] of Object.entries(pdfs)) files[path] = ["application/pdf", readFileSync(join(ROOT, file))];
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    if (file) res.writeHead(200, { "Content-Type": file[0] }).end(file[1]);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu"],
  });
  return { server, port, browser };
}
