// Binary searches over what the parse keeps in ascending order (line numbers, offsets, elements
// by their line): the first place at or after a value.

/** The first index in `lo`…`hi` of `values` (ascending) whose value is at least `value`; `hi` if none. */
export function firstAtLeast(values: ArrayLike<number>, value: number, lo = 0, hi = values.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index of `items` (ascending by `key`) whose key is at least `value`; `items.length` if none. */
export function firstAtLeastBy<T>(items: readonly T[], key: (item: T) => number, value: number): number {
  let lo = 0;
  for (let hi = items.length; lo < hi; ) {
    const mid = (lo + hi) >> 1;
    if (key(items[mid]) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
