import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { DAMAGED, FIXED, STACK, tempFiles, verbatim } from "./helpers";

// What the CLI reads: regular files only, each once, in UTF-8 or UTF-16; what it cannot read is
// refused with a message and exit status 2 while the other files are still processed.

const mkfifo = (path: string) => execFileSync("mkfifo", [path]);
const record = "Mr. Smith (Ireland): We thank you.\n2/17 14-73556\nMore text.\n";

describe("the CLI reads regular files only", () => {
  it("refuses a FIFO and a device given as input without opening them, and checks the others", () => {
    const dir = tempFiles({ "ok.txt": record });
    mkfifo(join(dir, "pipe.txt"));
    const r = verbatim(["check", join(dir, "pipe.txt"), "/dev/null", join(dir, "ok.txt")]);
    assert.equal(r.timedOut, false, "the CLI blocked on the FIFO");
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /pipe\.txt: a FIFO, not a regular file: skipped/);
    assert.match(r.err, /\/dev\/null: a character device, not a regular file: skipped/);
    assert.match(r.out, /ok\.txt:2:1 page-artifact/);
  });

  it("refuses a FIFO met in a folder walk, and checks the others", () => {
    const dir = tempFiles({ "ok.txt": record });
    mkfifo(join(dir, "pipe.txt"));
    const r = verbatim(["check", dir]);
    assert.equal(r.timedOut, false, "the CLI blocked on the FIFO");
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /pipe\.txt: a FIFO, not a regular file: skipped/);
    assert.match(r.out, /ok\.txt:2:1 page-artifact/);
  });

  it("follows no link twice in a folder walk: two links to a parent folder visit it once", () => {
    const dir = tempFiles({ "r.txt": record });
    mkdirSync(join(dir, "sub"));
    symlinkSync("..", join(dir, "sub", "up"));
    symlinkSync("..", join(dir, "sub", "again"));
    symlinkSync(join(dir, "r.txt"), join(dir, "sub", "same.txt"));
    const r = verbatim(["check", dir, join(dir, "r.txt")]);
    assert.equal(r.timedOut, false, "the folder walk did not end");
    assert.equal(r.status, 1, r.err);
    assert.equal(
      r.out,
      `${join(dir, "r.txt")}:2:1 page-artifact Page furniture (page number): 2/17 14-73556\n` +
        `${join(dir, "r.txt")}: 1 problem (1 page-artifact)\n`,
    );
  });
});

describe("the CLI reads UTF-16 with a byte order mark", () => {
  const utf16 = (text: string, endian: "le" | "be") => {
    const le = Buffer.from(text, "utf16le");
    return endian === "le"
      ? Buffer.concat([Buffer.from([0xff, 0xfe]), le])
      : Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(le).swap16()]);
  };

  for (const endian of ["le", "be"] as const) {
    it(`checks UTF-16${endian.toUpperCase()} and writes its fixes back as UTF-16${endian.toUpperCase()} with the BOM`, () => {
      const original = utf16(`${DAMAGED}It is «ça», 𝒜 and Đurić.\n`, endian);
      const dir = tempFiles({ "r.txt": original });
      const file = join(dir, "r.txt");
      const check = verbatim(["check", file]);
      assert.equal(check.status, 1, check.err);
      assert.match(check.out, /r\.txt:5:1 page-artifact/);
      const r = verbatim(["fix", "--write", file]);
      assert.equal(r.status, 0, r.err);
      assert.deepEqual(readFileSync(file), utf16(`${FIXED}It is «ça», 𝒜 and Đurić.\n`, endian));
      assert.deepEqual(readFileSync(`${file}.bak`), original);
    });
  }
});

describe("the CLI refuses what the service finds unreadable", () => {
  it("treats text of mostly control characters as a binary file: exit 2, a message, the others checked", () => {
    const noise = Buffer.from(Array.from({ length: 200 }, (_, k) => (k % 3 === 0 ? 0x01 + (k % 7) : 0x41 + (k % 26))));
    const dir = tempFiles({ "noise.txt": noise, "ok.txt": record });
    const r = verbatim(["check", dir]);
    assert.equal(r.status, 2, r.err);
    assert.match(
      r.err,
      /noise\.txt: The file is mostly control characters: it looks binary, not a transcript: skipped/,
    );
    assert.doesNotMatch(r.out, /noise\.txt/);
    assert.match(r.out, /ok\.txt:2:1 page-artifact/);
  });
});

describe("the CLI's team glossary", () => {
  const doc = "The XYZQ met.\n";

  it("reads only a regular file given with --glossary: a FIFO or a device is refused, never opened", () => {
    const dir = tempFiles({ "r.txt": doc });
    mkfifo(join(dir, "g.json"));
    for (const glossary of [join(dir, "g.json"), "/dev/null"]) {
      const r = verbatim(["check", "--glossary", glossary, join(dir, "r.txt")]);
      assert.equal(r.timedOut, false, "the CLI blocked on the FIFO");
      assert.equal(r.status, 2, r.err);
      assert.match(r.err, /the team glossary .* is a (FIFO|character device), not a regular file: not read/);
    }
  });

  it("refuses a glossary larger than 5 MB", () => {
    const dir = tempFiles({
      "r.txt": doc,
      "g.json": `{ "XYZQ": "Experimental Zone Quorum" }${" ".repeat(5 * 1024 * 1024)}`,
    });
    const r = verbatim(["check", "--glossary", join(dir, "g.json"), join(dir, "r.txt")]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /is larger than 5 MB: not read/);
  });

  it("refuses the current folder's default glossary when a link leads it outside the folder", () => {
    const outside = tempFiles({ "g.json": JSON.stringify({ XYZQ: "Experimental Zone Quorum" }) });
    const dir = tempFiles({ "r.txt": doc });
    mkdirSync(join(dir, ".verbatim"));
    symlinkSync(join(outside, "g.json"), join(dir, ".verbatim", "glossary.json"));
    const r = verbatim(["check", "r.txt"], { cwd: dir });
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /glossary\.json leads outside the workspace folder/);
    // The user's own --glossary may be anywhere.
    const mine = verbatim(["check", "--glossary", join(outside, "g.json"), "r.txt"], { cwd: dir });
    assert.equal(mine.status, 0, mine.err);
  });

  it("reports a JSON error by line and column, never with the file's content", () => {
    const dir = tempFiles({ "r.txt": doc, "g.json": 'root:$6$secret:19000:0:99999:7:::\n{"a": 1}' });
    const r = verbatim(["check", "--glossary", join(dir, "g.json"), join(dir, "r.txt")]);
    assert.doesNotMatch(r.err, /root|secret|\$6/);
    assert.match(r.err, /not valid JSON at line 1, column 1: invalid symbol/);
    assert.doesNotMatch(r.err, STACK);
  });
});
