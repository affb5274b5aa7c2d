// The messages between the PDF view's webview (client/src/webview/pdfView.ts, a browser page) and
// the extension (client/src/pdfView.ts), each direction once. Pure types: the webview's bundle
// takes nothing else from here.

import type { PageBox } from "./constants";

/** Extension → webview. */
export type ToView =
  /** The PDF to show: its name and its bytes in base64. */
  | { type: "pdf"; name: string; data: string }
  /** The PDF could not be read. */
  | { type: "failed"; message: string }
  | { type: "status"; text: string }
  /** The view follows a transcript (`name`) now. */
  | { type: "linked"; name: string; text: string }
  /** The view follows no transcript any more. */
  | { type: "unlinked"; text: string }
  /** The cursor's line, and its page and boxes (or null: no page for it). */
  | { type: "show"; line: number; location: { page: number; boxes: PageBox[] } | null };

/** Webview → extension. */
export type FromView =
  | { type: "ready" }
  /** A click on the page shown, in PDF points from its top-left corner. */
  | { type: "click"; page: number; x: number; y: number }
  | { type: "import" }
  | { type: "error"; message: string };
