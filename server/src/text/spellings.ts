/**
 * A table of the spellings met in a text, one entry each, looked up by a slice of a line without
 * cutting that slice out: a document's word counts (the hyphenation evidence, the fused-word
 * check) look up every word of the text — 170 000 in a 1 MB record, a few thousand spellings —
 * and a Map keyed by strings cut a new string and hashed it for each. Here a spelling is hashed
 * and compared in place; a string is cut only for a spelling met the first time. Entries keep the
 * order spellings were first met, as a Map's keys do.
 */
export class SpellingTable<E> {
  /** The spellings, in the order first met, and their entries at the same index. */
  readonly spellings: string[] = [];
  readonly entries: E[] = [];
  private readonly hashes: number[] = [];
  /**
   * Open addressing: each slot holds an index into `spellings` plus one, or 0. A record of 1 MB
   * has about 11 000 spellings: the table starts large enough for most records, which spares
   * the rehashing of every spelling at each doubling (paid before the code is compiled, in a
   * fresh process).
   */
  private slots = new Int32Array(1 << 15);

  constructor(private readonly make: (spelling: string) => E) {}

  get size(): number {
    return this.spellings.length;
  }

  /** The entry of `s.slice(start, end)`, made by `make` the first time the spelling is met. */
  get(s: string, start: number, end: number): E {
    let h = 0x811c9dc5;
    for (let k = start; k < end; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
    const length = end - start;
    const mask = this.slots.length - 1;
    let at = h & mask;
    for (;;) {
      const slot = this.slots[at];
      if (slot === 0) break;
      const e = slot - 1;
      if (this.hashes[e] === h) {
        const known = this.spellings[e];
        // Compared in place by the engine (a loop of ours runs uncompiled in a fresh process).
        if (known.length === length && s.startsWith(known, start)) return this.entries[e];
      }
      at = (at + 1) & mask;
    }
    const spelling = s.slice(start, end);
    const entry = this.make(spelling);
    this.spellings.push(spelling);
    this.entries.push(entry);
    this.hashes.push(h);
    this.slots[at] = this.spellings.length;
    if (this.spellings.length * 2 > this.slots.length) this.grow();
    return entry;
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let e = 0; e < this.hashes.length; e++) {
      let at = this.hashes[e] & mask;
      while (slots[at] !== 0) at = (at + 1) & mask;
      slots[at] = e + 1;
    }
    this.slots = slots;
  }
}
