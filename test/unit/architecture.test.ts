import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, posix, relative, sep } from "node:path";
import { describe, it } from "node:test";
import { RULES, SEMANTIC_LEGEND } from "../../server/src/index";
import {
  COMMANDS,
  isTranscriptFirstLine,
  LANGUAGE_ID,
  PDF_VIEW_TYPE,
  SPEAKERS_VIEW,
  VERSION,
} from "../../shared/constants";
import { MESSAGES } from "../../shared/protocol";
import { BOUNDARIES, type Boundaries, checkBoundaries, readTree } from "./boundaries";
import { ROOT } from "./helpers";

function files(dir: string, ext = /\.ts$/): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name), ext) : ext.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** A module's imports: what it names, and whether only types are taken (erased by the build). */
function importsOf(file: string): { from: string; typeOnly: boolean }[] {
  const text = readFileSync(file, "utf8");
  return [
    ...text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^"';]*?\sfrom\s+)?["']([^"']+)["']/gm),
    ...text.matchAll(/(?:require\(|import\()\s*["']([^"']+)["']/g),
  ].map((m) => (m.length === 3 ? { from: m[2], typeOnly: m[1] !== undefined } : { from: m[1], typeOnly: false }));
}

const manifest = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8"));

describe("architecture invariants", () => {
  it("keeps the language service free of editor and LSP packages", () => {
    for (const f of files(join(ROOT, "server", "src"))) {
      const text = readFileSync(f, "utf8");
      for (const m of text.matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)) {
        assert.doesNotMatch(m[1], /^vscode(?:$|-languageserver|-languageclient|-jsonrpc)/, `${f} imports ${m[1]}`);
      }
    }
  });

  it("loads pdf.js in one module only, at run time (an ES module with a top-level await: no bundle holds it)", () => {
    for (const f of files(join(ROOT, "server"))) {
      if (f.includes(`${sep}out${sep}`)) continue;
      const text = readFileSync(f, "utf8");
      if (!text.includes("pdfjs-dist")) continue;
      assert.equal(relative(ROOT, f), join("server", "src", "pdf", "read.ts"));
      assert.doesNotMatch(text, /(?:from|require\()\s*["']pdfjs-dist/);
    }
  });

  it("contributes exactly the server's semantic token types, each with a scope", () => {
    const ids = manifest.contributes.semanticTokenTypes.map((t: { id: string }) => t.id);
    assert.deepEqual(ids, SEMANTIC_LEGEND.tokenTypes);
    const scopes = manifest.contributes.semanticTokenScopes[0].scopes;
    for (const id of ids) assert.ok(scopes[id]?.length, `scope for ${id}`);
  });

  it("gives every rule a unique, stable code", () => {
    const codes = RULES.map((r) => r.code);
    assert.equal(new Set(codes).size, codes.length);
    for (const c of codes) assert.match(c, /^[a-z]+(?:-[a-z]+)*$/);
  });

  it("names Verbatim's own LSP methods in the contracts module only (shared/protocol.ts)", () => {
    const quoted = /["'`]verbatim\//;
    const roots = ["client", "server", "shared", "test", "scripts", "bench"];
    const skip = new RegExp(`\\${sep}(?:out|node_modules|fixtures|corpus|data|\\.cache)\\${sep}`);
    const sources = [
      join(ROOT, "esbuild.mjs"),
      ...roots.flatMap((r) => files(join(ROOT, r), /\.(?:ts|mts|cts|js|mjs|cjs|lua)$/)),
    ].filter((f) => !skip.test(relative(ROOT, f).replace(/^/, sep)));
    assert.ok(sources.length > 100, "the sources are found");
    const contract = join(ROOT, "shared", "protocol.ts");
    for (const f of sources) {
      if (f === contract) continue;
      const lines = readFileSync(f, "utf8").split("\n");
      const at = lines.findIndex((l) => quoted.test(l));
      assert.equal(at, -1, `${relative(ROOT, f)}:${at + 1} names a verbatim/ method: take it from shared/protocol.ts`);
    }
    for (const m of Object.values(MESSAGES)) assert.match(m.method, /^verbatim\/[a-z][A-Za-z]+$/);
    assert.equal(new Set(Object.values(MESSAGES).map((m) => m.method)).size, Object.keys(MESSAGES).length);
  });

  it("keeps what server/src and the webview take from shared/ free of vscode, LSP and Node", () => {
    // server/src is the pure service and the webview a browser page: the shared modules they load
    // may import nothing but each other and package.json (types only are erased by the build).
    const shared = join(ROOT, "shared");
    const readers = [...files(join(ROOT, "server", "src")), ...files(join(ROOT, "client", "src", "webview"))];
    const loaded = new Set<string>();
    const visit = (file: string) => {
      if (loaded.has(file)) return;
      loaded.add(file);
      for (const i of importsOf(file)) {
        if (i.typeOnly) continue;
        const target = join(dirname(file), i.from);
        if (target === join(ROOT, "package.json")) continue;
        assert.ok(
          i.from.startsWith(".") && target.startsWith(shared + sep),
          `${relative(ROOT, file)} imports ${i.from}: shared/ modules that server/src or the webview load import only shared/ and package.json`,
        );
        visit(`${target}.ts`);
      }
    };
    for (const f of readers) {
      for (const i of importsOf(f)) {
        const target = join(dirname(f), i.from);
        if (i.from.startsWith(".") && target.startsWith(shared + sep) && !i.typeOnly) visit(`${target}.ts`);
      }
    }
    assert.ok(loaded.has(join(shared, "constants.ts")), "server/src loads shared/constants.ts");
  });

  it("declares what package.json contributes as the code uses it", () => {
    assert.equal(VERSION, manifest.version);
    assert.deepEqual(
      manifest.contributes.languages.map((l: { id: string }) => l.id),
      [LANGUAGE_ID],
    );
    assert.deepEqual(
      manifest.contributes.commands.map((c: { command: string }) => c.command).sort(),
      Object.values(COMMANDS).sort(),
    );
    assert.ok(manifest.contributes.customEditors.some((e: { viewType: string }) => e.viewType === PDF_VIEW_TYPE));
    assert.ok(manifest.contributes.views.explorer.some((v: { id: string }) => v.id === SPEAKERS_VIEW));
    // The first-line test is package.json's, which VS Code reads too.
    assert.ok(isTranscriptFirstLine("The President: I thank Mr. Smith."));
    assert.ok(isTranscriptFirstLine("Г-н Небензя (Российская Федерация) (говорит по-русски):"));
    assert.ok(!isTranscriptFirstLine("Dear colleagues,"));
  });
});

describe("boundaries of every folder (test/unit/boundaries.ts)", () => {
  const real = readTree(ROOT, BOUNDARIES.roots);
  /** A copy of the real tree with `text` put at the top of `file`. */
  const planted = (file: string, text: string) => {
    const tree = new Map(real);
    const original = tree.get(file);
    assert.ok(original !== undefined, `${file} is in the tree`);
    tree.set(file, `${text}\n${original}`);
    return tree;
  };
  /** `target` as a specifier relative to `from`'s folder, without `.ts`. */
  const specifier = (from: string, target: string) => {
    const rel = posix.relative(posix.dirname(from), target).replace(/\.ts$/, "");
    return rel.startsWith(".") ? rel : `./${rel}`;
  };
  const unitFiles = (name: string) => {
    const unit = BOUNDARIES.units.find((u) => u.name === name);
    assert.ok(unit);
    return [...real.keys()].filter(
      (p) =>
        (unit.path.endsWith("/") ? p.startsWith(unit.path) : p === unit.path) &&
        !BOUNDARIES.units.some((u) => u !== unit && u.path.length > unit.path.length && p.startsWith(u.path)),
    );
  };

  it("holds in the sources: every module in a unit, every import allowed, no cycle", () => {
    assert.ok(real.size > 100, "the sources are found");
    assert.deepEqual(checkBoundaries(real, BOUNDARIES), []);
  });

  it("declares every folder of the service and the front ends", () => {
    const folders = new Set([...real.keys()].map((p) => posix.dirname(p)));
    for (const folder of folders) {
      const depth = folder.startsWith("server/src/") ? 3 : folder.startsWith("client/src/") ? 3 : 2;
      const top = folder.split("/").slice(0, depth).join("/");
      assert.ok(
        BOUNDARIES.units.some((u) => u.path === `${top}/` || u.path === `${folder}/`) || top === "shared",
        `${folder} has a row in the boundaries table`,
      );
    }
  });

  it("fails on every import each folder may not make, planted in each folder", () => {
    let count = 0;
    for (const unit of BOUNDARIES.units) {
      const from = unitFiles(unit.name)[0];
      assert.ok(from, `${unit.name} holds a module`);
      // Every unit this one may not read (values; types too unless allowed) that holds a module.
      const banned = BOUNDARIES.units.filter(
        (u) => u !== unit && !unit.imports.includes(u.name) && unitFiles(u.name).length > 0,
      );
      assert.ok(banned.length > 0, `${unit.name} may not read some unit`);
      const lines = banned.map((u, i) => `import { planted${i} } from "${specifier(from, unitFiles(u.name)[0])}";`);
      const problems = checkBoundaries(planted(from, lines.join("\n")), BOUNDARIES);
      // A planted import may close a cycle too; each boundary must be named either way.
      for (const u of banned) {
        assert.ok(
          problems.some((p) => p.startsWith(`${from} imports `) && p.includes(`may not read ${u.name} (`)),
          `${unit.name} importing ${u.name}: ${problems.join("; ")}`,
        );
        count++;
      }
    }
    assert.ok(count > BOUNDARIES.units.length * 5, `${count} violations planted`);
  });

  it("fails on the imports the layers exist to forbid", () => {
    const cases: [string, string, RegExp][] = [
      // An import from text/ into rules/ passed the old test.
      ["server/src/text/lineIndex.ts", 'import { RULES } from "../rules/registry";', /may not read server\/src\/rules/],
      [
        "server/src/model/types.ts",
        'import type { Rule } from "../rules/registry";',
        /may not read server\/src\/rules/,
      ],
      [
        "server/src/rules/pageArtifact.ts",
        'import { hover } from "../features/hover";',
        /may not read server\/src\/features/,
      ],
      ["server/src/features/hover.ts", 'import { importPdf } from "../pdf/index";', /may not read server\/src\/pdf/],
      ["server/src/model/types.ts", 'import { readFileSync } from "node:fs";', /file access in server\/src\/ only in/],
      [
        "server/src/model/types.ts",
        'import { TextDocuments } from "vscode-languageserver/node";',
        /names no such package \(the pure language service/,
      ],
      [
        "client/src/webview/pdfView.ts",
        'import { readFileSync } from "node:fs";',
        /names no such package \(a browser page/,
      ],
      ["client/src/extension.ts", 'import { RULES } from "../../server/src/index";', /may not read server\/src/],
      [
        "server/lsp/server.ts",
        'import { parseTranscript } from "../src/model/parse";',
        /may not read server\/src\/model/,
      ],
      [
        "shared/constants.ts",
        'import { RULES } from "../server/src/index";',
        /may not read server\/src \(types only\)/,
      ],
    ];
    for (const [file, line, expected] of cases) {
      const problems = checkBoundaries(planted(file, line), BOUNDARIES);
      assert.ok(
        problems.some((p) => p.startsWith(`${file} imports`) && expected.test(p)),
        `${file} ← ${line}: ${problems.join("; ") || "nothing found"}`,
      );
    }
    // Types from node:fs are no file access (server/src/fileKind.ts names fs.Stats).
    assert.deepEqual(
      checkBoundaries(planted("server/src/model/types.ts", 'import type { Stats } from "node:fs";'), BOUNDARIES),
      [],
    );
  });

  it("fails on a planted cycle, type-only imports included", () => {
    // Any import between two modules of one unit, turned round as types only.
    let a = "";
    let b = "";
    for (const [path, text] of real) {
      const m = /^import [^;]*?from "(\.\/[A-Za-z]+)";/m.exec(text);
      if (m && !path.startsWith("server/src/rules/") && real.has(posix.join(posix.dirname(path), `${m[1]}.ts`))) {
        a = path;
        b = posix.join(posix.dirname(path), `${m[1]}.ts`);
        break;
      }
    }
    assert.ok(a && b, "two modules of one folder, one importing the other");
    const problems = checkBoundaries(planted(b, `import type { Planted } from "${specifier(b, a)}";`), BOUNDARIES);
    assert.equal(problems.length, 1, problems.join("; "));
    assert.match(problems[0], /^import cycle: /);
    assert.ok(problems[0].includes(a) && problems[0].includes(b), problems[0]);
    // And the cycles tolerated today are reported once their exception is taken away.
    const strict: Boundaries = { ...BOUNDARIES, cycleExceptions: [] };
    assert.equal(
      checkBoundaries(real, strict).filter((p) => p.startsWith("import cycle")).length,
      BOUNDARIES.cycleExceptions.length,
    );
  });

  it("runs on a tree on disk: a synthetic project with a cycle and a forbidden import", () => {
    const dir = mkdtempSync(join(tmpdir(), "verbatim-boundaries-"));
    try {
      const write = (path: string, text: string) => {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), text);
      };
      write("lib/low/a.ts", 'import type { B } from "./b";\nexport type A = B;\n');
      write("lib/low/b.ts", 'import type { A } from "./a";\nexport type B = A | 1;\n');
      write("lib/high/c.ts", 'import { x } from "../low/a";\nexport const c = x;\n');
      write("lib/low/d.ts", 'import { c } from "../high/c";\nexport const d = c;\n');
      const table: Boundaries = {
        roots: ["lib"],
        units: [
          { name: "low", path: "lib/low/", imports: [], why: "below" },
          { name: "high", path: "lib/high/", imports: ["low"], why: "above" },
        ],
        fileAccess: { within: "lib/", modules: [] },
        cycleExceptions: [],
      };
      const problems = checkBoundaries(readTree(dir, table.roots), table);
      assert.deepEqual(problems.sort(), [
        "import cycle: lib/low/a.ts → lib/low/b.ts → lib/low/a.ts",
        "lib/low/d.ts imports ../high/c: low may not read high (below)",
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
