/**
 * The analysis of one version of a document under one generation of its context: the model, the
 * frozen context (glossaries, reference date, the Member State data) and a typed store of what
 * features and rules derive from them. A derived value is declared once, beside its computation,
 * as a typed key (`derived`), and computed once per analysis on first use; nothing derived is
 * kept anywhere else (no module-level cache keyed by a model). A new version of the document, or
 * a new context (the team glossary or the reference date changed), is a new analysis: nothing
 * computed under the old one is read again.
 *
 * Results per line (a function of the line's text alone) are carried from the analysis of the
 * previous version for the lines an edit left (`lines`, `census`), in tables of their own beside
 * the parser's (model/memo.ts, `AnalysisMemo.derived`).
 */

import type { AnalysisContext } from "../context";
import { AnalysisMemo, type CensusOf, type Followed, type LineTables, type MemoKey, memoKey } from "../model/memo";
import type { ParsedVersion } from "../model/parse";
import type { TranscriptModel } from "../model/types";
import { type WordCensus, wordCensus } from "../model/wordCensus";

/** A derived value's key: its name (for messages) and its computation. */
export interface Derived<T> {
  readonly name: string;
  readonly compute: (analysis: Analysis) => T;
}

/** Declares a derived value: `const ACRONYM_INDEX = derived("acronymIndex", (a) => …)`. */
export function derived<T>(name: string, compute: (analysis: Analysis) => T): Derived<T> {
  return { name, compute };
}

/**
 * Declares a table of results per line, carried over versions (`Analysis.lines`). What it holds
 * must be a function of the line's text (and of the variant its users name: a language, a
 * script), never of the context.
 */
export const perLine: <T>(name: string) => MemoKey<T> = memoKey;

export { type CensusOf, type Followed, variantOf } from "../model/memo";

/** The context as an analysis sees it: fixed for the analysis's life. */
export type FrozenContext = Readonly<AnalysisContext>;

export class Analysis {
  /** What was derived so far, by key. */
  private readonly store = new Map<Derived<unknown>, unknown>();
  private readonly computing = new Set<Derived<unknown>>();

  constructor(
    readonly model: TranscriptModel,
    readonly context: FrozenContext,
    /** What the parser left of this version; none for a model parsed on its own (no carry-over). */
    private readonly parsed?: ParsedVersion,
  ) {}

  /** The derived value of `key`, computed on first use. */
  get<T>(key: Derived<T>): T {
    if (this.store.has(key)) return this.store.get(key) as T;
    if (this.computing.has(key)) throw new Error(`derived value "${key.name}" depends on itself`);
    this.computing.add(key);
    try {
      const value = key.compute(this);
      this.store.set(key, value);
      return value;
    } finally {
      this.computing.delete(key);
    }
  }

  /** The document's word counts (model/wordCensus.ts). */
  wordCensus(): WordCensus {
    return this.get(Analysis.WORD_CENSUS);
  }

  /**
   * `compute(line)` for each line `i` of the model, taken from the previous version's analysis
   * where the line is unchanged. Fetch it once for a pass over many lines.
   */
  lines<T>(key: MemoKey<T>, compute: (line: string) => T): (i: number) => T {
    const { lines } = this.model;
    const tables = this.tables();
    if (tables) return tables.lines(key, (i) => lines.line(i), compute);
    const known: T[] = [];
    const has = new Uint8Array(lines.lineCount);
    return (i) => {
      if (has[i]) return known[i];
      has[i] = 1;
      known[i] = compute(lines.line(i));
      return known[i];
    };
  }

  /**
   * The lines for which `holds(i)` is true, ascending (`LineTables.linesWhere`): after an edit,
   * the previous version's list moved, with the lines the edit changed asked again. `holds` must
   * be a function of the line's text alone (a result of `lines` on it).
   */
  linesWhere(key: MemoKey<readonly number[]>, holds: (i: number) => boolean): readonly number[] {
    const tables = this.tables();
    if (tables) return tables.linesWhere(key, holds);
    const out: number[] = [];
    for (let i = 0; i < this.model.lines.lineCount; i++) if (holds(i)) out.push(i);
    return out;
  }

  /**
   * Word counts over the lines for which `counted(i)` holds, corrected from the previous
   * version's by the lines that changed (`LineTables.census`). `counted(i)` must be a function
   * of line `i`'s kind (`model.lineKinds[i]`) alone: after an edit it is asked only of the
   * edit's lines and of those whose kind changed.
   */
  census<X>(
    key: MemoKey<CensusOf<X>>,
    counted: (i: number) => boolean,
    words: (line: string) => readonly string[],
    countAll: (counted: Uint8Array) => { counts: Map<string, number>; extra: X },
  ): CensusOf<X> {
    const { lines } = this.model;
    const tables = this.tables();
    if (tables) return tables.census(key, counted, (i) => lines.line(i), words, countAll, this.model.lineKinds);
    const flags = new Uint8Array(lines.lineCount);
    for (let i = 0; i < flags.length; i++) flags[i] = counted(i) ? 1 : 0;
    return countAll(flags);
  }

  /**
   * A value made from the previous version's (`LineTables.follow`): `compute(before)` is given
   * that value and the lines changed since — the edit's and those whose kind
   * (`model.lineKinds`) changed — where the previous version asked too; else `compute()` reads
   * every line. The value must be what a fresh `compute()` gives.
   */
  follow<T>(key: MemoKey<T>, compute: (before?: Followed<T>) => T): T {
    const tables = this.tables();
    return tables ? tables.follow(key, this.model.lineKinds, compute) : compute();
  }

  /**
   * Whether what this analysis counts and computes per line is carried to the next version of
   * its document (an editor's): a rule may then keep a record-wide count that each edit corrects
   * (`census`) where a one-shot analysis (the command line, a model parsed on its own) counts
   * only what it needs.
   */
  carriesOver(): boolean {
    return this.tables()?.carried ?? false;
  }

  /**
   * Whether `census(key, …)` would correct the previous version's counts (or has counted this
   * version already) rather than count afresh: false for a document's first version, and for a
   * version analysed once.
   */
  holdsCensus<T>(key: MemoKey<T>): boolean {
    return this.tables()?.holdsCensus(key) ?? false;
  }

  /** Work that readies the next version's analysis, left until the diagnostics are out. */
  private readonly deferred: (() => void)[] = [];

  /**
   * Leaves `work` for later: it only readies the next version's analysis (a count each edit
   * will correct), so that the diagnostics of this one need not wait for it. `settle` runs it;
   * an analysis that carries nothing over (`carriesOver`) drops it.
   */
  later(work: () => void): void {
    if (this.carriesOver()) this.deferred.push(work);
  }

  /**
   * Runs the work left for later (`later`), while the document's memo is still at this version
   * (an editor: once the diagnostics are published, before the next version is analysed).
   */
  settle(): void {
    const work = this.deferred.splice(0);
    if (this.carriesOver()) for (const w of work) w();
  }

  /** The carried tables, while the document's memo is still at this version. */
  private tables(): LineTables | undefined {
    return this.parsed?.derivedTables();
  }

  /** The parser's census of this version, or one counted afresh for a model parsed on its own. */
  private countWords(): WordCensus {
    if (this.parsed) return this.parsed.census();
    const fresh = new AnalysisMemo();
    return wordCensus(fresh, this.model.lineKinds, fresh.nextVersion(this.model.text));
  }

  private static readonly WORD_CENSUS = derived<WordCensus>("wordCensus", (a) => a.countWords());
}
