// What the OCR benchmarks (bench/ocr.ts, bench/ocr-engines.ts) share to make synthetic scans of
// the development records: ImageMagick (Debian's, not the stand-in /usr/local/bin/convert) and the
// damage a scanner does, applied to a page image rendered by pdftoppm.

export const CONVERT = "/usr/bin/convert";

/** ImageMagick's arguments after the input: a slight turn, noise and blur, as a scanned page has. */
export const SCAN_DAMAGE = [
  "-background",
  "white",
  "-rotate",
  "0.5",
  "-attenuate",
  "0.4",
  "+noise",
  "Gaussian",
  "-blur",
  "0x0.6",
];
