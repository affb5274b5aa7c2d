// The PDF import's data: what pdf.js gives of a PDF's text (read.ts), and what the import gives
// back (index.ts). Plain data, no pdf.js object: the layout and the transcript are functions of it.

/** A font as the page's text uses it: its PostScript name and the style read from that name. */
export interface PdfFont {
  /** The font's name without its subset prefix (`TimesNewRomanPS-BoldMT`); empty when unknown. */
  name: string;
  bold: boolean;
  italic: boolean;
  /** A barcode font (`Barcode-3-of-9`): what it prints is page furniture. */
  barcode: boolean;
}

/**
 * One run of text as pdf.js gives it (a text item): its string, where it is and in which font.
 * Coordinates are PDF points from the page's top-left corner, y downwards (the page as shown at
 * scale 1): `x` is where the run starts, `baseline` its baseline, `size` the font size.
 */
export interface PdfRun {
  text: string;
  x: number;
  baseline: number;
  width: number;
  size: number;
  /** Index into `PdfText.fonts`. */
  font: number;
}

export interface PdfPage {
  /** 1-based, as the PDF's page index. */
  number: number;
  /** The page upright (its text read left to right): the size the runs' places are in. */
  width: number;
  height: number;
  runs: PdfRun[];
  /**
   * A page shown turned (/Rotate) or whose text is set turned: its size as shown, and how many
   * quarter turns clockwise its text is as shown (1 to 3). The runs are placed in the upright page.
   */
  view?: { width: number; height: number; turn: number };
}

/** A PDF's text: its pages' runs and the fonts they use. */
export interface PdfText {
  pages: PdfPage[];
  fonts: PdfFont[];
}

/** A rectangle on a page, in PDF points from the page's top-left corner (y downwards). */
export type { PageBox } from "../../../shared/constants";
