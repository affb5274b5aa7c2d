/**
 * What the analysis of one version of a document leaves for the next. An edit changes one stretch
 * of the text: the lines before it are the same lines at the same index, the lines after it the
 * same lines shifted by the number of lines the edit added. Results of pure computations on one
 * line (or one block of lines) are taken over for those lines instead of computed again, and word
 * counts are corrected by the lines that changed. Every result is a function of its line's text
 * alone, so the model and the diagnostics are the ones a fresh analysis gives
 * (test/unit/incremental.test.ts checks it after random edits).
 *
 * Results computed for the lines of an edit are computed on a copy of the line: a slice of a
 * document's text would keep that whole version of the document alive.
 *
 * Tables are named by typed keys (`memoKey`), each declared beside the pass that fills it. The
 * parser (model/parse, and the word census it shares) writes the memo's own tables; what rules and
 * features derive goes to the analysis (analysis/analysis.ts), whose per-line tables
 * (`AnalysisMemo.derived`) ride on the same edits but are apart from the parser's.
 */

import { LineIndex } from "../text/lineIndex";
import { ownCopy } from "../text/strings";
import { firstAtLeast, firstAtLeastBy } from "./sorted";

/**
 * How a version's text came from the one before, as its editor knows it: `from` (that text, the
 * same string) with at least its first `prefix` and last `suffix` characters kept. The memo
 * compares the two texts only between them; without it, or with another `from`, it compares the
 * whole texts. Bounds only: the lines found unchanged are the same either way.
 */
export interface EditedFrom {
  readonly from: string;
  readonly prefix: number;
  readonly suffix: number;
}

/**
 * The name of a memo table and the type of what it holds, declared once beside the computation
 * that fills it (`memoKey<LineShape>("line-shape")`): a name is never written with two types.
 */
export interface MemoKey<T> {
  readonly name: string;
  /** Only for the type checker: what the table holds. */
  readonly holds?: (value: T) => T;
}

const declared = new Set<string>();

/** Declares a memo table; a name declared twice is a programming error, found at load. */
export function memoKey<T>(name: string): MemoKey<T> {
  if (declared.has(name)) throw new Error(`memo table "${name}" declared twice`);
  declared.add(name);
  return { name };
}

/** The table of one variant (a language, a script) of a declared table: `dates:fr`. */
export function variantOf<T>(key: MemoKey<T>, variant: string): MemoKey<T> {
  return { name: `${key.name}:${variant}` };
}

interface Table {
  previous: unknown[];
  current: unknown[];
  /** The version `current` belongs to. */
  version: number;
}

interface CensusState {
  counts: Map<string, number>;
  /** What the fresh count found besides the counts, for this version only. */
  extra: unknown;
  /** Whether each line of the version counted (room for more lines past `lines`). */
  counted: Uint8Array;
  /** The version's line count. */
  lines: number;
  /** What each line's flag is a function of (`census`'s `by`), when the caller said. */
  by: readonly unknown[] | undefined;
  version: number;
}

/**
 * Which lines of the current version the previous version had: one per document, moved on by
 * each version the parser reads.
 */
class Edit {
  /** No edit is expected after this version (`AnalysisMemo.oneShot`). */
  constructor(readonly last = false) {}

  version = 0;
  index = new LineIndex("");
  /**
   * The lines of the previous version that the edit replaced (its lines `head` to `tail - shift`),
   * copied: keeping the previous version's index would keep its whole text alive.
   */
  replaced: readonly string[] = [];
  /** Lines before this index are unchanged since the previous version. */
  head = 0;
  /** Lines from this index on are unchanged, at their index minus `shift` in the previous version. */
  tail = 0;
  shift = 0;
  /** The change in the text's length. */
  delta = 0;
  /** Whether any line of this version may be taken from the previous one. */
  related = false;

  next(text: string, edited?: EditedFrom): LineIndex {
    const previous = this.index;
    const old = previous.text;
    const oldLines = previous.lineCount;
    this.version++;
    this.related = this.version > 1;
    // What the caller knows to be kept is compared no more: the same string object, one comparison.
    const known = edited !== undefined && edited.from === old;
    const prefix = commonPrefix(old, text, known ? edited.prefix : 0);
    const suffix = Math.min(
      commonSuffix(old, text, known ? edited.suffix : 0),
      Math.min(old.length, text.length) - prefix,
    );
    const index = this.related ? LineIndex.edited(previous, text, prefix, suffix) : new LineIndex(text);
    const { starts, ends } = index;
    const n = starts.length;
    // A line is unchanged before the edit when it ends inside the common prefix, and after it
    // when the character before its start already lies inside the common suffix.
    // Both by binary search: the lines' ends and starts ascend.
    const head = firstAtLeast(ends, prefix, 0, n);
    const from = text.length - suffix;
    const tail = firstAtLeast(starts, from + 1, head, n);
    this.head = this.related ? head : 0;
    this.tail = this.related ? tail : n;
    this.shift = n - oldLines;
    this.delta = text.length - old.length;
    const replaced: string[] = [];
    if (this.related) for (let j = this.head; j < this.tail - this.shift; j++) replaced.push(ownCopy(previous.line(j)));
    this.replaced = replaced;
    this.index = index;
    return index;
  }

  /**
   * The last answer of `changedOutside`. Not the previous version's array itself: held here, it
   * would stay alive between edits (1.6 MB of line kinds at 10 MB) once every census has moved on.
   */
  private compared: { oldLength: number; now: readonly unknown[]; version: number; lines: number[] } | undefined;

  /**
   * Declares that `now` (this version's, one entry a line) holds the previous version's entries
   * outside the edit, one by one: the parse knows it of its final line kinds from the lines it
   * read again (`finalKindsKept`), and `changedOutside` then answers none without comparing the
   * 200,000 lines of a 10 MB record once more. Only for an array compared with the previous
   * version's array of the same thing.
   */
  sameOutside(now: readonly unknown[]): void {
    if (!this.related || now.length !== this.index.lineCount) return;
    this.compared = { oldLength: now.length - this.shift, now, version: this.version, lines: [] };
  }

  /**
   * The lines outside the edit (before `head`, from `tail` on) whose entry in `now` (this
   * version's, one a line) differs from the previous version's `old`, ascending; undefined when
   * the two cannot be compared (not two versions' arrays of their line counts). One pass of
   * comparisons of references, answered once a version for every census that asks: `old` is
   * then the previous version's array for every caller (each held its version's `now`).
   */
  changedOutside(old: readonly unknown[], now: readonly unknown[]): readonly number[] | undefined {
    const n = this.index.lineCount;
    if (!this.related || old === now || now.length !== n || old.length !== n - this.shift) return undefined;
    const known = this.compared;
    if (known && known.now === now && known.version === this.version && known.oldLength === old.length)
      return known.lines;
    const { head, tail, shift } = this;
    const lines: number[] = [];
    for (let i = 0; i < head; i++) if (now[i] !== old[i]) lines.push(i);
    for (let i = tail; i < n; i++) if (now[i] !== old[i - shift]) lines.push(i);
    this.compared = { oldLength: old.length, now, version: this.version, lines };
    return lines;
  }
}

/**
 * Tables of results per line (`lines`) and word counts (`census`) over the versions of one
 * document, by typed key. The parser's memo is one; the analysis store's per-line tables
 * (`AnalysisMemo.derived`) are another on the same edits, so that what rules compute is never
 * written into the parser's tables.
 */
export class LineTables {
  constructor(protected readonly edit: Edit) {}

  private readonly tables = new Map<string, Table>();
  private readonly censuses = new Map<string, CensusState>();
  /** The lists of lines `linesWhere` and `linesHolding` keep, by key. */
  protected readonly holding = new Map<string, { lines: readonly number[]; version: number }>();

  /**
   * The lines of this version for which `holds(i)` is true, ascending: every line asked for a
   * first version, then the previous version's list taken over (shifted past the edit) with only
   * the lines the edit changed asked again. `holds` must be a function of line `i`'s text alone
   * (a result of `lines` on it), so that a pass that acts on few lines walks those, not the record.
   */
  linesWhere(key: MemoKey<readonly number[]>, holds: (i: number) => boolean): readonly number[] {
    return this.linesAsked(key, (out, first, end) => {
      for (let i = first; i < end; i++) if (holds(i)) out.push(i);
    });
  }

  /**
   * The list of lines kept under `key` for this version, ascending: `ask(out, first, end)` pushes
   * those of lines `first`…`end - 1` that belong to it — every line for a first version; after an
   * edit, only the lines it changed, the previous version's list taken over around them (the lines
   * before the edit as they were, those after it shifted by the lines it added or removed).
   */
  protected linesAsked(
    key: MemoKey<readonly number[]>,
    ask: (out: number[], first: number, end: number) => void,
  ): readonly number[] {
    const known = this.holding.get(key.name);
    if (known?.version === this.version) return known.lines;
    const out: number[] = [];
    if (!known || known.version !== this.version - 1 || !this.related) ask(out, 0, this.lineCount);
    else {
      const { head, tail, shift } = this;
      const old = known.lines;
      let k = 0;
      while (k < old.length && old[k] < head) out.push(old[k++]);
      if (head < tail) ask(out, head, tail);
      while (k < old.length && old[k] < tail - shift) k++;
      while (k < old.length) out.push(old[k++] + shift);
    }
    this.holding.set(key.name, { lines: out, version: this.version });
    return out;
  }

  /**
   * Whether what the tables hold is read again for a next version (an editor's document): not
   * when no edit is expected (`AnalysisMemo.oneShot`, the command line).
   */
  get carried(): boolean {
    return !this.edit.last;
  }

  /** How many versions were read: the version the tables are for. */
  get version(): number {
    return this.edit.version;
  }
  protected get head(): number {
    return this.edit.head;
  }
  protected get tail(): number {
    return this.edit.tail;
  }
  protected get shift(): number {
    return this.edit.shift;
  }
  protected get related(): boolean {
    return this.edit.related;
  }
  protected get lineCount(): number {
    return this.edit.index.lineCount;
  }

  /** The index a line of this version had in the previous one, or -1 when it is new or changed. */
  protected before(i: number): number {
    const e = this.edit;
    if (i < e.head) return i;
    if (i >= e.tail) return i - e.shift;
    return -1;
  }

  protected table<T>(key: MemoKey<T>): Table {
    const name = key.name;
    let t = this.tables.get(name);
    if (!t) {
      t = { previous: [], current: [], version: this.version };
      this.tables.set(name, t);
    }
    if (t.version !== this.version) {
      // Results of the version just before this one can be taken over; older ones cannot.
      t.previous = t.version === this.version - 1 && this.related ? t.current : [];
      t.current = [];
      t.version = this.version;
    }
    return t;
  }

  /**
   * The result of `compute(text(i))` for line `i`, taken from the previous version where the line
   * is unchanged. Fetch the table once for a pass over many lines.
   *
   * Held as one id a line in a typed array (outside the JS heap; 0 for a line not computed) and
   * the results in a pool: a result equal to the one before it (`null`, a shared empty list, a
   * string) takes the same slot, so that a table of mostly the same answer holds an id a line
   * and few values. An edit moves the previous version's ids in place (a memmove) and clears the
   * ids of the lines it changed; their values stay in the pool until it is compacted.
   */
  lines<T>(key: MemoKey<T>, text: (i: number) => string, compute: (line: string) => T): (i: number) => T {
    const t = this.pooledTable(key.name);
    const { ids, pool } = t;
    const copy = this.related;
    return (i) => {
      const id = ids[i];
      if (id !== 0) return pool[id - 1] as T;
      const value = compute(copy ? ownCopy(text(i)) : text(i));
      if (t.last !== value || t.lastId === 0) {
        pool.push(value);
        t.last = value;
        t.lastId = pool.length;
      }
      ids[i] = t.lastId;
      return value;
    };
  }

  private readonly pooled = new Map<string, PooledTable>();

  private pooledTable(name: string): PooledTable {
    const n = this.lineCount;
    const t = this.pooled.get(name);
    if (t?.version === this.version) return t;
    if (!t || t.version !== this.version - 1 || !this.related) {
      const fresh: PooledTable = {
        ids: new Int32Array(n),
        pool: [],
        last: undefined,
        lastId: 0,
        dropped: 0,
        lines: n,
        version: this.version,
      };
      this.pooled.set(name, fresh);
      return fresh;
    }
    const { head, tail, shift } = this;
    const old = t.lines;
    // The lines the edit replaced: the values they named may be named no more.
    for (let k = head; k < tail - shift; k++) if (t.ids[k] !== 0) t.dropped++;
    t.ids = this.movedRows(t.ids, 1, old, true);
    t.lines = n;
    t.version = this.version;
    // The values of lines the edits replaced stay in the pool: once as many lines were replaced as
    // half the pool holds, the values still named are gathered into a new pool (a walk over the
    // ids, every few hundred keystrokes at most).
    if (t.dropped > (t.pool.length >> 1) + 1024) compact(t);
    return t;
  }

  /**
   * `lines` for results that are integers (`columns` of them a line, each a 32-bit integer): held
   * in one typed array outside the JS heap — the collector neither scans nor copies it, and a line
   * takes 4 bytes a column instead of an array slot and an object. An edit moves the previous
   * version's rows in place (a memmove) and clears the rows of the lines it changed. `compute(line,
   * values, at)` writes the line's row at `values[at]`…; `row(i)` gives line `i`'s `at`, computed
   * first where not known. `values` is this version's: fetch the table once for a pass.
   */
  ints(
    key: MemoKey<IntRows>,
    columns: number,
    text: (i: number) => string,
    compute: (line: string, values: Int32Array, at: number) => void,
  ): IntRows {
    const t = this.intTable(key.name, columns);
    const { values, known } = t;
    const copy = this.related;
    return {
      values,
      row: (i) => {
        const at = i * columns;
        if (known[i] === 0) {
          compute(copy ? ownCopy(text(i)) : text(i), values, at);
          known[i] = 1;
        }
        return at;
      },
    };
  }

  private readonly intTables = new Map<string, IntTable>();

  private intTable(name: string, columns: number): IntTable {
    const n = this.lineCount;
    const t = this.intTables.get(name);
    if (t?.version === this.version) return t;
    if (!t || t.version !== this.version - 1 || !this.related || t.columns !== columns) {
      const fresh = {
        values: new Int32Array(n * columns),
        known: new Uint8Array(n),
        lines: n,
        version: this.version,
        columns,
      };
      this.intTables.set(name, fresh);
      return fresh;
    }
    const old = t.lines;
    // The edited lines' rows are not known, nor those past a shorter table's end (a later, longer
    // version must not find them); their values are left as they were, to be computed again.
    t.values = this.movedRows(t.values, columns, old, false);
    t.known = this.movedRows(t.known, 1, old, true);
    t.lines = n;
    t.version = this.version;
    return t;
  }

  /**
   * `rows` (`stride` entries a line) of the previous version, of `old` lines, moved to this
   * version's lines: those before the edit kept, those after it shifted (a memmove). `clear`: the
   * edited lines' rows and those past a shorter version's end are zeroed; otherwise left as they
   * were. Copied into a larger array, with room for more
   * lines (so that lines typed one by one do not copy it each time), when the lines outgrow it.
   */
  private movedRows<A extends Int32Array | Uint8Array>(rows: A, stride: number, old: number, clear: boolean): A {
    const { head, tail, shift } = this;
    const n = this.lineCount;
    if (n * stride > rows.length) {
      const room = (n + (n >> 4) + 64) * stride;
      const grown = (rows instanceof Int32Array ? new Int32Array(room) : new Uint8Array(room)) as A;
      grown.set(rows.subarray(0, head * stride));
      grown.set(rows.subarray((tail - shift) * stride, old * stride), tail * stride);
      return grown;
    }
    if (shift !== 0) rows.copyWithin(tail * stride, (tail - shift) * stride, old * stride);
    if (clear) {
      rows.fill(0, head * stride, tail * stride);
      if (n < old) rows.fill(0, n * stride, old * stride);
    }
    return rows;
  }

  private readonly followed = new Map<string, { value: unknown; by: readonly unknown[]; version: number }>();

  /**
   * A value of this version made from the previous version's (`compute(before)`), for a pass
   * that reads the lines' text and a value per line (`by`: their kinds, a new array each
   * version): `before` is the previous version's value with what changed since — the edit's
   * lines (`head`…`tail - 1`, the later ones `shift` lines on) and the lines outside it whose
   * `by` entry changed (`changed`, ascending). Undefined for a first version, after a version
   * that did not ask, or when the two versions' entries cannot be compared: `compute` then
   * reads every line.
   */
  follow<T>(key: MemoKey<T>, by: readonly unknown[], compute: (before?: Followed<T>) => T): T {
    const held = this.followed.get(key.name);
    if (held?.version === this.version && held.by === by) return held.value as T;
    let before: Followed<T> | undefined;
    if (held && held.version === this.version - 1 && this.related) {
      const changed = this.edit.changedOutside(held.by, by);
      if (changed) before = { value: held.value as T, head: this.head, tail: this.tail, shift: this.shift, changed };
    }
    const value = compute(before);
    if (this.carried) this.followed.set(key.name, { value, by, version: this.version });
    else this.followed.delete(key.name);
    return value;
  }

  /**
   * Whether `census(key, …)` would take its counts from this version or correct the previous
   * version's rather than count afresh.
   */
  holdsCensus<T>(key: MemoKey<T>): boolean {
    const state = this.censuses.get(key.name);
    if (!state) return false;
    return state.version === this.version || (state.version === this.version - 1 && this.related);
  }

  /**
   * Word counts over the lines for which `counted(i)` holds: counted afresh by `countAll`, or
   * corrected from the previous version's counts by the words (`words`) of the lines that
   * changed, or changed whether they count. `countAll(flags)` must give the sum of `words` over
   * the lines `i` whose `flags[i]` is 1; what else it finds on its way (`extra`) is given back
   * with the counts of the same version, and is undefined for a version whose counts were
   * corrected.
   *
   * `by`, when given, is what `counted(i)` is a function of: `by[i]` (a line's kind), one entry a
   * line, a new array each version. The flags of the lines outside the edit are then moved from
   * the previous version's (a memmove) and `counted` asked again only of the edit's lines and of
   * those whose entry changed (`Edit.changedOutside`), not of every line of the record.
   */
  census<X>(
    key: MemoKey<CensusOf<X>>,
    counted: (i: number) => boolean,
    lineText: (i: number) => string,
    words: (line: string) => readonly string[],
    countAll: (counted: Uint8Array) => { counts: Map<string, number>; extra: X },
    by?: readonly unknown[],
  ): { counts: ReadonlyMap<string, number>; extra: X | undefined } {
    const n = this.lineCount;
    const name = key.name;
    const state = this.censuses.get(name);
    if (state?.version === this.version) return { counts: state.counts, extra: state.extra as X | undefined };
    const follows = state !== undefined && state.version === this.version - 1 && this.related;
    const changed = follows && by && state.by ? this.edit.changedOutside(state.by, by) : undefined;
    if (state && changed) return this.censusMoved(name, state, changed, counted, lineText, words, by);
    const flags = new Uint8Array(n);
    for (let i = 0; i < n; i++) flags[i] = counted(i) ? 1 : 0;
    if (!state || !follows) {
      const { counts, extra } = countAll(flags);
      this.censuses.set(name, { counts, extra, counted: flags, lines: n, by, version: this.version });
      return { counts, extra };
    }
    const { counts } = state;
    // Lines of the previous version the edit replaced, read from that version's text.
    const oldEnd = this.tail - this.shift;
    for (let j = this.head; j < oldEnd; j++)
      if (state.counted[j]) for (const w of words(this.edit.replaced[j - this.head])) add(counts, w, -1);
    // A line whose flag changed: its words counted in or out (a new or changed line's was 0). The
    // lines before and after the edit compared in two plain loops (`before` a line at a time
    // cost a 10 MB record's edit some 2 ms a census).
    const was = state.counted;
    const { head, tail, shift } = this;
    const recount = (i: number) => {
      for (const w of words(lineText(i))) add(counts, w, flags[i] ? 1 : -1);
    };
    for (let i = 0; i < head; i++) if (flags[i] !== was[i]) recount(i);
    for (let i = head; i < tail; i++) if (flags[i] !== 0) recount(i);
    for (let i = tail; i < n; i++) if (flags[i] !== was[i - shift]) recount(i);
    this.censuses.set(name, { counts, extra: undefined, counted: flags, lines: n, by, version: this.version });
    return { counts, extra: undefined };
  }

  /**
   * `census` after an edit, its flags a function of `by`: the previous version's flags moved in
   * place, the replaced lines' words taken out, and only the edit's lines and those whose `by`
   * entry changed (`changed`) asked again.
   */
  private censusMoved(
    name: string,
    state: CensusState,
    changed: readonly number[],
    counted: (i: number) => boolean,
    lineText: (i: number) => string,
    words: (line: string) => readonly string[],
    by: readonly unknown[] | undefined,
  ): { counts: ReadonlyMap<string, number>; extra: undefined } {
    const { counts } = state;
    const { head, tail } = this;
    // Lines of the previous version the edit replaced, read from that version's text (before
    // their flags are moved away).
    for (let j = head; j < tail - this.shift; j++)
      if (state.counted[j]) for (const w of words(this.edit.replaced[j - head])) add(counts, w, -1);
    const flags = this.movedRows(state.counted, 1, state.lines, true);
    // In the order of the lines, as `census` corrects them: before the edit, in it, after it.
    const ask = (i: number) => {
      const now = counted(i) ? 1 : 0;
      if (now === flags[i]) return;
      flags[i] = now;
      for (const w of words(lineText(i))) add(counts, w, now ? 1 : -1);
    };
    let k = 0;
    while (k < changed.length && changed[k] < head) ask(changed[k++]);
    for (let i = head; i < tail; i++) ask(i);
    while (k < changed.length) ask(changed[k++]);
    this.censuses.set(name, {
      counts,
      extra: undefined,
      counted: flags,
      lines: this.lineCount,
      by,
      version: this.version,
    });
    return { counts, extra: undefined };
  }
}

/** The previous version's value of `LineTables.follow`, and what changed since. */
export interface Followed<T> {
  value: T;
  /** The edit's lines: `head`…`tail - 1` are new; from `tail` on, the previous version's `tail - shift` on. */
  head: number;
  tail: number;
  shift: number;
  /** The lines outside the edit whose entry changed, ascending. */
  changed: readonly number[];
}

/** A per-line table of results (`LineTables.lines`). */
interface PooledTable {
  /** Line `i`'s result is `pool[ids[i] - 1]`; 0: not computed. */
  ids: Int32Array;
  pool: unknown[];
  /** The last result pooled, and its id: a run of the same result takes one slot. */
  last: unknown;
  lastId: number;
  /** How many lines naming a value were replaced since the pool was last compacted. */
  dropped: number;
  /** The version's line count (`ids` may have room for more). */
  lines: number;
  version: number;
}

/** Gathers the results the table's lines still name into a new pool, their ids renumbered. */
function compact(t: PooledTable): void {
  const renumbered = new Int32Array(t.pool.length + 1);
  const pool: unknown[] = [];
  const { ids } = t;
  for (let i = 0; i < t.lines; i++) {
    const id = ids[i];
    if (id === 0) continue;
    if (renumbered[id] === 0) {
      pool.push(t.pool[id - 1]);
      renumbered[id] = pool.length;
    }
    ids[i] = renumbered[id];
  }
  t.pool = pool;
  t.dropped = 0;
  // The last result is kept only if a line still names it.
  t.lastId = t.lastId > 0 ? renumbered[t.lastId] : 0;
  if (t.lastId === 0) t.last = undefined;
}

/** A per-line table of integers (`LineTables.ints`). */
export interface IntRows {
  /** This version's rows: line `i`'s are `values[row(i)]`… (as many as the table's columns). */
  readonly values: Int32Array;
  /** Line `i`'s row, computed first when not known. */
  row(i: number): number;
}

interface IntTable {
  values: Int32Array;
  /** 1 where the line's row is known. */
  known: Uint8Array;
  /** The version's line count (the arrays may have room for more). */
  lines: number;
  version: number;
  columns: number;
}

/** What a census table holds: the counts, and what a fresh count found besides them (`X`). */
export interface CensusOf<X> {
  counts: ReadonlyMap<string, number>;
  extra: X | undefined;
}

/**
 * What the parser of one document leaves for its next version: its tables by typed key (written
 * by model/parse and the model's own computations only), and the tables of what is derived after
 * parsing (`derived`, written by the analysis store only).
 */
export class AnalysisMemo extends LineTables {
  /**
   * @param oneShot no edit is expected after this version (the command line): a result that
   * would only speed up the next version's analysis need not be computed now.
   */
  constructor(readonly oneShot = false) {
    super(new Edit(oneShot));
  }

  /** The per-line tables of the analysis store (analysis/analysis.ts), on the same edits. */
  readonly derived = new LineTables(this.edit);

  /**
   * A new version is being analysed: finds which of its lines the previous version had, and
   * gives its line index (the previous one's lines, shifted past the edit).
   */
  nextVersion(text: string, edited?: EditedFrom): LineIndex {
    this.stableCount = undefined;
    return this.edit.next(text, edited);
  }

  /** `Edit.sameOutside`: `now` holds the previous version's entries outside the edit. */
  unchangedOutside(now: readonly unknown[]): void {
    this.edit.sameOutside(now);
  }

  /**
   * The result of a computation that starts at line `first` and reads the lines up to the `last`
   * it returns: taken from the previous version when all of those lines are unchanged. The
   * value must not hold line numbers or offsets (it is placed by the caller).
   */
  range<T>(key: MemoKey<T>, first: number, compute: () => { value: T; last: number }): T {
    const t = this.table(key);
    const known = t.current[first] as { value: T; span: number } | undefined;
    if (known) return known.value;
    const j = this.before(first);
    const old = j >= 0 ? (t.previous[j] as { value: T; span: number } | undefined) : undefined;
    if (old && (first + old.span < this.head || first >= this.tail)) {
      t.current[first] = old;
      return old.value;
    }
    const r = compute();
    t.current[first] = { value: r.value, span: r.last - first };
    return r.value;
  }

  /**
   * Declares values of this version's lines that their text alone does not give (a line's kind,
   * the decision on its line-end hyphen): where one differs from the previous version's, results
   * that read that line are not taken over by `window`. `sameOutside(old)`, when given, answers
   * whether the previous version's values `old` equal these outside the edit line by line (a
   * caller that compared them already): true spares the comparison.
   */
  context(
    key: MemoKey<readonly unknown[]>,
    values: readonly unknown[],
    sameOutside?: (old: readonly unknown[]) => boolean,
  ): void {
    const previous = this.contexts.get(key.name);
    this.contexts.set(key.name, { values, version: this.version });
    this.stableCount = undefined;
    if (!previous || previous.version !== this.version - 1 || !this.related) {
      this.changedLines().fill(1);
      return;
    }
    const old = previous.values;
    if (sameOutside?.(old)) return;
    const n = this.lineCount;
    for (let i = 0; i < this.head; i++) if (old[i] !== values[i]) this.mark(i);
    for (let i = this.tail; i < n; i++) if (old[i - this.shift] !== values[i]) this.mark(i);
  }

  /**
   * `context` for values few lines have: `values[k]` belongs to line `lines[k]` (ascending), the
   * other lines have none.
   */
  sparseContext(key: MemoKey<readonly unknown[]>, lines: readonly number[], values: readonly unknown[]): void {
    const previous = this.sparse.get(key.name);
    this.sparse.set(key.name, { lines, values, version: this.version });
    this.stableCount = undefined;
    if (!previous || previous.version !== this.version - 1 || !this.related) {
      this.changedLines().fill(1);
      return;
    }
    // Both lists by line of this version, merged (lines the edit changed are not compared: they
    // are not taken over anyway); a line in one list only, or with another value, has changed.
    const { head, tail, shift } = this;
    const was = previous.lines;
    for (let j = 0, k = 0; ; ) {
      while (j < was.length && was[j] >= head && was[j] < tail - shift) j++;
      while (k < lines.length && lines[k] >= head && lines[k] < tail) k++;
      if (j === was.length && k === lines.length) return;
      const x = j < was.length ? (was[j] < head ? was[j] : was[j] + shift) : Number.POSITIVE_INFINITY;
      const y = k < lines.length ? lines[k] : Number.POSITIVE_INFINITY;
      if (x === y) {
        if (previous.values[j] !== values[k]) this.mark(y);
        j++;
        k++;
      } else if (x < y) {
        this.mark(x);
        j++;
      } else this.mark(lines[k++]);
    }
  }

  /** Line `i`'s declared context differs from the previous version's. */
  private mark(i: number): void {
    this.changedLines()[i] = 1;
  }

  /** This version's marks, made at the first (a version with none walks no table of them). */
  private changedLines(): Uint8Array {
    this.stableCount = undefined;
    if (!this.changed || this.changedVersion !== this.version) {
      this.changed = new Uint8Array(this.lineCount);
      this.changedVersion = this.version;
    }
    return this.changed;
  }

  private readonly sparse = new Map<
    string,
    { lines: readonly number[]; values: readonly unknown[]; version: number }
  >();
  private readonly contexts = new Map<string, { values: readonly unknown[]; version: number }>();
  private changed: Uint8Array | undefined;
  private changedVersion = 0;
  /** Running count of the lines not to take over (changed text or context), by line. */
  private stableCount: Int32Array | undefined;

  /** Lines `first`…`last` are unchanged since the previous version, in text and in context. */
  private stable(first: number, last: number): boolean {
    if (!(last < this.head || first >= this.tail)) return false;
    const n = this.lineCount;
    const a = Math.max(0, first);
    const b = Math.min(n - 1, last);
    if (!this.stableCount) {
      const changed = this.changedVersion === this.version ? this.changed : undefined;
      if (!changed || changed.indexOf(1) < 0) this.stableCount = UNMARKED;
      else {
        const count = new Int32Array(n + 1);
        for (let i = 0; i < n; i++) count[i + 1] = count[i] + (i >= this.head && i < this.tail ? 1 : changed[i]);
        this.stableCount = count;
      }
    }
    // No line marked by a context: the count is of the edit's lines alone, in closed form
    // (`editedBefore`), without a walk over the record.
    if (this.stableCount === UNMARKED) return this.editedBefore(b + 1) - this.editedBefore(a) === 0;
    return this.stableCount[b + 1] - this.stableCount[a] === 0;
  }

  /**
   * How many of the edit's lines come before line `x` (`stableCount[x]` where no context marked
   * a line); not a number past the table's end, as `stableCount[x]` is undefined there.
   */
  private editedBefore(x: number): number {
    if (x < 0 || x > this.lineCount) return Number.NaN;
    return Math.min(Math.max(x - this.head, 0), this.tail - this.head);
  }

  /**
   * The result of a computation for line `i` that read the lines `first`…`last` it returns (their
   * text and their declared context), placed at line `i` by `place`: taken from the previous
   * version where all of those are unchanged. `compute`'s value must not hold line numbers or
   * offsets (`place` puts it at this version's). A line before the edit has the previous
   * version's line and offsets: its placed value is the previous version's, as it was (no copy);
   * after the edit it is placed again. Asked once a version for each line, in ascending order:
   * the entries are a list by line, not a table of every line (a record's few thousand lines with
   * acronyms, of 200,000).
   */
  window<T>(
    key: MemoKey<T>,
    i: number,
    compute: () => { value: T; first: number; last: number },
    place: (value: T) => T,
  ): T {
    const t = this.table(key);
    const current = t.current as WindowEntry<T>[];
    const last = current[current.length - 1];
    if (last && last.line >= i) {
      // Asked again; or out of order, computed and not kept: the list stays ascending.
      return last.line === i ? last.placed : place(compute().value);
    }
    const j = this.before(i);
    const previous = t.previous as WindowEntry<T>[];
    const k = j >= 0 ? firstAtLeastBy(previous, lineOf, j) : previous.length;
    const old = k < previous.length && previous[k].line === j ? previous[k] : undefined;
    if (old && this.stable(i + old.first, i + old.last)) {
      const entry =
        i < this.head ? old : { line: i, value: old.value, first: old.first, last: old.last, placed: place(old.value) };
      current.push(entry);
      return entry.placed;
    }
    const r = compute();
    const entry = { line: i, value: r.value, first: r.first - i, last: r.last - i, placed: place(r.value) };
    current.push(entry);
    return entry.placed;
  }

  /**
   * The lines of this version that hold `needle` (a string with no line break), ascending: found
   * in the whole text for a first version, then taken over from the previous version (the lines
   * the edit left alone hold it where they did, shifted) and searched for only in the lines the
   * edit changed — a scan as long as the edit, not the record.
   */
  linesHolding(key: MemoKey<readonly number[]>, needle: string): readonly number[] {
    const index = this.edit.index;
    const { text, starts, ends } = index;
    return this.linesAsked(key, (out, first, end) => {
      const from = starts[first];
      const to = ends[end - 1];
      const part = from === 0 && to === text.length ? text : text.slice(from, to);
      for (let at = part.indexOf(needle); at >= 0; ) {
        const line = index.lineAt(from + at);
        out.push(line);
        at = part.indexOf(needle, Math.max(at + 1, ends[line] - from));
      }
    });
  }

  /**
   * What `hold` kept under this key for the previous version, when this version follows it (an
   * edit of it): undefined for a first version, or when a version went by without it.
   */
  previous<T>(key: MemoKey<T>): T | undefined {
    const known = this.held.get(key.name);
    return known && known.version === this.version - 1 && this.related ? (known.value as T) : undefined;
  }

  /** Keeps a value of this version for the next version's `previous` (not when no edit is expected). */
  hold<T>(key: MemoKey<T>, value: T): void {
    if (this.carried) this.held.set(key.name, { value, version: this.version });
  }

  private readonly held = new Map<string, { value: unknown; version: number }>();

  /**
   * A per-line array of this version (`n` entries of `value`): where edits are expected, the
   * array of the version before the previous one, filled again, so that an edit does not allocate
   * one (1.6 MB for a 10 MB record's line kinds) nor leave the last one to the collector. Two
   * arrays take turns; the previous version's is never this one. A model's array is therefore
   * its own only until the document's next version but one is parsed (model/types.ts,
   * `TranscriptModel`). A new array where the line count changed by much (a length set far past an
   * array's room would make its elements slow).
   */
  turnArray<T>(key: MemoKey<T[]>, n: number, value: T): T[] {
    if (!this.carried) return new Array<T>(n).fill(value);
    let pair = this.turns.get(key.name);
    if (!pair) {
      pair = [undefined, undefined];
      this.turns.set(key.name, pair);
    }
    const slot = this.version & 1;
    const old = pair[slot] as T[] | undefined;
    let out: T[];
    if (old && n <= old.length + 1024 && n >= old.length >> 1) {
      old.length = n;
      out = old.fill(value);
    } else out = new Array<T>(n).fill(value);
    pair[slot] = out;
    return out;
  }

  private readonly turns = new Map<string, [unknown[] | undefined, unknown[] | undefined]>();

  /** The lines of the previous version that this version's edit replaced (copies of their text). */
  replacedLines(): readonly string[] {
    return this.edit.replaced;
  }

  /**
   * Where this version differs from the previous one: its lines `head` to `tail - 1` are new; the
   * lines from `tail` on are the previous version's lines `tail - shift` on, their offsets moved
   * by `delta`. Undefined for a first version.
   */
  edited(): { head: number; tail: number; shift: number; delta: number } | undefined {
    const e = this.edit;
    return e.related ? { head: e.head, tail: e.tail, shift: e.shift, delta: e.delta } : undefined;
  }

  /** `compute(key)`, or the last answer when `key` is the same as last time (one entry per name). */
  last<T>(table: MemoKey<T>, key: string, compute: () => T): T {
    const name = table.name;
    const known = this.single.get(name);
    if (known && known.key === key) return known.value as T;
    const value = compute();
    this.single.set(name, { key: ownCopy(key), value });
    return value;
  }

  private readonly single = new Map<string, { key: string; value: unknown }>();

  /**
   * A copy of a string computed from this version's text, safe to keep for the next ones (the
   * first version's too: a slice of it would keep its whole text once the text has changed).
   */
  keep(s: string): string {
    return this.edit.last ? s : ownCopy(s);
  }

  /**
   * The result for a block of lines `first`…`last`, taken from the previous version when the
   * same lines made the same block there.
   */
  block<T>(key: MemoKey<T>, first: number, last: number, text: () => string, compute: (block: string) => T): T {
    const t = this.table(key);
    const known = t.current[first] as { last: number; value: T } | undefined;
    if (known && known.last === last) return known.value;
    // Every line of the block must be unchanged: all before the edit, or all after it.
    const j = last < this.head || first >= this.tail ? this.before(first) : -1;
    const old = j >= 0 ? (t.previous[j] as { last: number; value: T } | undefined) : undefined;
    let value: T;
    if (old && old.last === j + (last - first)) value = old.value;
    // A block is read on a copy, the first version's too (a copy of the text in all, once): what
    // its result keeps of it must not keep the version's whole text (text/strings.ts).
    else value = compute(this.edit.last ? text() : ownCopy(text()));
    t.current[first] = { last, value };
    return value;
  }

  /**
   * A result for the block of lines `first`…`last` placed at this version's offsets: taken as it
   * is from the previous version when the block lies before the edit, where lines and offsets are
   * the same. `compute` must read nothing after `last`.
   */
  placedBlock<T>(key: MemoKey<T>, first: number, last: number, compute: () => T): T {
    const t = this.table(key);
    const known = t.current[first] as { last: number; value: T } | undefined;
    if (known && known.last === last) return known.value;
    const old = last < this.head ? (t.previous[first] as { last: number; value: T } | undefined) : undefined;
    const value = old && old.last === last ? old.value : compute();
    t.current[first] = { last, value };
    return value;
  }
}

/** A line's result in `AnalysisMemo.window`'s list: relative to the line, and placed at it. */
interface WindowEntry<T> {
  line: number;
  value: T;
  first: number;
  last: number;
  placed: T;
}

const lineOf = (e: { line: number }) => e.line;

function add(counts: Map<string, number>, word: string, n: number): void {
  const known = counts.get(word);
  const v = (known ?? 0) + n;
  // A new word is copied: a slice of an edited line would keep that version's whole text.
  if (v) counts.set(known === undefined ? ownCopy(word) : word, v);
  else counts.delete(word);
}

const CHUNK = 4096;

/** `stableCount` of a version where no context marked a line (`AnalysisMemo.stable`). */
const UNMARKED = new Int32Array(0);

/** The length of the common start of `a` and `b`, whose first `kept` characters are known to be the same. */
function commonPrefix(a: string, b: string, kept = 0): number {
  // The same text again (a version that changes nothing: LanguageService.prime).
  if (a === b) return a.length;
  const max = Math.min(a.length, b.length);
  let i = Math.min(kept, max);
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the common end of `a` and `b`, whose last `kept` characters are known to be the same. */
function commonSuffix(a: string, b: string, kept = 0): number {
  if (a === b) return a.length;
  const max = Math.min(a.length, b.length);
  let k = Math.min(kept, max);
  while (
    k + CHUNK <= max &&
    a.slice(a.length - k - CHUNK, a.length - k) === b.slice(b.length - k - CHUNK, b.length - k)
  )
    k += CHUNK;
  while (k < max && a.charCodeAt(a.length - 1 - k) === b.charCodeAt(b.length - 1 - k)) k++;
  return k;
}
