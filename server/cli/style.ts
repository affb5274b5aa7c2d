// Colour for a person at a terminal, plain text everywhere else: only when standard output is a
// terminal, never with NO_COLOR set (no-color.org), always with FORCE_COLOR set to anything but 0.
import type { Severity } from "../src/index";

export interface Style {
  bold(s: string): string;
  dim(s: string): string;
  green(s: string): string;
  /** A diagnostic's code in its severity's colour. */
  severity(severity: Severity, s: string): string;
}

const sgr = (open: number, close: number) => (s: string) => (s ? `\u001b[${open}m${s}\u001b[${close}m` : s);

export const PLAIN: Style = {
  bold: (s) => s,
  dim: (s) => s,
  green: (s) => s,
  severity: (_, s) => s,
};

const COLOURED: Style = {
  bold: sgr(1, 22),
  dim: sgr(2, 22),
  green: sgr(32, 39),
  severity: (severity, s) =>
    severity === "error"
      ? sgr(31, 39)(s)
      : severity === "warning"
        ? sgr(33, 39)(s)
        : severity === "information"
          ? sgr(36, 39)(s)
          : sgr(2, 22)(s),
};

/** Whether to colour a stream: a terminal, and neither NO_COLOR nor FORCE_COLOR=0 set. */
export function styleFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): Style {
  if (env.NO_COLOR) return PLAIN;
  const force = env.FORCE_COLOR;
  if (force !== undefined && force !== "") return force === "0" || force === "false" ? PLAIN : COLOURED;
  return stream.isTTY ? COLOURED : PLAIN;
}

/** `1 problem`, `3 problems`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * Controls that a terminal obeys or that break a line: C0 and C1 controls, DEL, the line and
 * paragraph separators, and the marks and overrides of text direction.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: the controls are what it finds, to show them
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/**
 * A file name or a text for a person to read, its controls shown and not obeyed: a line break as
 * `\n`, an escape as `\x1b`, a direction override as `\u202e`. Human output only: JSON and the
 * diff's lines are the data, exact.
 */
export function visible(s: string): string {
  return s.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return (
      NAMED[c] ??
      (code < 0x100 ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`)
    );
  });
}
