// PDF.js's two modules as Verbatim runs them: their shipped text with the changes read.ts
// needs (the decoded streams bounded, each font's name, a gap's space floor) and those that only
// save time, and that text as the script compiled.ts compiles. Text in, text out: read.ts applies
// them as it loads PDF.js, and the build (esbuild.mjs) writes the result beside the shipped
// files (`preparedPdfjs`), so that a process reads the changed script instead of making it: each
// change copies the whole worker text (2.6 MB as a string of two bytes a character), about 20 ms
// of a process's or PDF thread's start and some 20 MB of garbage in all (bench/HISTORY.md, *PDF.js's
// text prepared at build time, fewer optimisations*). esbuild.mjs also writes its bundles with
// `asciiEscaped`.
import { moduleAsScript } from "./compiled";

/** A module's changed text, and each change with where it was made (the code cache's identity). */
export interface PatchedText {
  text: string;
  made: string[];
}

/**
 * The text of the worker's module with PDF.js's decoded streams bounded. Every
 * filter (Flate, LZW, RunLength, ASCII85…) decodes into a DecodeStream's buffer, which grows by
 * `ensureBuffer`, or is inflated at once by a DecompressionStream (Flate, Brotli): a call to
 * `globalThis.verbatimStreamGrows(size, before)` is put in each, and it throws past the limits
 * of the reads under way (`budgets` below). PDF.js stops decoding that stream; the read is refused.
 */
export function boundedWorker(source: string, path: string, speed: boolean): PatchedText {
  const grow =
    /ensureBuffer\((\w+)\)\{const (\w+)=this\.buffer;if\(\1<=\2\.byteLength\)return \2;let (\w+)=this\.minBufferLength;for\(;\3<\1;\)\3\*=2;/;
  // Flate and Brotli streams are also inflated at once by a DecompressionStream, chunk by chunk.
  const inflate = /for await\(const (\w+) of (\w+)\)\{(\w+)\.push\(\1\);(\w+)\+=\1\.byteLength\}/g;
  // Where getTextContent first meets a font and describes it in the text content's `styles`:
  // its PostScript name is added there (`verbatimName`), as the font PDF.js would send for
  // drawing names it. (Each pattern starts with a literal: one quick scan of the 1.3 MB.)
  const style = /\.styles\[(\w+)\]=\{fontFamily:(\w+)\.fallbackName,/g;
  // Where getTextContent sets a text item's measures from the font's size: a gap between two glyphs
  // drawn apart is tracking up to a tenth of the size (`trackingSpaceMin`), a space from there on
  // (`spaceInFlowMin`), whatever the font.
  const spaceMin =
    /const\{fontSize:(\w+)\}=(\w+);(\w+)\.trackingSpaceMin=\.102\*\1;\3\.notASpace=\.03\*\1;\3\.negativeSpaceMax=-\.2\*\1;\3\.spaceInFlowMin=\.102\*\1;/g;
  // Each change with where it was made: with the file's size and time, what names the patched
  // text for the code cache (compiled.ts).
  const made: string[] = [];
  let text = source;
  const patch = (pattern: RegExp, change: (...groups: string[]) => string, exactlyOnce: boolean) => {
    let count = 0;
    text = text.replace(pattern, (...args) => {
      count++;
      const changed = change(...(args.slice(0, -2) as string[]));
      made.push(`${args[args.length - 2]}:${changed}`);
      return changed;
    });
    if (count === 0 || (exactlyOnce && count !== 1))
      throw new Error(`PDF.js (${path}) does not decode streams as this version of Verbatim knows`);
  };
  patch(
    grow,
    (all, _e, before, size) => `${all}globalThis.verbatimStreamGrows?.(${size},${before}.byteLength);`,
    false,
  );
  patch(style, (all, _id, font) => `${all}verbatimName:${font}.name,`, true);
  // A gap is tracking below SPACE_SHARE of the font's own space, a space from there on (see
  // `spaceFloor`): Word places glyphs one by one and leaves half a space inside words.
  patch(
    spaceMin,
    (all, size, state, item) =>
      all
        .replace(
          `${item}.trackingSpaceMin=.102*${size};`,
          `${item}.trackingSpaceMin=globalThis.verbatimSpaceFloor?.(${state}.font,${size})??.102*${size};`,
        )
        .replace(`${item}.spaceInFlowMin=.102*${size};`, `${item}.spaceInFlowMin=${item}.trackingSpaceMin;`),
    true,
  );
  patch(
    inflate,
    (_all, chunk, from, chunks, total) =>
      `for await(const ${chunk} of ${from}){globalThis.verbatimStreamGrows?.(${total}+${chunk}.byteLength,${total});${chunks}.push(${chunk});${total}+=${chunk}.byteLength}`,
    true,
  );
  const lazy = withoutResponse(text);
  text = lazy.text;
  made.push(...lazy.made);
  if (speed) text = leftToRightAtOnce(oneTextTransform(text, made), made);
  return { text, made };
}

/**
 * A PDF.js module's text that does not touch the global `Response` as it loads: its polyfill of
 * `Response.prototype.bytes` (which Node 20 has) reads `Response`, and Node then loads its fetch
 * (undici, about 30 ms of processor time at every import: bench/startup.ts) for a class the
 * import never uses. The polyfill goes, and where PDF.js calls `bytes()` on a Response (when it
 * compresses, which reading never does) it reads `arrayBuffer()` instead, the same bytes on every
 * Node. A PDF.js without these places is left as it is (they only cost time); `made` lists the
 * changes, with where they were made (for the code cache's identity).
 */
export function withoutResponse(source: string): PatchedText {
  const made: string[] = [];
  const text = source
    .replace(
      /"function"!=typeof Response\.prototype\.bytes&&\(Response\.prototype\.bytes=async function\(\)\{return new Uint8Array\(await this\.arrayBuffer\(\)\)\}\);/g,
      (_all, at: number) => {
        made.push(`${at}:no Response polyfill`);
        return ";";
      },
    )
    .replace(/new Response\(([\w$.]+)\)\.bytes\(\)/g, (_all, stream: string, at: number) => {
      made.push(`${at}:${stream}`);
      return `new Response(${stream}).arrayBuffer().then(b=>new Uint8Array(b))`;
    });
  return { text, made };
}

/**
 * The worker's text with getTextContent's `getCurrentTextTransform` (the text space's matrix at
 * the current glyph, asked twice for every glyph drawn: a fifth of a batch import's time goes
 * through it) composing its two products in place: PDF.js's `Util.transform(ctm,
 * Util.transform(textMatrix, t))` makes an array for the product it throws away, and its one
 * `Util.transform`, called from every part of PDF.js with arrays of every kind, is not inlined.
 * The same products in the same order: the same numbers to the bit. A PDF.js without this place
 * is left as it is (it only costs time); `made` gets the change and where it was made.
 */
export function oneTextTransform(source: string, made: string[]): string {
  return source.replace(
    /(function getCurrentTextTransform\(\)\{const \w+=(\w+)\.font,(\w+)=\[[^\]]*\];if\([^{}]*\)\{[^{}]*\})return (\w+)\.transform\(\2\.ctm,\4\.transform\(\2\.textMatrix,\3\)\)\}/,
    (_all, head: string, state: string, t: string, _util: string, at: number) => {
      const m = (k: number) => `${state}.textMatrix[${k}]`;
      const c = (k: number) => `${state}.ctm[${k}]`;
      // Util.transform(e, f) = [e0 f0 + e2 f1, e1 f0 + e3 f1, e0 f2 + e2 f3, e1 f2 + e3 f3, e0 f4 + e2 f5 + e4, e1 f4 + e3 f5 + e5].
      const changed =
        `${head}const vm0=${m(0)},vm1=${m(1)},vm2=${m(2)},vm3=${m(3)},vm4=${m(4)},vm5=${m(5)},` +
        `va0=vm0*${t}[0]+vm2*${t}[1],va1=vm1*${t}[0]+vm3*${t}[1],va2=vm0*${t}[2]+vm2*${t}[3],` +
        `va3=vm1*${t}[2]+vm3*${t}[3],va4=vm0*${t}[4]+vm2*${t}[5]+vm4,va5=vm1*${t}[4]+vm3*${t}[5]+vm5,` +
        `vc0=${c(0)},vc1=${c(1)},vc2=${c(2)},vc3=${c(3)};` +
        `return[vc0*va0+vc2*va1,vc1*va0+vc3*va1,vc0*va2+vc2*va3,vc1*va2+vc3*va3,vc0*va4+vc2*va5+${c(4)},vc1*va4+vc3*va5+${c(5)}]}`;
      made.push(`${at}:${changed}`);
      return changed;
    },
  );
}

/**
 * The worker's text with `bidi` (which getTextContent runs on every text item, to order a line of
 * Hebrew or Arabic) answering at once for a string with no character of those scripts: it otherwise
 * copies the string a character at a time into two arrays, one of the characters' types, and finds
 * no right-to-left one (a tenth of getTextContent's time on a record). Its answer for such a string
 * is the same (`createBidiText(str, true)`: left to right): a character below U+0590 is never of
 * type R, AL or AN, nor one from U+08AD to U+FB4F or past U+FEFF; any other sends the string the
 * shipped way. A PDF.js without this place is left as it is; `made` gets the change and where.
 */
export function leftToRightAtOnce(source: string, made: string[]): string {
  return source.replace(
    /(function bidi\((\w+),(\w+)=-1,(\w+)=!1\)\{let (\w+)=!0;const (\w+)=\2\.length;if\(0===\6\|\|\4\)return createBidiText\(\2,\5,\4\);)/,
    (_all, head: string, str: string, _level: string, _vertical: string, _ltr: string, length: string, at: number) => {
      const changed = `${head}for(let vk=0;;vk++){if(vk===${length})return createBidiText(${str},!0);const vc=${str}.charCodeAt(vk);if(vc>=1424&&(vc<=2220||vc>=64336&&vc<=65279))break}`;
      made.push(`${at}:${changed}`);
      return changed;
    },
  );
}

/**
 * The library's text with the loopback port (PDF.js's "fake worker", its worker in this thread)
 * passing a text content chunk to the reader as it is, not through `structuredClone`: the clone of
 * every text run and its matrix was about 4% of a batch import's processor time. Safe for these
 * messages only: getTextContent posts its chunk (items, styles, lang) and then gives itself new
 * lists, never changing the items or styles it posted; the chunk's own fields are copied, so
 * that the lists it posted stay its. Every other message (with a transfer list too) is still
 * cloned. A PDF.js without this place is left as it is; `made` gets the change and where.
 */
export function textChunksPassed(source: string, made: string[]): string {
  return source.replace(
    /(class LoopbackPort\{[^{}]*postMessage\((\w+),(\w+)\)\{const \w+=\{data:)(structuredClone\(\2,\3\?\{transfer:\3\}:null\))\}/,
    (_all, head: string, message: string, transfer: string, clone: string, at: number) => {
      const m = message;
      const changed = `${head}!${transfer}&&${m}?.chunk?.items instanceof Array&&${m}.chunk.styles&&${m}.stream!==undefined?{...${m},chunk:{...${m}.chunk}}:${clone}}`;
      made.push(`${at}:${changed}`);
      return changed;
    },
  );
}

/**
 * Both modules with every change (`speed`: with those that only save time too); `where` names
 * the files in an error. Throws where the worker lacks a place the bounds need.
 */
export function patchedPdfjs(
  worker: string,
  library: string,
  where: { worker: string; library: string },
  speed: boolean,
): { worker: PatchedText; library: PatchedText } {
  const lib = withoutResponse(library);
  if (speed) lib.text = textChunksPassed(lib.text, lib.made);
  return { worker: boundedWorker(worker, where.worker, speed), library: lib };
}

/**
 * The files the build writes beside PDF.js's (esbuild.mjs): each module with every change, as the
 * script `moduleAsScript` makes of it, in ASCII (`asciiEscaped`: read as Latin-1, a string of one
 * byte a character), after a comment saying so (`PREPARED_HEAD`). Undefined for a module
 * that is not of the shape a script can hold: the process then changes it as it loads it.
 */
export function preparedPdfjs(
  worker: string,
  library: string,
  where: { worker: string; library: string },
): { worker: string; library: string } | undefined {
  const patched = patchedPdfjs(worker, library, where, true);
  const script = (p: PatchedText) => {
    const code = moduleAsScript(p.text);
    const ascii = code === undefined ? undefined : asciiEscaped(code);
    return ascii === undefined ? undefined : `${PREPARED_HEAD}\n${ascii}`;
  };
  const w = script(patched.worker);
  const l = script(patched.library);
  return w === undefined || l === undefined ? undefined : { worker: w, library: l };
}

/**
 * The names of the scripts the build writes beside PDF.js's modules in `server/out/pdfjs/`
 * (esbuild.mjs, `preparedPdfjs`), which read.ts compiles instead of the modules.
 */
export const PREPARED_FILES = { library: "pdf.verbatim.js", worker: "pdf.worker.verbatim.js" } as const;

/** How a prepared file begins: a comment, then the script. */
export const PREPARED_HEAD = "// PDF.js as Verbatim runs it, written by its build (server/src/pdf/pdfjsText.ts)";

/**
 * `text` with each character beyond ASCII written `\uXXXX` (the same character in a string, a
 * pattern, a comment or a name, though not in a template's raw text); undefined if one follows a
 * backslash, where the escape would mean another thing.
 */
export function asciiEscaped(text: string): string | undefined {
  let out = "";
  let last = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) continue;
    if (i > 0 && text.charCodeAt(i - 1) === 92) return undefined;
    out += `${text.slice(last, i)}\\u${c.toString(16).padStart(4, "0")}`;
    last = i + 1;
  }
  return out + text.slice(last);
}
