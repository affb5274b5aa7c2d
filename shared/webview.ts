// The messages between the PDF view's webview (client/src/webview/pdfView.ts, a browser page) and
// the extension (client/src/pdfView.ts), each direction once. Pure types: the webview's bundle
// takes nothing else from here.

import type { PageBox } from "./constants";

/** How the pages are sized: to the view's width, whole pages in its height, or a scale (1 = 100 %: a PDF point a CSS pixel). */
export type PdfZoom = "width" | "page" | number;

/** What the view shows, as the extension passes it on: the options the user set. */
export interface PdfViewOptions {
  /** Pages drawn dark (inverted, hues kept) when the theme is dark (`verbatim.pdfView.darkPages`). */
  darkPages: boolean;
  /** The words the OCR was unsure of marked on the pages (`verbatim.pdfView.ocrDoubts`). */
  ocrDoubts: boolean;
}

/**
 * What the extension writes into the view's page (a data attribute of its script): the PDF's
 * address among the webview's resources when the page may fetch it (else it comes as a `pdf`
 * message), its name, the zoom and page it had when last shown, the options.
 */
export interface PdfViewGiven {
  pdf?: string;
  name: string;
  zoom?: PdfZoom;
  page?: number;
  options: PdfViewOptions;
  /**
   * When the command that opened the view ran, asked VS Code for the view, VS Code asked the
   * extension for it, and the extension wrote the page (ms since 1970): the e2e test's split of the
   * first page's time.
   */
  timing?: { command?: number; openWith?: number; resolved: number; html?: number };
  /**
   * The address of the view's direct channel (client/src/followChannel.ts: a stream of
   * Server-Sent Events, as the browser reaches it), on which the cursor's marks (`show`) come
   * without VS Code's `postMessage`; absent when there is none (they come as messages).
   */
  follow?: string;
  /** The view is opened hidden (a tab behind another, restored): it makes no text layer until shown. */
  hidden?: boolean;
}

/** Extension → webview. */
export type ToView =
  /**
   * The PDF to show, when the page could not fetch it from its address or was given none: its
   * name, its bytes in base64, the zoom and the page at the top it had when
   * last shown (kept per PDF in the workspace's state), the options.
   */
  | { type: "pdf"; name: string; data: string; zoom?: PdfZoom; page?: number; options: PdfViewOptions }
  /** The zoom and page the view reported are kept in the workspace's state (what a reload restores). */
  | { type: "kept"; zoom: PdfZoom; page: number }
  /** The options changed (the user's settings). */
  | { type: "options"; options: PdfViewOptions }
  /** The PDF could not be read. */
  | { type: "failed"; message: string }
  | { type: "status"; text: string }
  /** The view follows a transcript (`name`) now. */
  | { type: "linked"; name: string; text: string }
  /** The view follows no transcript any more. */
  | { type: "unlinked"; text: string }
  /**
   * The cursor's line, and the page and boxes of its sentence (or of its line, in a text kept with
   * the PDF's lines), or null: no page for it.
   */
  | {
      type: "show";
      /**
       * Its number among the extension's `show`s (rising): a view shows none older than the one it
       * shows, whichever way each came (the direct channel, or `postMessage`).
       */
      seq: number;
      /** The way it was sent: the view's direct channel, or `postMessage`. */
      channel: "direct" | "message";
      line: number;
      location: { page: number; boxes: PageBox[] } | null;
      timing?: FollowTiming;
    }
  /** The boxes of the doubtful OCR words printed on a page (the answer to `doubts`). */
  | { type: "doubts"; page: number; boxes: PageBox[] }
  /**
   * The doubtful words changed (an edit, a new sidecar, a new link): the pages drawn ask again if
   * the transcript followed has `any` (else none is asked for, and none is marked).
   */
  | { type: "doubtsChanged"; any: boolean }
  /**
   * The view was shown or hidden (another editor of its group came on top of it): a hidden view
   * makes no text layer. VS Code focuses a webview it hides (its find widget's hide), and a view
   * that took that focus for the reader's laid out text layers beside the next view's first page.
   */
  | { type: "visible"; visible: boolean };

/**
 * When the extension handled a cursor move, in ms since 1970 (`performance.timeOrigin +
 * performance.now()`, comparable with the webview's clock on one machine): the selection event
 * came, the location was asked of the server, answered, posted to the webview. The e2e test splits
 * the time of each hop with them (bench/RESULTS.md).
 */
export interface FollowTiming {
  selection: number;
  asked: number;
  answered: number;
  posted: number;
}

/** Webview → extension. */
export type FromView =
  | { type: "ready" }
  /** The PDF could not be fetched from its address (`why`): the extension sends its bytes (`pdf`). */
  | { type: "send"; why: string }
  /** The first page is drawn (or could not be): the extension links the view now, not competing with it for the CPU. */
  | { type: "drawn" }
  /** A click on a page, in PDF points from its top-left corner. */
  | { type: "click"; page: number; x: number; y: number }
  | { type: "import" }
  /** The zoom or the page at the top changed: kept for the PDF, for the next time it is shown. */
  | { type: "zoom"; zoom: PdfZoom; page: number }
  | { type: "error"; message: string }
  /**
   * The view's direct channel opened or closed (`why`: what the browser said); `seq`: the last
   * `show` the view has shown (-1: none). Closed, the extension sends the marks by `postMessage`,
   * the last `show` again if the view missed it.
   */
  | { type: "direct"; open: boolean; seq: number; why?: string }
  /** A page was drawn: the boxes of its doubtful OCR words, if any, are wanted. */
  | { type: "doubts"; page: number };
