// Verbatim's own messages between the client and the server, beside LSP's.
import { NotificationType, RequestType } from "vscode-languageserver/node";
import type { SpeakerIndex, TextEdit } from "../src/index";

export const VERSION = "0.1.0";

/** Client → server: the text of workspace transcripts that are not open (for workspace symbols). */
export const workspaceFiles = new NotificationType<{ files?: { uri: string; text: string }[]; removed?: string[] }>(
  "verbatim/workspaceFiles",
);

/** Server → client: findings per code before the cap, so that the client can show the counts. */
export const diagnosticCounts = new NotificationType<{ uri: string; counts: Record<string, number>; dropped: number }>(
  "verbatim/diagnosticCounts",
);

/** Client → server: every safe fix of an open document, as edits to apply at once ("Clean transcript"). */
export const safeFixes = new RequestType<{ uri: string }, TextEdit[], void>("verbatim/safeFixes");

/** Client → server: the edits that put each paragraph of an open document on one line ("Unwrap paragraphs"). */
export const unwrap = new RequestType<{ uri: string }, TextEdit[], void>("verbatim/unwrap");

/**
 * The server's command that adds an entry to the team glossary: `{ acronym, expansion, category? }`.
 * VS Code's quick fix runs the client's `verbatim.addToGlossary`, which asks for the expansion and
 * then calls this one; other editors call it directly with both.
 */
export const ADD_TO_GLOSSARY_SERVER_COMMAND = "verbatim.server.addToGlossary";

/** Client → server: the speakers of an open record by delegation, for the Speakers view. */
export const speakers = new RequestType<{ uri: string }, SpeakerIndex, void>("verbatim/speakers");
