import type { Stats } from "node:fs";

/** What a file is, in words, when it is not a regular file (a FIFO, a device, a folder…). */
export function kindOf(st: Stats): string {
  if (st.isDirectory()) return "a folder";
  if (st.isSymbolicLink()) return "a symbolic link";
  if (st.isFIFO()) return "a FIFO";
  if (st.isCharacterDevice()) return "a character device";
  if (st.isBlockDevice()) return "a block device";
  if (st.isSocket()) return "a socket";
  return "not a regular file";
}
