import assert from "node:assert/strict";
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import { fix } from "../../server/cli/batch";
import { createLanguageService, type LanguageService } from "../../server/src/index";
import { DAMAGED, FIXED, STACK, tempFiles, verbatim } from "./helpers";

// How `fix --write` and `export --out` write: never through a link they did not make, never a
// byte the user did not ask to change, the first backup kept, the file's mode, owner and links
// kept, a file that changed meanwhile left alone; one file's failure is reported (exit 2, no
// stack trace) and the others are still written.

const leftovers = (dir: string) => readdirSync(dir).filter((name) => name.includes(".verbatim-"));

describe("fix --write keeps the bytes it was not asked to change", () => {
  it("writes lines no fix touches byte for byte, and refuses a fix on a line that is not UTF-8, naming it", () => {
    const original = Buffer.concat([
      Buffer.from("Caf\xe9 au lait, 1995 \xff\xfe.\n", "latin1"),
      Buffer.from(DAMAGED),
      Buffer.from("We read the \xef\xac\x81nal  text in Montr\xe9al.\n", "latin1"),
      Buffer.from("Done.\n"),
    ]);
    const dir = tempFiles({ "r.txt": original });
    const file = join(dir, "r.txt");
    const r = verbatim(["fix", "--write", file]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /r\.txt:7: not fixed: the line holds bytes that are not valid UTF-8/);
    assert.doesNotMatch(r.err, /r\.txt:1:/);
    assert.match(r.err, /fixed 1 broken-hyphenation, 1 fused-words, 1 page-artifact, 1 split-paragraph/);
    const expected = Buffer.concat([
      Buffer.from("Caf\xe9 au lait, 1995 \xff\xfe.\n", "latin1"),
      Buffer.from(FIXED),
      Buffer.from("We read the \xef\xac\x81nal  text in Montr\xe9al.\n", "latin1"),
      Buffer.from("Done.\n"),
    ]);
    assert.deepEqual(readFileSync(file), expected);
    assert.deepEqual(readFileSync(`${file}.bak`), original);
  });
});

describe("fix --write and links", () => {
  it("never writes through a FILE.bak that is a link: the file is left alone with a message", () => {
    const dir = tempFiles({ "r.txt": DAMAGED, victim: "keep me\n", "ok.txt": DAMAGED });
    symlinkSync(join(dir, "victim"), join(dir, "r.txt.bak"));
    const r = verbatim(["fix", "--write", join(dir, "r.txt"), join(dir, "ok.txt")]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /r\.txt\.bak is a symbolic link, not a backup: .*r\.txt not written/);
    assert.doesNotMatch(r.err, STACK);
    assert.equal(readFileSync(join(dir, "victim"), "utf8"), "keep me\n");
    assert.equal(readFileSync(join(dir, "r.txt"), "utf8"), DAMAGED);
    assert.equal(readFileSync(join(dir, "ok.txt"), "utf8"), FIXED, "the other file is still fixed");
    assert.deepEqual(leftovers(dir), []);
  });

  it("a FILE.bak that is a folder: a message, no crash, no temporary file left", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    mkdirSync(join(dir, "r.txt.bak"));
    const r = verbatim(["fix", "--write", join(dir, "r.txt")]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /r\.txt\.bak is a folder, not a backup/);
    assert.doesNotMatch(r.err, STACK);
    assert.equal(readFileSync(join(dir, "r.txt"), "utf8"), DAMAGED);
    assert.deepEqual(leftovers(dir), []);
  });

  it("fixes a link's target and keeps the link a link", () => {
    const dir = tempFiles({ "real.txt": DAMAGED });
    symlinkSync(join(dir, "real.txt"), join(dir, "link.txt"));
    const r = verbatim(["fix", "--write", join(dir, "link.txt")]);
    assert.equal(r.status, 0, r.err);
    assert.ok(lstatSync(join(dir, "link.txt")).isSymbolicLink());
    assert.equal(readFileSync(join(dir, "real.txt"), "utf8"), FIXED);
    assert.equal(readFileSync(join(dir, "real.txt.bak"), "utf8"), DAMAGED);
  });

  it("keeps hard links: every name shows the fixed text", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    linkSync(join(dir, "r.txt"), join(dir, "other-name"));
    const r = verbatim(["fix", "--write", join(dir, "r.txt")]);
    assert.equal(r.status, 0, r.err);
    assert.match(r.err, /written in place: the file has several hard links/);
    assert.equal(readFileSync(join(dir, "other-name"), "utf8"), FIXED);
    assert.equal(statSync(join(dir, "r.txt")).ino, statSync(join(dir, "other-name")).ino);
    assert.equal(readFileSync(join(dir, "r.txt.bak"), "utf8"), DAMAGED);
  });
});

describe("fix --write keeps the file's backup, mode and owner", () => {
  it("keeps the first backup: a later run writes none and says so", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const file = join(dir, "r.txt");
    assert.equal(verbatim(["fix", "--write", file]).status, 0);
    writeFileSync(file, `${FIXED}\n9 06-52731\n`);
    const r = verbatim(["fix", "--write", file]);
    assert.equal(r.status, 0, r.err);
    assert.match(r.err, /earlier backup kept: .*r\.txt\.bak/);
    assert.equal(readFileSync(`${file}.bak`, "utf8"), DAMAGED);
  });

  it("keeps the mode and, as root, the owner and group", () => {
    const dir = tempFiles({ "r.txt": DAMAGED });
    const file = join(dir, "r.txt");
    chmodSync(file, 0o640);
    const root = process.getuid?.() === 0;
    if (root) chownSync(file, 1234, 5678);
    assert.equal(verbatim(["fix", "--write", file]).status, 0);
    const st = statSync(file);
    assert.equal(st.mode & 0o7777, 0o640);
    assert.equal(statSync(`${file}.bak`).mode & 0o7777, 0o640);
    if (root) assert.deepEqual([st.uid, st.gid], [1234, 5678]);
  });

  it("refuses a read-only file (no write bit, whoever runs it) and fixes the others", () => {
    const dir = tempFiles({ "ro.txt": DAMAGED, "ok.txt": DAMAGED });
    chmodSync(join(dir, "ro.txt"), 0o444);
    const r = verbatim(["fix", "--write", dir]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /ro\.txt is read-only \(mode 444\): not written/);
    assert.doesNotMatch(r.err, STACK);
    assert.equal(readFileSync(join(dir, "ro.txt"), "utf8"), DAMAGED);
    assert.equal(readFileSync(join(dir, "ok.txt"), "utf8"), FIXED);
    assert.deepEqual(leftovers(dir), []);
  });

  it("refuses to replace a file that changed since it was read", () => {
    const dir = tempFiles({ "r.txt": DAMAGED, "ok.txt": DAMAGED });
    const file = join(dir, "r.txt");
    utimesSync(file, 1e9, 1e9);
    // Another editor saves the file while the fixes are computed: same size and time, other
    // bytes (only the content hash tells).
    const edited = DAMAGED.replace("threat", "THREAT");
    const service = createLanguageService();
    const racing: LanguageService = Object.create(service);
    racing.safeFixes = (doc) => {
      if (doc.uri.endsWith("/r.txt")) {
        writeFileSync(file, edited);
        utimesSync(file, 1e9, 1e9);
      }
      return service.safeFixes(doc);
    };
    const err: string[] = [];
    const status = fix(
      racing,
      [file, join(dir, "ok.txt")],
      { write: true, backup: true, unwrap: false, json: false },
      {
        out: () => {},
        err: (s) => err.push(s),
      },
    );
    assert.equal(status, 2, err.join("\n"));
    assert.match(err.join("\n"), /r\.txt changed since it was read: not written/);
    assert.equal(readFileSync(file, "utf8"), edited);
    assert.equal(readFileSync(join(dir, "ok.txt"), "utf8"), FIXED);
    assert.deepEqual(leftovers(dir), []);
  });
});

describe("export --out", () => {
  const record = "Mr. Smith (Ireland): We thank you.\n";

  it("names a file, or a path through a file: a clear message and exit 2, no stack trace", () => {
    const dir = tempFiles({ "S_PV.1.txt": record, somefile: "x" });
    for (const out of [join(dir, "somefile"), join(dir, "somefile", "sub")]) {
      const r = verbatim(["export", "--out", out, join(dir, "S_PV.1.txt")]);
      assert.equal(r.status, 2, `${out}: ${r.err}`);
      assert.match(r.err, /--out .*somefile.*: (a file, not a folder|a part of the path is a file)/);
      assert.doesNotMatch(r.err, STACK);
    }
  });

  it("reports a record it cannot write, writes the others, and writes through no link", () => {
    const dir = tempFiles({ "A.txt": record, "B.txt": record, "C.txt": record, victim: "keep me\n" });
    const out = join(dir, "out");
    mkdirSync(join(out, "A.akn.xml"), { recursive: true });
    symlinkSync(join(dir, "victim"), join(out, "C.akn.xml"));
    const r = verbatim([
      "export",
      "--format",
      "akn",
      "--out",
      out,
      ...["A", "B", "C"].map((n) => join(dir, `${n}.txt`)),
    ]);
    assert.equal(r.status, 2, r.err);
    assert.match(r.err, /A\.akn\.xml is a folder: not written/);
    assert.match(r.err, /C\.akn\.xml is a symbolic link: not written/);
    assert.doesNotMatch(r.err, STACK);
    assert.match(readFileSync(join(out, "B.akn.xml"), "utf8"), /<akomaNtoso/);
    assert.equal(readFileSync(join(dir, "victim"), "utf8"), "keep me\n");
    assert.deepEqual(leftovers(out), []);
  });
});
