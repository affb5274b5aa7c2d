import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { LANGUAGE_ID } from "../../shared/constants";
import type { Messages, ResultOf } from "../../shared/protocol";
import { lsp } from "./protocol";

/** The server's answer (server/src/features/speakers.ts, `SpeakerIndex`). */
type SpeakerIndex = ResultOf<Messages["speakers"]>;
type SpeakerRow = SpeakerIndex["groups"][number]["speakers"][number];
type SpeechEntry = SpeakerRow["speeches"][number];

const speakersRequest = lsp.speakers;

type Node =
  | { kind: "group"; group: SpeakerIndex["groups"][number] }
  | { kind: "speaker"; row: SpeakerRow }
  | { kind: "speech"; row: SpeakerRow; speech: SpeechEntry };

const ICONS: Record<string, string> = {
  presiding: "law",
  secretariat: "globe",
  briefers: "megaphone",
  delegations: "organization",
};

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * The Speakers view in the Explorer, grouped as a reader of a record thinks of it: the presiding
 * officer, the Secretariat, briefers, delegations; one row per speaker (a delegation's row shows
 * its speaker after it), each speech under it with its words and language; the full name in a
 * tooltip; selecting a speech reveals it. The server computes it (`lsp.speakers`); the view
 * refreshes when the active transcript changes.
 */
export class SpeakersView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private index: SpeakerIndex = { groups: [] };
  private uri: vscode.Uri | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly client: () => LanguageClient | undefined,
    private readonly log: vscode.OutputChannel,
  ) {}

  /** Asks the server again, a moment after the last edit. */
  refresh(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.load(), 300);
  }

  private async load(): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    const client = this.client();
    if (editor?.document.languageId !== LANGUAGE_ID || !client) {
      this.index = { groups: [] };
      this.uri = undefined;
    } else {
      this.uri = editor.document.uri;
      try {
        const answer = await client.sendRequest(speakersRequest, { uri: this.uri.toString() });
        this.index = { groups: Array.isArray(answer?.groups) ? answer.groups : [] };
      } catch (error) {
        this.log.appendLine(`Speakers view: ${error instanceof Error ? error.message : String(error)}`);
        this.index = { groups: [] };
      }
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.index.groups.map((group) => ({ kind: "group", group }));
    if (node.kind === "group") return node.group.speakers.map((row) => ({ kind: "speaker", row }));
    if (node.kind === "speaker") return node.row.speeches.map((speech) => ({ kind: "speech", row: node.row, speech }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === "group") {
      const g = node.group;
      const speeches = g.speakers.reduce((n, r) => n + r.speeches.length, 0);
      const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `group:${g.kind}`;
      item.description = `${plural(g.speakers.length, "speaker")} · ${plural(speeches, "speech", "speeches")}`;
      item.iconPath = new vscode.ThemeIcon(ICONS[g.kind] ?? "person");
      return item;
    }
    if (node.kind === "speaker") {
      const r = node.row;
      const n = r.speeches.length;
      const words = r.speeches.reduce((m, s) => m + s.wordCount, 0);
      const item = new vscode.TreeItem(r.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `speaker:${r.speaker}`;
      item.description = [r.detail, `${plural(n, "speech", "speeches")}, ${plural(words, "word")}`]
        .filter(Boolean)
        .join(" · ");
      // The full name: a long delegation or title is cut in the row.
      item.tooltip = `${r.speaker}\n${plural(n, "speech", "speeches")}, ${plural(words, "word")}`;
      item.iconPath = new vscode.ThemeIcon("person");
      return item;
    }
    const s = node.speech;
    const item = new vscode.TreeItem(`Speech ${s.index}`, vscode.TreeItemCollapsibleState.None);
    item.id = `speech:${s.index}`;
    item.description = `${plural(s.wordCount, "word")}${s.language ? ` · in ${s.language}` : ""} · line ${s.selectionRange.start.line + 1}`;
    item.tooltip = `${node.row.speaker}: speech ${s.index}, ${plural(s.wordCount, "word")}, line ${s.selectionRange.start.line + 1}`;
    item.iconPath = new vscode.ThemeIcon("comment");
    if (this.uri) {
      const r = s.selectionRange;
      item.command = {
        title: "Reveal the speech",
        command: "vscode.open",
        arguments: [
          this.uri,
          { selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character) },
        ],
      };
    }
    return item;
  }
}
