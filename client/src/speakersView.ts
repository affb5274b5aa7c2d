import * as vscode from "vscode";
import type { LanguageClient } from "vscode-languageclient/node";
import { RequestType } from "vscode-languageclient/node";

interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
interface SpeakerIndex {
  delegations: {
    name: string;
    speakers: {
      speaker: string;
      speeches: {
        index: number;
        range: LspRange;
        selectionRange: LspRange;
        wordCount: number;
        language: string | null;
      }[];
    }[];
  }[];
}

const speakersRequest = new RequestType<{ uri: string }, SpeakerIndex, void>("verbatim/speakers");

type Node =
  | { kind: "delegation"; name: string; speakers: SpeakerIndex["delegations"][number]["speakers"] }
  | { kind: "speaker"; speaker: SpeakerIndex["delegations"][number]["speakers"][number] }
  | { kind: "speech"; speech: SpeakerIndex["delegations"][number]["speakers"][number]["speeches"][number] };

/**
 * The Speakers view in the Explorer: delegations, their speakers, each speech with its words and
 * the language spoken; selecting a speech reveals it. The server computes it (verbatim/speakers);
 * the view refreshes when the active transcript changes.
 */
export class SpeakersView implements vscode.TreeDataProvider<Node> {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private index: SpeakerIndex = { delegations: [] };
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
    if (editor?.document.languageId !== "transcript" || !client) {
      this.index = { delegations: [] };
      this.uri = undefined;
    } else {
      this.uri = editor.document.uri;
      try {
        this.index = await client.sendRequest(speakersRequest, { uri: this.uri.toString() });
      } catch (error) {
        this.log.appendLine(`Speakers view: ${error instanceof Error ? error.message : String(error)}`);
        this.index = { delegations: [] };
      }
    }
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.index.delegations.map((d) => ({ kind: "delegation", name: d.name, speakers: d.speakers }));
    if (node.kind === "delegation") return node.speakers.map((speaker) => ({ kind: "speaker", speaker }));
    if (node.kind === "speaker") return node.speaker.speeches.map((speech) => ({ kind: "speech", speech }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === "delegation") {
      const words = node.speakers.reduce((n, s) => n + s.speeches.reduce((m, x) => m + x.wordCount, 0), 0);
      const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Expanded);
      item.description = `${words} words`;
      item.iconPath = new vscode.ThemeIcon("organization");
      return item;
    }
    if (node.kind === "speaker") {
      const item = new vscode.TreeItem(node.speaker.speaker, vscode.TreeItemCollapsibleState.Collapsed);
      const n = node.speaker.speeches.length;
      item.description = `${n} speech${n === 1 ? "" : "es"}`;
      item.iconPath = new vscode.ThemeIcon("person");
      return item;
    }
    const s = node.speech;
    const item = new vscode.TreeItem(`Speech ${s.index}`, vscode.TreeItemCollapsibleState.None);
    item.description = `${s.wordCount} words${s.language ? ` · in ${s.language}` : ""} · line ${s.selectionRange.start.line + 1}`;
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
