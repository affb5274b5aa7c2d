// A second reading of the words Tesseract was unsure of, each alone. On a page, Tesseract reads a
// line whole: a name followed by a dot leader (`Colombia ........ Mr. X`) comes out as
// `Colombiaescie` or `Boabirerirn`, the dots read as letters; a symbol in large title type
// (`A/64/PV.121`) as `Avcapy.i21`. Cut out of the page at its own box (the dots left outside),
// large type brought down to the page's usual size, the same word reads right. The doubtful
// words' images are stacked one under the other on a white image (written as a TIFF, engine.ts),
// read by one more Tesseract run as a block of lines (`--psm 6`), each line given back to its word
// when it reads with more confidence. Pure functions here; engine.ts runs Tesseract.
import { tsvWords, usualHeight } from "./tsv";

/** A grey image: one byte a pixel, rows top to bottom. */
export interface Grey {
  width: number;
  height: number;
  pixels: Uint8Array;
}

/** Reads a binary PGM (P5, 8 bits); undefined for anything else. */
export function readPgm(bytes: Uint8Array): Grey | undefined {
  let at = 0;
  const token = (): string => {
    for (;;) {
      while (at < bytes.length && /\s/.test(String.fromCharCode(bytes[at]))) at++;
      if (bytes[at] !== 0x23) break; // `#` a comment to the line's end
      while (at < bytes.length && bytes[at] !== 0x0a) at++;
    }
    let s = "";
    while (at < bytes.length && s.length < 12 && !/\s/.test(String.fromCharCode(bytes[at])))
      s += String.fromCharCode(bytes[at++]);
    return s;
  };
  if (token() !== "P5") return undefined;
  const width = Number(token());
  const height = Number(token());
  const max = Number(token());
  at++; // the one white-space character before the pixels
  if (!(width > 0 && height > 0 && max === 255) || bytes.length - at < width * height) return undefined;
  return { width, height, pixels: bytes.subarray(at, at + width * height) };
}

/**
 * The head of an uncompressed 8-bit grey TIFF of `width` × `height` pixels (one strip, black 0,
 * no resolution: Tesseract estimates it from the type as it does for a PGM), to be followed by
 * the pixels, rows top to bottom. What Tesseract is given to read (engine.ts `writeImage`):
 * Leptonica 1.82 reads a PGM a byte at a time (about 150 instructions a pixel, 0.1 s of a 300 dpi
 * page), a TIFF's strip a row at a time, the same pixels and the same words (bench/RESULTS.md).
 * TIFF 6.0 (Adobe, 1992): the header, the image file directory's entries sorted by tag.
 */
export function tiffHead(width: number, height: number): Uint8Array {
  const tags: [number, number, number][] = [
    [256, 4, width], // ImageWidth, LONG
    [257, 4, height], // ImageLength
    [258, 3, 8], // BitsPerSample, SHORT
    [259, 3, 1], // Compression: none
    [262, 3, 1], // PhotometricInterpretation: BlackIsZero
    [273, 4, 0], // StripOffsets: the pixels, right after the head
    [277, 3, 1], // SamplesPerPixel
    [278, 4, height], // RowsPerStrip: one strip
    [279, 4, width * height], // StripByteCounts
  ];
  const size = 8 + 2 + 12 * tags.length + 4;
  const head = new DataView(new ArrayBuffer(size));
  head.setUint16(0, 0x4949); // `II`: little-endian
  head.setUint16(2, 42, true);
  head.setUint32(4, 8, true);
  head.setUint16(8, tags.length, true);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + 12 * i;
    head.setUint16(at, tag, true);
    head.setUint16(at + 2, type, true);
    head.setUint32(at + 4, 1, true);
    if (type === 3) head.setUint16(at + 8, value, true);
    else head.setUint32(at + 8, tag === 273 ? size : value, true);
  });
  head.setUint32(size - 4, 0, true); // no next directory
  return new Uint8Array(head.buffer);
}

/** The grey image of a TIFF `tiffHead` began (one strip, 8 bits, uncompressed); undefined for any other. */
export function readTiff(bytes: Uint8Array): Grey | undefined {
  if (bytes.length < 10 || bytes[0] !== 0x49 || bytes[1] !== 0x49) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(2, true) !== 42) return undefined;
  const at = view.getUint32(4, true);
  if (at + 2 > bytes.length) return undefined;
  const n = view.getUint16(at, true);
  if (at + 2 + 12 * n > bytes.length) return undefined;
  const tag = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const e = at + 2 + 12 * i;
    const type = view.getUint16(e + 2, true);
    tag.set(view.getUint16(e, true), type === 3 ? view.getUint16(e + 8, true) : view.getUint32(e + 8, true));
  }
  const width = tag.get(256) ?? 0;
  const height = tag.get(257) ?? 0;
  const offset = tag.get(273) ?? 0;
  if (tag.get(258) !== 8 || tag.get(259) !== 1 || tag.get(262) !== 1 || (tag.get(277) ?? 1) !== 1) return undefined;
  if (!(width > 0 && height > 0) || offset + width * height > bytes.length) return undefined;
  return { width, height, pixels: bytes.subarray(offset, offset + width * height) };
}

/** Words read below this confidence (of 100) are read again alone. */
export const REREAD_BELOW = 75;
/** Words read where Tesseract had found none are kept from this confidence up (not a picture's noise). */
const FOUND_AT_LEAST = 60;
/** The block numbers of lines found that way, after Tesseract's own. */
const NEW_BLOCKS = 10_000;
/** At most this many words a page are read again (a page of noise is not read twice over). */
const MOST = 150;

/**
 * A word to read again: its rows in the TSV (line indexes: a word Tesseract cut in pieces, `TCE`
 * `CE` for `Greece`, is read again whole), box (pixels, around the pieces) and confidence.
 */
export interface Doubt {
  rows: number[];
  left: number;
  top: number;
  width: number;
  height: number;
  conf: number;
  /**
   * Pixels before and after the box up to the previous and next words' on its line (the page's
   * side where none): a word's box may leave out a letter's edge or its last letter (an italic
   * `V`), which its crop takes (`stack`, `inkBeside`).
   */
  before?: number;
  after?: number;
}

/**
 * The page's words to read again (and its usual word height, pixels): below REREAD_BELOW, with a
 * letter or digit, at least half the page's usual word height (not the dots of a leader, read as
 * `ee`), in no more than MOST. Doubtful neighbours on a line, closer than half their height, are
 * read together.
 */
export function doubts(tsv: string): { list: Doubt[]; usual: number } {
  const usual = usualHeight(tsvWords(tsv));
  const out: Doubt[] = [];
  let lineOf = "";
  let last: Doubt | undefined;
  const lines = tsv.split("\n");
  const edges = lineEdges(lines);
  lines.forEach((line, row) => {
    const f = line.split("\t");
    if (f.length < 12 || f[0] !== "5") return;
    const [left, top, fullWidth, height, conf] = f.slice(6, 11).map(Number);
    const text = f.slice(11).join(" ").trim();
    const key = f.slice(1, 5).join(".");
    // A box that runs into the next word's (Tesseract's LSTM may give a word its neighbours'
    // width: `Al-Mouallimi` over `(Saudi Arabia)`) stops where that word starts.
    const { next, prev } = edges.get(row) ?? { next: Number.POSITIVE_INFINITY, prev: 0 };
    const width = next > left && next < left + fullWidth ? next - left : fullWidth;
    if (!(conf >= 0 && conf < REREAD_BELOW) || !/[\p{L}\p{N}]/u.test(text) || !(width > 0 && height >= usual / 2)) {
      if (text) last = undefined;
      return;
    }
    if (last && key === lineOf && left - (last.left + last.width) < Math.max(height, last.height) / 2) {
      const right = Math.max(last.left + last.width, left + width);
      const bottom = Math.max(last.top + last.height, top + height);
      last.top = Math.min(last.top, top);
      last.width = right - last.left;
      last.height = bottom - last.top;
      last.conf = Math.min(last.conf, conf);
      last.rows.push(row);
      last.after = Math.max(0, next - right);
      return;
    }
    last = {
      rows: [row],
      left,
      top,
      width,
      height,
      conf,
      before: Math.max(0, left - prev),
      after: Math.max(0, next - (left + width)),
    };
    lineOf = key;
    out.push(last);
  });
  return { list: out.sort((a, b) => a.conf - b.conf).slice(0, MOST), usual };
}

/**
 * Each word's neighbours on its line (TSV rows of level 5 with text): where the next starts and
 * the previous ends (pixels; Infinity and 0 where there is none), by row. One pass.
 */
function lineEdges(lines: readonly string[]): Map<number, { next: number; prev: number }> {
  const out = new Map<number, { next: number; prev: number }>();
  let key = "";
  let before: { row: number; right: number } | undefined;
  lines.forEach((line, row) => {
    const f = line.split("\t");
    if (f.length < 12 || f[0] !== "5" || !f.slice(11).join(" ").trim()) return;
    const [left, , width] = f.slice(6, 9).map(Number);
    const k = f.slice(1, 5).join(".");
    const mine = { next: Number.POSITIVE_INFINITY, prev: 0 };
    if (before && k === key) {
      const b = out.get(before.row);
      if (b && left > 0) b.next = left;
      mine.prev = Math.min(before.right, left);
    }
    out.set(row, mine);
    key = k;
    before = { row, right: left + width };
  });
  return out;
}

/** Where each doubtful word lies on the stacked image: its band of rows. */
export interface Placed {
  doubt: Doubt;
  top: number;
  bottom: number;
  /** Where its image starts on the stacked image (x), and on the page (pixels); its shrink factor. */
  left: number;
  x0: number;
  y0: number;
  k: number;
}

/**
 * The doubtful words' images stacked on a white image, each at the page's usual word height (a
 * word in large type shrunk by an integer factor, its pixels averaged), a margin around it and a
 * blank gap between two.
 */
export function stack(page: Grey, list: readonly Doubt[], usual: number): { image: Grey; placed: Placed[] } {
  const pad = Math.max(4, Math.round(usual / 3));
  const parts = list.map((d) => {
    const k = Math.max(1, Math.round(d.height / Math.max(1, usual) / 1.5));
    const x0 = Math.max(0, inkBeside(page, d, -1) - 2);
    const y0 = Math.max(0, d.top - Math.round(d.height / 6));
    const x1 = Math.min(page.width, inkBeside(page, d, 1) + 2);
    const y1 = Math.min(page.height, d.top + d.height + Math.round(d.height / 6));
    return { d, k, x0, y0, w: Math.floor((x1 - x0) / k), h: Math.floor((y1 - y0) / k) };
  });
  const width = Math.max(1, ...parts.map((p) => p.w)) + 2 * pad;
  const height = parts.reduce((a, p) => a + p.h + 2 * pad, 0) + pad;
  const pixels = new Uint8Array(width * height).fill(255);
  const placed: Placed[] = [];
  let y = pad;
  for (const p of parts) {
    y += pad;
    for (let r = 0; r < p.h; r++)
      for (let c = 0; c < p.w; c++) {
        let sum = 0;
        for (let i = 0; i < p.k; i++)
          for (let j = 0; j < p.k; j++) sum += page.pixels[(p.y0 + r * p.k + i) * page.width + p.x0 + c * p.k + j];
        pixels[(y + r) * width + pad + c] = Math.round(sum / (p.k * p.k));
      }
    placed.push({ doubt: p.d, top: y, bottom: y + p.h, left: pad, x0: p.x0, y0: p.y0, k: p.k });
    y += p.h + pad;
  }
  return { image: { width, height, pixels }, placed };
}

/**
 * Where a word's ink ends beside its box, after it (`way` 1: the end, exclusive) or before it (-1:
 * the start): a letter or a letter's edge its box left out (at 200 dpi the `V` of a bold italic
 * `HALACHEV`, its `H`'s serif). The columns beside the box, in its rows, followed while they hold
 * ink with gaps narrower than a letter's (an eighth of the box's height), up to half its height
 * and not into its neighbour (`Doubt.before`, `after`): a word space stops it, and a neighbour's
 * piece is not taken. Linear in the box.
 */
function inkBeside(page: Grey, d: Doubt, way: 1 | -1): number {
  const edge = way > 0 ? d.left + d.width : d.left;
  const reach = Math.min(Math.round(d.height / 2), (way > 0 ? d.after : d.before) ?? 0);
  const limit = way > 0 ? Math.min(page.width, edge + reach) : Math.max(0, edge - reach);
  const gap = Math.max(1, Math.round(d.height / 8));
  const top = Math.max(0, d.top);
  const bottom = Math.min(page.height, d.top + d.height);
  let end = edge;
  for (let x = way > 0 ? edge : edge - 1, blank = 0; way > 0 ? x < limit : x >= limit; x += way) {
    let ink = false;
    for (let y = top; y < bottom && !ink; y++) ink = page.pixels[y * page.width + x] < 128;
    if (ink) {
      end = way > 0 ? x + 1 : x;
      blank = 0;
    } else if (++blank > gap) break;
  }
  return end;
}

/**
 * The page's TSV with each doubtful word's text and confidence replaced by its second reading's
 * (the words read on its band, their mean confidence) where that is higher. Boxes stay the page's.
 */
export function merge(tsv: string, placed: readonly Placed[], second: string): string {
  const found = new Map<Placed, { texts: string[]; confs: number[] }>();
  const added: string[] = [];
  for (const w of tsvWords(second)) {
    const middle = w.top + w.height / 2;
    const p = placed.find((q) => middle >= q.top && middle < q.bottom);
    if (!p) continue;
    if (!p.doubt.rows.length) {
      // Print Tesseract had found no word on (`uncovered`): its words, with confidence, added
      // as a line of their own, their boxes on the page.
      if (w.conf < FOUND_AT_LEAST || !/[\p{L}\p{N}]/u.test(w.text)) continue;
      const x = Math.round(p.x0 + (w.left - p.left) * p.k);
      const y = Math.round(p.y0 + (w.top - p.top) * p.k);
      const block = NEW_BLOCKS + placed.indexOf(p);
      added.push(
        [5, 1, block, 1, 1, added.length + 1, x, y, w.width * p.k, w.height * p.k, w.conf.toFixed(6), w.text].join(
          "\t",
        ),
      );
      continue;
    }
    // A piece of a neighbour the crop's margin took (`stack`): its middle outside the word's box.
    const across = (x: number) => p.left + (x - p.x0) / p.k;
    const centre = w.left + w.width / 2;
    if (centre < across(p.doubt.left) || centre > across(p.doubt.left + p.doubt.width)) continue;
    const f = found.get(p) ?? { texts: [], confs: [] };
    f.texts.push(w.text);
    f.confs.push(w.conf);
    found.set(p, f);
  }
  const rows = tsv.split("\n");
  for (const [p, f] of found) {
    const conf = f.confs.reduce((a, b) => a + b, 0) / f.confs.length;
    const text = f.texts.join(" ");
    if (!(conf > p.doubt.conf) || !text.trim()) continue;
    // The first piece takes the word and the box around the pieces; the others are left empty.
    const d = p.doubt;
    const cells = rows[d.rows[0]].split("\t");
    rows[d.rows[0]] = [...cells.slice(0, 6), d.left, d.top, d.width, d.height, conf.toFixed(6), text].join("\t");
    for (const r of d.rows.slice(1)) rows[r] = [...rows[r].split("\t").slice(0, 11), ""].join("\t");
  }
  return [...rows, ...added].join("\n");
}

/**
 * Print Tesseract found no word on: bands of ink, a line high or less, that no word's box covers
 * (Tesseract's page layout may drop a members list's names beside their dot leaders, a block
 * among pictures). Dark pixels counted on a grid of cells a quarter of a word high; cells of ink
 * outside every word's box (a cell around) joined into areas; areas a line high or less, half a
 * word high or more (not a leader's dots), joined along their line when a word's height apart.
 * Pictures (an emblem, a barcode) are taller: left alone. Linear in the image's pixels.
 */
export function uncovered(page: Grey, tsv: string, usual: number): Doubt[] {
  if (!(usual >= 8)) return [];
  const cell = Math.max(2, Math.round(usual / 4));
  const gw = Math.ceil(page.width / cell);
  const gh = Math.ceil(page.height / cell);
  const ink = new Uint16Array(gw * gh);
  // Each column's cell, worked out once (not a division a pixel).
  const cellOf = new Int32Array(page.width);
  for (let x = 0; x < page.width; x++) cellOf[x] = Math.floor(x / cell);
  const { pixels, width } = page;
  for (let y = 0; y < page.height; y++) {
    const row = y * width;
    const g = Math.floor(y / cell) * gw;
    for (let x = 0; x < width; x++) if (pixels[row + x] < 128) ink[g + cellOf[x]]++;
  }
  const covered = new Uint8Array(gw * gh);
  for (const line of tsv.split("\n")) {
    const f = line.split("\t");
    if (f.length < 12 || !(f[0] === "5" || f[0] === "2")) continue;
    const [left, top, width, height] = f.slice(6, 10).map(Number);
    if (![left, top, width, height].every(Number.isFinite)) continue;
    // A block (level 2) with no word is a picture Tesseract saw: covered too.
    if (f[0] === "2" && !(width * height > 16 * usual * usual)) continue;
    const x0 = Math.max(0, Math.floor(left / cell) - 1);
    const x1 = Math.min(gw - 1, Math.floor((left + width) / cell) + 1);
    const y0 = Math.max(0, Math.floor(top / cell) - 1);
    const y1 = Math.min(gh - 1, Math.floor((top + height) / cell) + 1);
    for (let y = y0; y <= y1; y++) covered.fill(1, y * gw + x0, y * gw + x1 + 1);
  }
  // A cell of ink: a few dark pixels (not a speck of noise).
  const least = Math.max(2, Math.round((cell * cell) / 12));
  const seen = new Uint8Array(gw * gh);
  const areas: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const stackOf: number[] = [];
  for (let start = 0; start < gw * gh; start++) {
    if (seen[start] || covered[start] || ink[start] < least) continue;
    let x0 = gw;
    let y0 = gh;
    let x1 = -1;
    let y1 = -1;
    seen[start] = 1;
    stackOf.push(start);
    while (stackOf.length) {
      const c = stackOf.pop() as number;
      const cx = c % gw;
      const cy = (c - cx) / gw;
      x0 = Math.min(x0, cx);
      x1 = Math.max(x1, cx);
      y0 = Math.min(y0, cy);
      y1 = Math.max(y1, cy);
      for (const n of [c - 1, c + 1, c - gw, c + gw]) {
        if (n < 0 || n >= gw * gh || seen[n] || covered[n] || ink[n] < least) continue;
        if ((n === c - 1 && cx === 0) || (n === c + 1 && cx === gw - 1)) continue;
        seen[n] = 1;
        stackOf.push(n);
      }
    }
    areas.push({ x0, y0, x1, y1 });
  }
  const high = (a: { y0: number; y1: number }) => (a.y1 - a.y0 + 1) * cell;
  const lines = areas
    .filter((a) => high(a) >= usual / 2 && high(a) <= 2 * usual)
    .sort((a, b) => a.y0 - b.y0 || a.x0 - b.x0);
  // Join areas of one line (overlapping heights) a word's height apart or less.
  const joined: typeof lines = [];
  for (const a of lines) {
    const same = joined.find(
      (b) => a.y0 <= b.y1 && b.y0 <= a.y1 && a.x0 * cell - (b.x1 + 1) * cell <= usual && a.x0 >= b.x0,
    );
    if (same) {
      same.x1 = Math.max(same.x1, a.x1);
      same.y0 = Math.min(same.y0, a.y0);
      same.y1 = Math.max(same.y1, a.y1);
    } else joined.push({ ...a });
  }
  return joined
    .filter((a) => high(a) <= 2 * usual && (a.x1 - a.x0 + 1) * cell >= usual)
    .slice(0, MOST)
    .map((a) => ({
      rows: [],
      left: a.x0 * cell,
      top: a.y0 * cell,
      width: Math.min(page.width, (a.x1 + 1) * cell) - a.x0 * cell,
      height: Math.min(page.height, (a.y1 + 1) * cell) - a.y0 * cell,
      conf: -1,
    }));
}

// A last reading of the names, for their accents. Tesseract's data of one language reads a
// letter it does not have without its mark (`eng`: `Briceño` → `Briceno` or `Bricefio`, `Bavdaž`
// → `Bavdaz`, `António` → `Antonio`), with a good confidence, so the doubtful words' reading does
// not see them; read with the data of all Latin-script languages (Debian's
// `tesseract-ocr-script-latn`, `Latin`) the same word has them. That data reads a whole page about
// half as slowly again (bench/RESULTS.md), and loading it costs about 0.45 s of processor time: the
// names of a whole record are read in one run (engine.ts). A name here: a capitalised word of
// Latin letters the record's lexicon does not know, in the page's usual type (a capital with a
// caron above, `Šćepanović`, makes its box taller), hyphenated (`Salazar-Mejía`) or possessive
// (`Türk’s`) or not. What is taken from that reading (`nameTaken`): its marks, its letters without
// their marks being the first reading's, but where the first read a marked letter (`Enestrém`) or
// `fi` for `ñ` (`Bricefio`): an English word never gains an accent, a name never changes its
// letters. Where the Latin reading is sure enough (SURE) and surer than the first, more: a
// letter `eng` does not have that is no letter with a mark (`ø`, `ł`, `đ`, `ß`, `æ`), or a marked
// letter `eng` read as another letter or two (`Megedal`, `Moggedal` for `Møgedal`; `Tirk` for
// `Türk`), and one of the confusions of printed type (`c`/`e`: `Szezerski` for `Szczerski`).

/** A name: a capital, then letters (Latin; hyphenated parts), its punctuation and a possessive `’s` outside. */
const NAME = /^(\P{L}*)(\p{Lu}\p{Script=Latin}+(?:-\p{Script=Latin}+)*)((?:['’]s)?\P{L}*)$/u;
/** What a name is and how it is read (`nameWords`, `namesRead`): a benchmark's kept readings of another are read again. */
export const NAMES_RECIPE = "names-5";
/** At most this many names a page are read for their marks. */
const MOST_NAMES = 80;
/**
 * The Latin reading's confidence (of 100) from which it is taken for more than marks
 * (`nameTaken`), when it is surer than the first as well: the confidence from which a word read
 * where Tesseract had found none is kept (FOUND_AT_LEAST). On the synthetic scans of the 16
 * development records, the readings it takes are read from 69 up (bench/RESULTS.md).
 */
export const SURE = FOUND_AT_LEAST;

/** A name's letters (`Salazar-Mejia` of `(Salazar-Mejia)`), or undefined: not a name of three letters or more. */
function nameOf(text: string): RegExpExecArray | undefined {
  const m = NAME.exec(text.trim());
  return m && m[2].replace(/-/g, "").length >= 3 ? m : undefined;
}

/** The page's names to read for their marks (see above): capitalised words `known` does not know, in the page's usual type. */
export function nameWords(tsv: string, known: (word: string) => boolean): NameWord[] {
  const usual = usualHeight(tsvWords(tsv));
  const out: NameWord[] = [];
  tsv.split("\n").forEach((line, row) => {
    const f = line.split("\t");
    if (f.length < 12 || f[0] !== "5" || out.length >= MOST_NAMES) return;
    const [left, top, width, height, conf] = f.slice(6, 11).map(Number);
    const m = nameOf(f.slice(11).join(" "));
    // A name's box: the usual type (twice its height: a capital's caron above, a descender
    // below), and no wider than a long name (not a line's noise read as one word).
    if (
      !m ||
      m[2].split("-").every((part) => !part || known(part)) ||
      !(width > 0 && width <= 16 * usual && height >= usual / 2 && height <= 2 * usual)
    )
      return;
    out.push({ rows: [row], left, top, width, height, conf, name: m[2] });
  });
  return out;
}

/** A name to read for its marks (`nameWords`): its box, and its letters as the first reading read them. */
export interface NameWord extends Doubt {
  name: string;
}

/**
 * The names of one run read a few times each (engine.ts `ocrPdf`, `ocrNames`): a record names the
 * same people, countries and bodies again and again (on the synthetic scans of the 16 development
 * records, 10,212 names in batches of 16 pages, 3,157 of them different), and a name the first
 * reading spelt the same way is the same name. Its first READ_EACH occurrences in the run are read
 * with the Latin data, and each later one takes the first of those readings that would be taken
 * for it (`nameTaken`, against its own first reading's confidence), else the first: one noisy
 * occurrence's reading (`Bogota` read again `Bogota` where another reads `Bogotá`) does not decide
 * for the others. The Latin reading, about 8 ms of processor time a name, was an eighth of a page's
 * time (S/PV.8708 pages 1–8, one job: 3.91 s of 33; bench/RESULTS.md).
 */
export class NamesOnce {
  private readonly read = new Map<string, { page: number; row: number }[]>();
  private readonly repeats: {
    page: number;
    row: number;
    name: string;
    conf: number;
    read: { page: number; row: number }[];
  }[] = [];

  /** Of a page's names, those to read: the first READ_EACH of their letters in the run; the others kept for `share`. */
  fresh(page: number, list: readonly NameWord[]): NameWord[] {
    const out: NameWord[] = [];
    for (const w of list) {
      let read = this.read.get(w.name);
      if (!read) {
        read = [];
        this.read.set(w.name, read);
      }
      if (read.length < READ_EACH) {
        read.push({ page, row: w.rows[0] });
        out.push(w);
      } else this.repeats.push({ page, row: w.rows[0], name: w.name, conf: w.conf, read });
    }
    return out;
  }

  /** Each repeated name given a reading of its occurrences read (see above), where they have one (`PageOcr.names`). */
  share(pages: readonly { page: number; names?: NameReading[] }[]): void {
    const byPage = new Map(pages.map((p) => [p.page, p]));
    const readings = new Map<string, NameReading>();
    for (const p of pages) for (const n of p.names ?? []) readings.set(`${p.page}:${n.row}`, n);
    for (const r of this.repeats) {
      const found = r.read.map((o) => readings.get(`${o.page}:${o.row}`)).filter((n) => n !== undefined);
      const to = byPage.get(r.page);
      if (!found.length || !to) continue;
      const taken = found.find((n) => {
        const letters = nameOf(n.text)?.[2];
        return letters !== undefined && nameTaken(r.name, r.conf, letters, n.conf, n.finer);
      });
      to.names ??= [];
      to.names.push({ ...(taken ?? found[0]), row: r.row });
    }
  }
}

/** How many occurrences of a name a run reads with the Latin data (`NamesOnce`). */
export const READ_EACH = 2;

/** A word's letters without their marks (NFD, combining marks removed). */
export const bare = (s: string): string =>
  s
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .normalize("NFC");

/** A letter with a mark (`é`, `ž`). */
const marked = (c: string | undefined): boolean => c !== undefined && bare(c) !== c;

/**
 * Whether `second` is `first` with marks on its letters, and something to add: letter by letter,
 * the same, or the same with a mark (`Bavdaz` → `Bavdaž`), or a marked letter for a marked letter
 * (`Enestrém` → `Eneström`: a letter `eng` does not have, read as one it has), or `ñ` for `fi` (or
 * `ni`, at 200 dpi: `Bricenio`), or
 * `ü` for `ii` (`eng` reads the diaeresis as a second i: `Jiirgenson`, `Miintefering`).
 */
export function onlyMarks(first: string, second: string): boolean {
  const f = [...first.normalize("NFC")];
  const s = [...second.normalize("NFC")];
  if (first === second || !s.some(marked)) return false;
  let k = 0;
  for (let j = 0; j < s.length; j++) {
    const c = s[j];
    // `ni` for `ñ` where the letter after is the same on both sides (not `ñi` read as `ni`).
    if (c === "ñ" && f[k] === "n" && f[k + 1] === "i" && f[k + 2] === s[j + 1]) k += 2;
    else if (c === f[k] || bare(c) === f[k] || (marked(c) && marked(f[k]))) k++;
    else if (c === "ñ" && f[k] === "f" && f[k + 1] === "i") k += 2;
    else if ((c === "ü" || c === "Ü") && f[k] === "i" && f[k + 1] === "i") k += 2;
    else return false;
  }
  return k === f.length;
}

/** A letter outside the English alphabet (`ø`, `ł`, `ß`, `é`): one Tesseract's `eng` data does not read. */
const foreign = (c: string): boolean => c > "\u007f" && /\p{L}/u.test(c);

/**
 * Whether `second` is `first` but for letters `eng` does not have (at least one), each read by
 * `eng` as one letter or two (`Megedal`, `Moggedal` → `Møgedal`; `Tirk` → `Türk`; `Comtn` →
 * `Común`); every other letter the same, or the same without its mark. Linear: the places of
 * `first` each letter of `second` may end at, two at most.
 */
export function foreignLetters(first: string, second: string): boolean {
  const f = [...first.normalize("NFC")];
  const s = [...second.normalize("NFC")];
  if (first === second || !s.some(foreign)) return false;
  let at = new Set([0]);
  for (const c of s) {
    const next = new Set<number>();
    for (const k of at) {
      if (k < f.length && (c === f[k] || bare(c) === f[k])) next.add(k + 1);
      if (foreign(c) && k < f.length && /\p{L}/u.test(f[k])) {
        next.add(k + 1);
        if (k + 1 < f.length && /\p{L}/u.test(f[k + 1])) next.add(k + 2);
      }
    }
    if (!next.size) return false;
    at = next;
  }
  return at.has(f.length);
}

/**
 * Letters of printed type a reading mistakes for one another, both ways: `c`/`e` (`Szezerski` for
 * `Szczerski` on the synthetic scan of A/76/PV.102), `v`/`y` (a bold name read at 200 dpi,
 * `Mahmadaminoy` for `Mahmadaminov` in S/PV.8699 (Resumption 1), its Latin reading cut from the
 * 300 dpi page), and the pairs of the OCR's doubtful words (rules/ocrUncertain.ts): `rn`/`m`,
 * `cl`/`d`.
 */
const CONFUSED: readonly (readonly [string, string])[] = [
  ["c", "e"],
  ["v", "y"],
  ["rn", "m"],
  ["cl", "d"],
];

/** Whether `second` is `first` with one confusion of CONFUSED put right (one place). */
export function oneConfusion(first: string, second: string): boolean {
  for (const [a, b] of CONFUSED)
    for (const [from, to] of [
      [a, b],
      [b, a],
    ])
      for (let at = first.indexOf(from); at >= 0; at = first.indexOf(from, at + 1))
        if (first.slice(0, at) + to + first.slice(at + from.length) === second) return true;
  return false;
}

/** The longest name compared letter by letter (UTF-16 code units). */
const LONGEST_NAME = 64;

/**
 * Whether a name's Latin reading (`second`, read with `secondConf`) is taken for the first
 * reading's (`first`, `firstConf`): where it only adds marks (`onlyMarks`), or where it is sure
 * (SURE, and surer than the first) and puts right letters `eng` does not have (`foreignLetters`)
 * or one confusion (`oneConfusion`). A Latin reading `finer` than the first (its name cut from
 * the page's full rendering, the page read brought down: engine.ts `forReading`) need not be
 * surer: the two confidences are of different images (`Szezerski` read at 91 at 200 dpi,
 * `Szczerski` at 84 at 300, A/76/PV.102's synthetic scan).
 */
export function nameTaken(
  first: string,
  firstConf: number,
  second: string,
  secondConf?: number,
  finer = false,
): boolean {
  if (onlyMarks(first, second)) return true;
  if (secondConf === undefined || !(secondConf >= SURE && (finer || secondConf > firstConf))) return false;
  // A name is a word of a line (nameWords: no wider than sixteen letters' heights); anything
  // longer is no name, and the comparisons below stay short.
  if (first.length > LONGEST_NAME || second.length > LONGEST_NAME) return false;
  return foreignLetters(first, second) || oneConfusion(first, second);
}

/** A name's reading for its marks: its row in the page's TSV, the word read on its band, its confidence. */
export interface NameReading {
  row: number;
  text: string;
  /** Of 100 (absent in readings kept before it was). */
  conf?: number;
  /** Read from a finer rendering than the page's first reading (`nameTaken`). */
  finer?: boolean;
}

/** Each name's reading on the stacked image (`second`, Tesseract's TSV of it): the one word read on its band. */
export function namesRead(placed: readonly Placed[], second: string): NameReading[] {
  const found = new Map<Placed, { text: string; conf: number }[]>();
  for (const w of tsvWords(second)) {
    const middle = w.top + w.height / 2;
    const p = placed.find((q) => middle >= q.top && middle < q.bottom);
    if (p) found.set(p, [...(found.get(p) ?? []), { text: w.text, conf: w.conf }]);
  }
  return [...found]
    .filter(([, words]) => words.length === 1)
    .map(([p, [w]]) => ({ row: p.doubt.rows[0], text: w.text, conf: w.conf }));
}

/**
 * The page's TSV with each name's text replaced by its Latin reading where that is taken
 * (`nameTaken`); its punctuation, box and confidence stay the first reading's.
 */
export function mergeMarks(tsv: string, readings: readonly NameReading[]): string {
  if (!readings.length) return tsv;
  const rows = tsv.split("\n");
  for (const { row, text, conf, finer } of readings) {
    const cells = rows[row]?.split("\t");
    if (!cells || cells.length < 12 || cells[0] !== "5") continue;
    const m = nameOf(cells.slice(11).join(" "));
    const read = nameOf(text)?.[2];
    if (!m || !read || !nameTaken(m[2], Number(cells[10]), read, conf, finer)) continue;
    rows[row] = [...cells.slice(0, 11), `${m[1]}${read}${m[3]}`].join("\t");
  }
  return rows.join("\n");
}

/** Images stacked one under the other (left-aligned on white), and where each starts. */
export function column(images: readonly Grey[]): { image: Grey; tops: number[] } {
  const width = Math.max(1, ...images.map((i) => i.width));
  const height = Math.max(
    1,
    images.reduce((a, i) => a + i.height, 0),
  );
  const pixels = new Uint8Array(width * height).fill(255);
  const tops: number[] = [];
  let y = 0;
  for (const i of images) {
    tops.push(y);
    for (let r = 0; r < i.height; r++) pixels.set(i.pixels.subarray(r * i.width, (r + 1) * i.width), (y + r) * width);
    y += i.height;
  }
  return { image: { width, height, pixels }, tops };
}
