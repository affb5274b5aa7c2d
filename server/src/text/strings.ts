/**
 * A string that holds only its own characters. V8 makes a string cut from another of 13 characters
 * or more (`SlicedString::kMinLength`) a view into it, so a key kept in a long-lived table would keep
 * the whole text it was cut from (every version of a 10 MB record a new word was first seen in:
 * 20 MiB each). A string joined to another and cut again is a new flat one; a shorter cut is a copy
 * already.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/**
 * Adds `n` to `key`'s count, a key seen for the first time copied (`ownCopy`): a table of counts
 * carried to later versions would otherwise keep the text its keys were cut from.
 */
export function tally(counts: Map<string, number>, key: string, n: number): void {
  const v = counts.get(key);
  if (v === undefined) counts.set(ownCopy(key), n);
  else counts.set(key, v + n);
}
