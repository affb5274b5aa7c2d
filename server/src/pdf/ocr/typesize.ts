// The size of a page's type, measured on its grey image before Tesseract reads it, to choose the
// resolution Tesseract reads the page at (engine.ts `readingScale`). Pure and linear in the image.
//
// The page is cut into vertical strips (narrow enough that a line turned by a degree or so stays
// within a few rows of itself across one); in each strip the rows' counts of ink pixels make a
// profile whose runs of inked rows are the strip's pieces of lines. In a line of text the rows
// between the baseline and the top of the small letters (the x-height) are the dense ones: every
// letter crosses them; ascenders, descenders and capitals above the x-height are sparse. A line's
// x-height is the span of its rows at least half as inked as its densest row.
import type { Grey } from "./reread";

/** The x-heights (pixels) of a page's pieces of lines, and the ink threshold used. */
export interface TypeSize {
  /** Each piece of a line's x-height (pixels), in no order. */
  heights: number[];
  /** A low quantile of `heights` (SMALL_QUANTILE): the page's small type; 0 when no line was found. */
  small: number;
}

/** Width of a strip (pixels): a line turned 1° moves 4 rows across it. */
const STRIP = 240;
/** A piece of a line has ink in at least this share of its strip's columns (not a dot or a rule's end). */
const MIN_FILL = 0.25;
/** The share of pieces whose type is smaller than the page's `small` one. */
export const SMALL_QUANTILE = 0.05;

/** Ink: darker than the midpoint between the page's usual paper and its usual ink (a grey histogram). */
function inkThreshold(image: Grey): number {
  // Otsu's threshold over a sample of the pixels (every 7th: linear, and plenty for a histogram).
  const hist = new Float64Array(256);
  const p = image.pixels;
  let n = 0;
  for (let i = 0; i < p.length; i += 7) {
    hist[p[i]]++;
    n++;
  }
  let sum = 0;
  for (let v = 0; v < 256; v++) sum += v * hist[v];
  let below = 0;
  let sumBelow = 0;
  let best = 0;
  let threshold = 128;
  for (let v = 0; v < 256; v++) {
    below += hist[v];
    if (!below) continue;
    const above = n - below;
    if (!above) break;
    sumBelow += v * hist[v];
    const m0 = sumBelow / below;
    const m1 = (sum - sumBelow) / above;
    const between = below * above * (m0 - m1) * (m0 - m1);
    if (between > best) {
      best = between;
      threshold = v;
    }
  }
  return threshold;
}

/** The type's size on a grey page image: its pieces of lines' x-heights (see the module's comment). */
export function typeSize(image: Grey): TypeSize {
  const { width, height, pixels } = image;
  const heights: number[] = [];
  if (width <= 0 || height <= 0 || pixels.length < width * height) return { heights, small: 0 };
  const threshold = inkThreshold(image);
  const rows = new Int32Array(height);
  const columns = new Uint8Array(STRIP);
  for (let x0 = 0; x0 + STRIP / 2 <= width; x0 += STRIP) {
    const x1 = Math.min(width, x0 + STRIP);
    for (let y = 0; y < height; y++) {
      let c = 0;
      const row = y * width;
      for (let x = x0; x < x1; x++) if (pixels[row + x] <= threshold) c++;
      rows[y] = c;
    }
    let y = 0;
    while (y < height) {
      // A run of rows with ink of two pixels or more (a speck of noise is not a line).
      if (rows[y] < 2) {
        y++;
        continue;
      }
      const top = y;
      let peak = 0;
      while (y < height && rows[y] >= 2) peak = Math.max(peak, rows[y++]);
      const bottom = y;
      if (bottom - top < 3) continue;
      // Columns inked anywhere in the run: a piece of text spans its strip, a stray mark does not.
      columns.fill(0);
      for (let yy = top; yy < bottom; yy++) {
        const row = yy * width;
        for (let x = x0; x < x1; x++) if (pixels[row + x] <= threshold) columns[x - x0] = 1;
      }
      let filled = 0;
      for (let k = 0; k < x1 - x0; k++) filled += columns[k];
      if (filled < MIN_FILL * (x1 - x0)) continue;
      let first = -1;
      let last = -1;
      for (let yy = top; yy < bottom; yy++)
        if (rows[yy] * 2 >= peak) {
          if (first < 0) first = yy;
          last = yy;
        }
      heights.push(last - first + 1);
    }
  }
  const sorted = [...heights].sort((a, b) => a - b);
  const small = sorted.length ? sorted[Math.floor(SMALL_QUANTILE * (sorted.length - 1))] : 0;
  return { heights, small };
}

/**
 * The smallest x-height (pixels) a page is brought down to: its small type (`TypeSize.small`) stays
 * at least this high. Tesseract's LSTM recogniser scales every line to 36 pixels from ascenders to
 * descenders (the input height of the tessdata models' network, `[1,36,0,1…]`: tessdoc, "Data Files
 * in tessdata_fast"), about three x-heights of roman type: an x-height of 12 px is what it sees of
 * any line, and more pixels go only to the page's layout analysis. Tessdoc's "Improving the quality
 * of the output" (Rescaling) asks for 300 dpi, where 10-point type's x-height is about 20 px: the
 * size this rule starts from, and keeps for small type (a cover's members list, its dot leaders, a
 * scan's footnotes). Measured (bench/RESULTS.md, "OCR of scanned records"): the development
 * records' body type (19 px at 300 dpi) reads as well at 200 dpi (12.7 px), for about a fifth less
 * of Tesseract's time.
 */
export const MIN_X_HEIGHT = 12;

/** The ways a page may be brought down (new pixels : old), least first; each a small whole ratio. */
const SCALES: readonly (readonly [number, number])[] = [
  [1, 2],
  [2, 3],
];

/**
 * How much to bring down a page whose small type is `small` pixels high: the least of SCALES that
 * keeps it MIN_X_HEIGHT high, [1, 1] when none does or no line was found (a blank page, a picture).
 */
export function readingScale(small: number): readonly [number, number] {
  if (!(small > 0)) return [1, 1];
  return SCALES.find(([p, q]) => (small * p) / q >= MIN_X_HEIGHT) ?? [1, 1];
}

/**
 * A grey image brought down to `p` pixels for each `q`, 2 for 3 or 1 for 2 (SCALES), by averaging
 * what each new pixel covers (a box filter in whole numbers: of three old pixels a, b, c the two new
 * are (2a + b) / 3 and (b + 2c) / 3, in rows and then in columns). The last one or two rows and
 * columns, past the last whole group, are left out (a sliver of margin: new pixel i is exactly old
 * pixel i × q / p). One pass over the old pixels: linear in the image.
 */
export function shrink(image: Grey, p: number, q: number): Grey {
  if (!((p === 2 && q === 3) || (p === 1 && q === 2))) throw new RangeError(`shrink: ${p}:${q} is not 2:3 or 1:2`);
  const { width, height, pixels } = image;
  const groups = Math.floor(width / q);
  const w = Math.max(1, groups * p);
  const h = Math.max(1, Math.floor(height / q) * p);
  const out = new Uint8Array(w * h);
  const total = q * q;
  const half = total >> 1;
  // One old row's new columns: each new pixel's sum of q parts.
  const across = (y: number, line: Uint16Array) => {
    let r = y * width;
    if (p === 2)
      for (let g = 0, o = 0; g < groups; g++, r += 3, o += 2) {
        const b = pixels[r + 1];
        line[o] = 2 * pixels[r] + b;
        line[o + 1] = b + 2 * pixels[r + 2];
      }
    else for (let g = 0; g < groups; g++, r += 2) line[g] = pixels[r] + pixels[r + 1];
  };
  const l0 = new Uint16Array(w);
  const l1 = new Uint16Array(w);
  const l2 = new Uint16Array(w);
  for (let y = 0, o = 0; y + q <= height && o < w * h; y += q, o += p * w) {
    across(y, l0);
    across(y + 1, l1);
    if (p === 2) {
      across(y + 2, l2);
      for (let x = 0; x < w; x++) {
        out[o + x] = ((2 * l0[x] + l1[x] + half) / total) | 0;
        out[o + w + x] = ((l1[x] + 2 * l2[x] + half) / total) | 0;
      }
    } else for (let x = 0; x < w; x++) out[o + x] = ((l0[x] + l1[x] + half) / total) | 0;
  }
  return { width: w, height: h, pixels: out };
}
