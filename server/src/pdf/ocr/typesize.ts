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
  for (let x0 = 0; x0 + STRIP / 2 <= width; x0 += STRIP) {
    const x1 = Math.min(width, x0 + STRIP);
    for (let y = 0, at = x0; y < height; y++, at += width) {
      let c = 0;
      for (let i = at, end = at + x1 - x0; i < end; i++) if (pixels[i] <= threshold) c++;
      rows[y] = c;
    }
    // A piece of text spans its strip (a stray mark does not): MIN_FILL of its columns inked.
    const need = Math.ceil(MIN_FILL * (x1 - x0));
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
      // Columns inked anywhere in the run, each followed down to its first ink, counted up to
      // `need` (a text line's first columns inked decide it: not every pixel of the run read again).
      let filled = 0;
      for (let x = x0, end = bottom * width; x < x1 && filled < need; x++)
        for (let i = top * width + x; i < end; i += width)
          if (pixels[i] <= threshold) {
            filled++;
            break;
          }
      if (filled < need) continue;
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
  // Each new pixel's sum of q × q weighted old pixels, rounded, divided by q × q: by 9 as a
  // multiplication and a shift (exact for every sum up to 9 × 255 + 4: 7282 / 65536 is 1/9 within
  // 1/29,000), by 4 as a shift; no division a pixel.
  if (p === 2)
    for (let y = 0, o = 0; y + 3 <= height && o < w * h; y += 3, o += 2 * w)
      for (let g = 0, r0 = y * width, x = o; g < groups; g++, r0 += 3, x += 2) {
        const r1 = r0 + width;
        const r2 = r1 + width;
        const b0 = pixels[r0 + 1];
        const b1 = pixels[r1 + 1];
        const b2 = pixels[r2 + 1];
        const a0 = 2 * pixels[r0] + b0;
        const a1 = 2 * pixels[r1] + b1;
        const a2 = 2 * pixels[r2] + b2;
        const c0 = b0 + 2 * pixels[r0 + 2];
        const c1 = b1 + 2 * pixels[r1 + 2];
        const c2 = b2 + 2 * pixels[r2 + 2];
        out[x] = ((2 * a0 + a1 + 4) * 7282) >>> 16;
        out[x + 1] = ((2 * c0 + c1 + 4) * 7282) >>> 16;
        out[x + w] = ((a1 + 2 * a2 + 4) * 7282) >>> 16;
        out[x + w + 1] = ((c1 + 2 * c2 + 4) * 7282) >>> 16;
      }
  else
    for (let y = 0, o = 0; y + 2 <= height && o < w * h; y += 2, o += w)
      for (let g = 0, r0 = y * width; g < groups; g++, r0 += 2) {
        const r1 = r0 + width;
        out[o + g] = (pixels[r0] + pixels[r0 + 1] + pixels[r1] + pixels[r1 + 1] + 2) >> 2;
      }
  return { width: w, height: h, pixels: out };
}
