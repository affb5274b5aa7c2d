// The project's boundaries as data, and a checker that reads them against a tree of sources.
//
// Each folder (a "unit") declares what it may import: other units, values or types only, and
// packages it must not name. Import cycles between modules are forbidden, type-only imports
// included (a cycle of types still ties two modules' meanings together). File access in the pure
// service is confined to the modules listed in `fileAccess`. `checkBoundaries` is a pure function
// of a tree (path → text), so that test/unit/architecture.test.ts runs it on the real sources and
// on copies with a violation planted in each folder.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/** A unit: the modules under `path` (a folder, ending in `/`, or one file). The longest match wins. */
export interface Unit {
  name: string;
  path: string;
  /** Units whose modules this one may import (values and types). */
  imports: readonly string[];
  /** Units this one may import types from only (erased by the build: nothing loaded at run time). */
  types?: readonly string[];
  /** Packages (bare specifiers, `node:` included) this unit must not import, and why. */
  forbidden?: { packages: RegExp; why: string };
  /** Why the unit stands where it does, for the failure message. */
  why: string;
}

export interface Boundaries {
  /** Folders (and files) whose modules are checked, relative to the tree's root. */
  roots: readonly string[];
  units: readonly Unit[];
  /** Modules (relative paths) allowed to import `node:fs` for values, under `within`. */
  fileAccess: { within: string; modules: readonly string[] };
  /**
   * Import edges left out of the cycle check: `from` and `to` are paths, `*` standing for a
   * file name's part. Each one names the cycle it breaks and why it is tolerated for now.
   */
  cycleExceptions: readonly { from: string; to: string; why: string }[];
}

/** A module's imports: the specifier, and whether only types are taken. */
export interface Import {
  from: string;
  typeOnly: boolean;
}

const STATIC = /^(?:import|export)\s+(type\s+)?(?:([^"';]*?)\s*from\s+)?["']([^"']+)["']/gm;
const DYNAMIC = /(?:\brequire\(|\bimport\()\s*["']([^"']+)["']/g;

export function importsOf(text: string): Import[] {
  const found: Import[] = [];
  for (const m of text.matchAll(STATIC)) {
    // `import { type A, type B } from "x"` takes types only too.
    const names = m[2]?.trim() ?? "";
    const inlineTypes =
      /^\{[\s\S]*\}$/.test(names) &&
      names
        .slice(1, -1)
        .split(",")
        .map((n) => n.trim())
        .filter(Boolean)
        .every((n) => n.startsWith("type "));
    found.push({ from: m[3], typeOnly: m[1] !== undefined || inlineTypes });
  }
  for (const m of text.matchAll(DYNAMIC)) found.push({ from: m[1], typeOnly: false });
  return found;
}

/** The TypeScript modules under `root`'s `folders`, as paths relative to `root` (with `/`) and texts. */
export function readTree(root: string, folders: readonly string[]): Map<string, string> {
  const tree = new Map<string, string>();
  const walk = (rel: string) => {
    for (const e of readdirSync(join(root, rel), { withFileTypes: true })) {
      const path = posix.join(rel, e.name);
      if (e.isDirectory()) {
        if (e.name !== "out" && e.name !== "node_modules") walk(path);
      } else if (/\.(?:ts|mts|cts)$/.test(e.name) && !e.name.endsWith(".d.ts")) {
        tree.set(path, readFileSync(join(root, path), "utf8"));
      }
    }
  };
  for (const f of folders) walk(f);
  return tree;
}

/** The module a relative specifier names, if the tree holds it (`.ts`, `/index.ts`, or as written). */
function resolve(tree: Map<string, string>, from: string, spec: string): string {
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  for (const candidate of [`${base}.ts`, `${base}/index.ts`, base.replace(/\.js$/, ".ts")]) {
    if (tree.has(candidate)) return candidate;
  }
  return base;
}

function unitOf(units: readonly Unit[], path: string): Unit | undefined {
  let best: Unit | undefined;
  for (const u of units) {
    const hit = u.path.endsWith("/") ? path.startsWith(u.path) : path === u.path;
    if (hit && (!best || u.path.length > best.path.length)) best = u;
  }
  return best;
}

const glob = (pattern: string) =>
  new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*")}$`);

/**
 * Every breach of `b` in `tree` (paths relative to the project's root), one line each: an import
 * its unit may not make, a forbidden package, file access outside the allowed modules, a module
 * outside every unit, an import cycle. Empty when the tree keeps its boundaries.
 */
export function checkBoundaries(tree: Map<string, string>, b: Boundaries): string[] {
  const problems: string[] = [];
  const inRoots = (p: string) => b.roots.some((r) => p === r || p.startsWith(`${r}/`));
  const edges = new Map<string, Set<string>>();
  const exceptions = b.cycleExceptions.map((e) => ({ from: glob(e.from), to: glob(e.to) }));
  const fsAllowed = new Set(b.fileAccess.modules);

  for (const [path, text] of tree) {
    if (!inRoots(path)) continue;
    const unit = unitOf(b.units, path);
    if (!unit) {
      problems.push(`${path} lies in no unit of the boundaries table: declare its folder and what it may import`);
      continue;
    }
    const out = new Set<string>();
    edges.set(path, out);
    for (const i of importsOf(text)) {
      if (!i.from.startsWith(".")) {
        const pkg = i.from;
        if (unit.forbidden?.packages.test(pkg))
          problems.push(`${path} imports ${pkg}: ${unit.name} names no such package (${unit.forbidden.why})`);
        if (/^(?:node:)?fs(?:\/promises)?$/.test(pkg) && !i.typeOnly && path.startsWith(b.fileAccess.within)) {
          if (!fsAllowed.has(path))
            problems.push(
              `${path} imports ${pkg}: file access in ${b.fileAccess.within} only in ${[...fsAllowed].join(", ")}`,
            );
        }
        continue;
      }
      const target = resolve(tree, path, i.from);
      if (tree.has(target) && inRoots(target)) out.add(target);
      const to = unitOf(b.units, target);
      const toName = to?.name ?? target;
      if (to === unit) continue;
      const allowed = unit.imports.includes(toName) || (i.typeOnly && (unit.types ?? []).includes(toName));
      if (!allowed) {
        const typesOnly = !i.typeOnly && (unit.types ?? []).includes(toName) ? " (types only)" : "";
        problems.push(`${path} imports ${i.from}: ${unit.name} may not read ${toName}${typesOnly} (${unit.why})`);
      }
    }
  }

  // Cycles: the strongly connected components of the module graph (Tarjan's, iterative).
  for (const [from, out] of edges) {
    for (const to of out) {
      if (exceptions.some((e) => e.from.test(from) && e.to.test(to))) out.delete(to);
    }
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  for (const start of edges.keys()) {
    if (index.has(start)) continue;
    const work: { node: string; next: Iterator<string> }[] = [];
    const open = (node: string) => {
      index.set(node, counter);
      low.set(node, counter++);
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: (edges.get(node) ?? new Set<string>()).values() });
    };
    open(start);
    while (work.length) {
      const top = work[work.length - 1];
      const step = top.next.next();
      if (!step.done) {
        const to = step.value;
        if (!index.has(to)) open(to);
        else if (onStack.has(to)) low.set(top.node, Math.min(low.get(top.node) ?? 0, index.get(to) ?? 0));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent) ?? 0, low.get(top.node) ?? 0));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let n: string | undefined;
        do {
          n = stack.pop() as string;
          onStack.delete(n);
          component.push(n);
        } while (n !== top.node);
        const selfLoop = edges.get(top.node)?.has(top.node);
        if (component.length > 1 || selfLoop) problems.push(`import cycle: ${cycleThrough(edges, component)}`);
      }
    }
  }
  return problems;
}

/** One cycle inside a strongly connected component, as `a → b → … → a`. */
function cycleThrough(edges: Map<string, Set<string>>, component: string[]): string {
  const members = new Set(component);
  const start = [...component].sort()[0];
  const path = [start];
  const seen = new Set([start]);
  let at = start;
  for (;;) {
    const out = [...(edges.get(at) ?? [])].filter((n) => members.has(n));
    const next = out.find((n) => n === start) ?? out.find((n) => !seen.has(n)) ?? out[0];
    path.push(next);
    if (next === start || seen.has(next)) break;
    seen.add(next);
    at = next;
  }
  return path.join(" → ");
}

// The table. Service folders from the bottom up; the front ends on top; shared/ beside them all.
const NO_EDITOR = {
  packages: /^vscode(?:-languageserver|-languageclient|-jsonrpc)?(?:[-/]|$)/,
  why: "the pure language service: no editor, no LSP",
};
const SERVICE_BASE = [
  "server/src/types.ts",
  "server/src/data.ts",
  "server/src/fileKind.ts",
  "server/src/settings.ts",
  "server/src/context.ts",
];

export const BOUNDARIES: Boundaries = {
  roots: ["shared", "client/src", "server/src", "server/lsp", "server/cli"],
  units: [
    {
      name: "shared",
      path: "shared/",
      imports: ["package.json"],
      types: ["server/src"],
      forbidden: { packages: /./, why: "loaded by the webview and the service: no package at all" },
      why: "the contracts: loaded by the webview and the service, they load nothing but each other and package.json",
    },
    {
      name: "client/src",
      path: "client/src/",
      imports: ["shared"],
      forbidden: { packages: /^vscode-languageserver|^vscode-jsonrpc/, why: "the server's libraries are the server's" },
      why: "the extension talks to the server through shared/'s contracts only",
    },
    {
      name: "client/src/webview",
      path: "client/src/webview/",
      imports: ["shared"],
      forbidden: {
        packages: /^node:|^vscode|^(?:fs|path|os|child_process|worker_threads)$/,
        why: "a browser page: no Node, no editor API",
      },
      why: "a browser page: no Node, no editor API",
    },
    {
      name: "server/lsp",
      path: "server/lsp/",
      imports: ["server/src", "shared"],
      why: "the LSP layer uses the service through server/src/index.ts",
    },
    {
      name: "server/cli",
      path: "server/cli/",
      imports: ["server/src", "server/src/fileKind.ts", "server/src/pdf", "server/lsp", "shared"],
      forbidden: { packages: /^vscode/, why: "no editor in a terminal" },
      why: "the command line uses the service's entry, the PDF import and the server's PDF thread",
    },
    // The service's entry and wiring: service.ts, index.ts and any other file at its root.
    {
      name: "server/src",
      path: "server/src/",
      imports: [
        ...SERVICE_BASE,
        "server/src/text",
        "server/src/lexicon",
        "server/src/model",
        "server/src/glossary",
        "server/src/analysis",
        "server/src/rules",
        "server/src/features",
        "server/src/pdf",
        "shared",
      ],
      forbidden: NO_EDITOR,
      why: "the pure language service",
    },
    { name: "server/src/types.ts", path: "server/src/types.ts", imports: [], why: "LSP-shaped types, below all" },
    { name: "server/src/data.ts", path: "server/src/data.ts", imports: [], why: "reads server/data/, nothing else" },
    { name: "server/src/fileKind.ts", path: "server/src/fileKind.ts", imports: [], why: "words for a file's kind" },
    {
      name: "server/src/settings.ts",
      path: "server/src/settings.ts",
      imports: ["server/src/types.ts"],
      why: "settings as untrusted JSON",
    },
    {
      name: "server/src/context.ts",
      path: "server/src/context.ts",
      imports: ["server/src/glossary", "server/src/model"],
      why: "what an analysis knows besides the document",
    },
    {
      name: "server/src/text",
      path: "server/src/text/",
      imports: ["server/src/types.ts"],
      forbidden: NO_EDITOR,
      why: "text primitives: lines, words, patterns",
    },
    {
      name: "server/src/lexicon",
      path: "server/src/lexicon/",
      imports: ["server/src/data.ts", "server/src/text"],
      forbidden: NO_EDITOR,
      why: "the spelling lexicon, read from server/data",
    },
    {
      name: "server/src/model",
      path: "server/src/model/",
      imports: ["server/src/types.ts", "server/src/text"],
      types: ["server/src/data.ts", "server/src/lexicon"],
      forbidden: NO_EDITOR,
      why: "the model is a function of the text: it reads neither analysis/, rules/ nor features/",
    },
    {
      name: "server/src/glossary",
      path: "server/src/glossary/",
      imports: ["server/src/types.ts", "server/src/data.ts", "server/src/fileKind.ts", "server/src/text"],
      forbidden: NO_EDITOR,
      why: "glossaries and States, below the rules",
    },
    {
      name: "server/src/analysis",
      path: "server/src/analysis/",
      imports: ["server/src/types.ts", "server/src/text", "server/src/model"],
      types: ["server/src/context.ts"],
      forbidden: NO_EDITOR,
      why: "what rules and features both read that needs the context: the model below, nothing above",
    },
    {
      name: "server/src/rules",
      path: "server/src/rules/",
      imports: [
        "server/src/types.ts",
        "server/src/data.ts",
        "server/src/context.ts",
        "server/src/text",
        "server/src/lexicon",
        "server/src/model",
        "server/src/glossary",
        "server/src/analysis",
      ],
      forbidden: NO_EDITOR,
      why: "rules read the model and analysis/, never features/ or pdf/",
    },
    {
      name: "server/src/features",
      path: "server/src/features/",
      imports: [
        "server/src/types.ts",
        "server/src/data.ts",
        "server/src/settings.ts",
        "server/src/context.ts",
        "server/src/text",
        "server/src/lexicon",
        "server/src/model",
        "server/src/glossary",
        "server/src/analysis",
        "server/src/rules",
        "shared",
      ],
      forbidden: NO_EDITOR,
      why: "features read the model; diagnostics.ts runs the rules; nothing reads pdf/",
    },
    {
      name: "server/src/pdf",
      path: "server/src/pdf/",
      imports: [
        "server/src/types.ts",
        "server/src/data.ts",
        "server/src/text",
        "server/src/lexicon",
        "server/src/model",
        "server/src/rules",
        "shared",
      ],
      forbidden: NO_EDITOR,
      why: "the PDF import sits on the model and the rules' verdicts; it reads no feature",
    },
  ],
  fileAccess: {
    within: "server/src/",
    // The modules of the service that read files. Each reads its own kind of file; none writes.
    modules: [
      "server/src/data.ts", // server/data/ (language data, glossaries, States, lexicons) and dictionaries
      "server/src/glossary/teamFile.ts", // the team glossary, as untrusted input
      "server/src/pdf/compiled.ts", // V8's code cache of PDF.js and the CLI in the user's cache folder: reads, and writes its own files (O_EXCL, renamed)
      "server/src/pdf/ocr/engine.ts", // the scan's page images and Tesseract's TSV in a private temporary folder
      "server/src/pdf/read.ts", // PDF.js's modules, patched as they are loaded
    ],
  },
  // Empty: issue 26 removed the cycles that predated the check. An entry here names the edge
  // it leaves out and why, and is a debt to pay.
  cycleExceptions: [],
};
