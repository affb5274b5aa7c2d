// The team glossary: which file it is (the setting's path, in the workspace's folders), reading
// it when the settings or the file change, and the command that adds an acronym to it (a JSON
// edit the client applies, so that the change is undoable and goes through the editor). The file
// is read through the service's readTeamGlossaryFile: a regular file, of bounded size, inside the
// workspace unless the user's own setting names it.

import { existsSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ApplyWorkspaceEditParams, InitializeParams } from "vscode-languageserver/node";
import { ADD_TO_GLOSSARY_SERVER_COMMAND } from "../../shared/constants";
import {
  addToTeamGlossary,
  type GlossaryEntry,
  LineIndex,
  parseTeamGlossary,
  readTeamGlossaryFile,
  type TextEdit,
} from "../src/index";
import { isObject } from "./validate";

/** The commands the glossary answers (workspace/executeCommand). */
export const GLOSSARY_COMMANDS = [ADD_TO_GLOSSARY_SERVER_COMMAND];

export interface GlossaryHost {
  /** The setting `verbatim.glossaryPath`. */
  glossaryPath(): string;
  /** The glossary's entries for the analysts, and the file they come from. */
  use(entries: GlossaryEntry[], file: string | undefined): void;
  warn(message: string): void;
  error(message: string): void;
  showError(message: string): void;
  applyEdit(edit: ApplyWorkspaceEditParams): Promise<{ applied: boolean }>;
}

/** Workspace folders as file system paths, from `initialize`: where the team glossary is looked for. */
export function workspaceFolders(params: InitializeParams | null | undefined): string[] {
  const roots: unknown[] = Array.isArray(params?.workspaceFolders)
    ? params.workspaceFolders.map((f) => (f as { uri?: unknown } | null)?.uri)
    : params?.rootUri
      ? [params.rootUri]
      : [];
  return roots.flatMap((uri) => {
    const path = typeof uri === "string" && uri.startsWith("file:") ? safePath(uri) : undefined;
    return path === undefined ? [] : [path];
  });
}

function safePath(uri: string): string | undefined {
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

interface AddArguments {
  acronym: string;
  expansion: string;
  category?: string;
}

/** The add command's argument, if it has an acronym and an expansion. */
function addArguments(p: unknown): AddArguments | undefined {
  if (!isObject(p) || !Array.isArray(p.arguments) || !isObject(p.arguments[0])) return undefined;
  const arg = p.arguments[0];
  if (typeof arg.acronym !== "string" || typeof arg.expansion !== "string" || !arg.expansion.trim()) return undefined;
  return {
    acronym: arg.acronym.trim(),
    expansion: arg.expansion.trim(),
    ...(typeof arg.category === "string" && arg.category ? { category: arg.category } : {}),
  };
}

export class TeamGlossary {
  /** Workspace folders as file system paths. */
  folders: string[] = [];

  constructor(private readonly host: GlossaryHost) {}

  /**
   * The file: an absolute setting's path (the user's choice: in Restricted Mode VS Code gives the
   * server the user's value only), or a relative one in the first workspace folder that has it;
   * `workspace` then names the folder the file must stay in.
   */
  file(): { path: string; workspace?: string } | undefined {
    const path = this.host.glossaryPath();
    if (isAbsolute(path)) return { path };
    const candidates = this.folders.map((f) => ({ path: join(f, path), workspace: f }));
    return candidates.find((c) => existsSync(c.path)) ?? candidates[0];
  }

  /** (Re)reads the glossary (or takes `text` as its content); a missing file is an empty glossary. */
  load(text?: string): void {
    const file = this.file();
    if (!file) {
      this.host.use([], undefined);
      return;
    }
    let content = text;
    if (content === undefined) {
      const read = readTeamGlossaryFile(file.path, file.workspace);
      if ("error" in read) this.host.warn(`Verbatim: ${read.error}`);
      content = "text" in read ? read.text : "";
    }
    const { entries, problems } = content.trim() ? parseTeamGlossary(content) : { entries: [], problems: [] };
    for (const p of problems) this.host.warn(`Verbatim: team glossary ${file.path}: ${p}`);
    this.host.use(entries, file.path);
  }

  /** `workspace/didChangeWatchedFiles`: true when the glossary was among the files and was read again. */
  watched(change: unknown): boolean {
    if (!isObject(change) || !Array.isArray(change.changes) || !change.changes.every((c) => isObject(c))) {
      this.host.error("Verbatim: workspace/didChangeWatchedFiles ignored: changes must be a list");
      return false;
    }
    const file = this.file();
    if (!file) return false;
    const uri = pathToFileURL(file.path).href;
    if (!change.changes.some((c) => c.uri === uri || (typeof c.uri === "string" && safePath(c.uri) === file.path)))
      return false;
    this.load();
    return true;
  }

  /**
   * The add command: the acronym added to the glossary file by an edit the client applies, and the
   * glossary read again. Its answer: the file's URI, or null when nothing was written (said why).
   */
  async add(p: unknown): Promise<{ file: string } | null> {
    const arg = addArguments(p);
    if (!arg) return this.refuse("adding to the glossary needs an acronym and its expansion.");
    const file = this.file();
    if (!file) return this.refuse("open a folder to keep a team glossary in it.");
    // The same checks as reading (a regular file, its size, inside the workspace), then an edit
    // of the JSON in place; a file that does not parse is left alone.
    const read = readTeamGlossaryFile(file.path, file.workspace);
    const before = "text" in read ? read.text : undefined;
    const change = "error" in read ? read : addToTeamGlossary(before, arg);
    if ("error" in change) {
      const why = "error" in read ? change.error : `the team glossary ${file.path} cannot be edited: ${change.error}`;
      return this.refuse(`${why}. Nothing was written.`);
    }
    const uri = pathToFileURL(file.path).href;
    const result = await this.host.applyEdit(glossaryEdit(arg.acronym, uri, before, change.edits));
    if (!result.applied) return null;
    this.load(change.text);
    return { file: uri };
  }

  private refuse(why: string): null {
    this.host.showError(`Verbatim: ${why}`);
    return null;
  }
}

/** The workspace edit that writes `edits` (offsets of `before`) to the file, created if missing. */
function glossaryEdit(
  acronym: string,
  uri: string,
  before: string | undefined,
  edits: { offset: number; length: number; content: string }[],
): ApplyWorkspaceEditParams {
  const lines = new LineIndex(before ?? "");
  const textEdits: TextEdit[] = edits.map((e) => ({
    range: { start: lines.positionAt(e.offset), end: lines.positionAt(e.offset + e.length) },
    newText: e.content,
  }));
  return {
    label: `Add ${acronym} to the team glossary`,
    edit: {
      documentChanges: [
        ...(before === undefined ? [{ kind: "create" as const, uri, options: { ignoreIfExists: true } }] : []),
        { textDocument: { uri, version: null }, edits: textEdits },
      ],
    },
  };
}
