// Prints a .vsix's size and its files (read from the zip's central directory), so that what
// ships is visible after `npm run package`.
import { readFileSync, statSync } from "node:fs";

const file = process.argv[2] ?? "verbatim.vsix";
const zip = readFileSync(file);
const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
if (eocd < 0) throw new Error(`${file} is not a zip file`);
const count = zip.readUInt16LE(eocd + 10);
let at = zip.readUInt32LE(eocd + 16);
const rows = [];
for (let i = 0; i < count; i++) {
  const size = zip.readUInt32LE(at + 24);
  const nameLength = zip.readUInt16LE(at + 28);
  const extra = zip.readUInt16LE(at + 30);
  const comment = zip.readUInt16LE(at + 32);
  rows.push([zip.toString("utf8", at + 46, at + 46 + nameLength), size]);
  at += 46 + nameLength + extra + comment;
}
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
console.log(`${file}: ${kb(statSync(file).size)} packed, ${count} files`);
for (const [name, size] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${kb(size).padStart(10)}  ${name}`);
