import type { LanguageData, VotePosition } from "../data";

/** A language's data compiled once into the regular expressions the parser runs. */
export interface LanguageProfile {
  data: LanguageData;
  code: string;
  stopwords: Set<string>;
  functionWords: Set<string>;
  hyphenPrefixes: Set<string>;
  hyphenSuffixes: Set<string>;
  closedPrefixes: Set<string>;
  alwaysClosedPrefixes: Set<string>;
  boundPrefixes: Set<string>;
  boundSuffixes: Set<string>;
  shortWords: Set<string>;
  extraWords: Set<string>;
  /**
   * Cheap pre-check: does a line start like a header (a title or an office, or a name before an
   * honorific)? As one pattern would, the match its start: a title's or office's, else a name's.
   */
  headerStart: Pick<RegExp, "test" | "exec">;
  /**
   * The full header grammar, matched against one to three joined lines (`d`: each group's
   * indices): as one pattern would, its groups those of the branch that matched.
   */
  header: Pick<RegExp, "test" | "exec">;
  /**
   * The same grammar with any capitalised word as the title (`Professor Halvorsen (Norway):`)
   * and the delegation required: read only where the PDF sets the opening in bold.
   */
  boldHeader: RegExp;
  /** An office's header alone at the start of a line, up to its colon: `The President:`, `The President (spoke in French):`. */
  officeHeader: RegExp;
  /** Titles with which a header may give a name alone (`Mr. Griffiths:`). */
  nameOnlyTitles: Set<string>;
  /** Words that are an office or a title, lowercased: no name of a name-only header (`Mr. President:`). */
  officeWords: Set<string>;
  procedural: { kind: string; re: RegExp }[];
  /** Whether any of `procedural` matches: one pattern tried on every paragraph, instead of each. */
  anyProcedural: RegExp;
  /** A vote list's label at a line's start, up to its colon: `In favour:`, `Votent pour :`. */
  voteLabel: RegExp;
  /** The position of each label, by the label as written (lowercased). */
  votePositions: Map<string, VotePosition>;
  /** An empty list (`None`), alone. */
  voteNone: RegExp;
  voteTaken: RegExp;
  showOfHands: RegExp;
  recordedVote: RegExp;
  voteOutcomes: RegExp[];
  agendaHeading: RegExp;
  agendaItem: RegExp;
  boilerplateStart: RegExp;
  boilerplateEnd?: RegExp;
  period: RegExp;
  meeting: RegExp;
  organs: Set<string>;
  places: Set<string>;
  statuses: Set<string>;
  /** `Tuesday, 13 March 2018, 10 a.m.` → weekday, date, time. */
  dateLine: RegExp;
  /** `President: Mr. Oyarce . . . . (Chile)` */
  presidentLine: RegExp;
  membersLine: RegExp;
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Alternation of literal words, longest first so that `The Acting President` beats `The President`. */
export function alternation(words: readonly string[]): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => escapeRegExp(w).replace(/ /g, "[ \\u00A0]"))
    .join("|");
}

/** A space in a header: an ordinary or a no-break one. */
export const SP = "[ \\u00A0]";

/**
 * What follows a header's name: the interpretation note, which may come before the delegation
 * (`Mr. X (spoke in French) (Morocco):`), the delegation (`entity` "?": optional), a role, the
 * note, the colon. A stray colon after the name (`Mr. X: (Peru) (spoke in Spanish):`, a typing
 * slip the header-format check reports) is the header's own.
 */
export function headerTail(note: string, entity: "?" | ""): string {
  return (
    `(?:${SP}*\\((?<preNote>${note})\\)(?=${SP}*\\())?` +
    `(?:${SP}*\\((?!${note}\\))(?<entity>[^()]{1,200})\\))${entity}` +
    `(?:${SP}*,${SP}*(?<role>\\p{Lu}[^():]{0,200}?))?` +
    `(?:${SP}*\\((?<note>${note})\\))?` +
    `${SP}*:(?=\\s|$)`
  );
}

export function compileProfile(data: LanguageData): LanguageProfile {
  const titles = alternation(data.titles);
  const offices = alternation(data.offices);
  const particles = alternation(data.nameParticles);
  // A name: words led by a capital (with inner hyphens, apostrophes, initials' dots),
  // lowercase particles before and between them (`de Serpa Soares`, `bin Abdullah`), at most eight words.
  // Each \p{…} class costs V8 a look-up in Unicode's tables when the pattern is made and again when
  // it is first run (about 0.1 ms each, the header grammar a third of a short check's work), so the
  // grammar names each class as few times as it can: `(?:X)??Y` tries Y, then X followed by Y, as
  // `Y|XY` does, in the same order (test/unit/profile.test.ts matches both forms on the corpus).
  const word = "(?:\\p{Ll}{1,2}['’])??\\p{Lu}[\\p{L}\\p{M}'’.\\-]*";
  const name = `(?:(?:${particles})${SP}){0,2}${word}(?:${SP}(?:${particles})(?=${SP}))*(?:${SP}(?:(?:${particles})${SP})??${word}){0,7}`;
  const note = `(?:${data.note})`;
  const tail = (entity: "?" | "") => headerTail(note, entity);
  // An honorific after the name (`Mahmoud FAWZI Bey (Egypt):`): the name with no title before it
  // (the parser asks for its delegation).
  // Its own pattern, made and tried only for a line holding an honorific (`firstOf`): its name's
  // eight Unicode classes cost the grammar half its making.
  const afterWords = data.titlesAfter?.words ?? [];
  const after = alternation(afterWords);
  // The office's branch (`The President:`) and the title's (`Mr. Griffiths (Norway):`) as two
  // patterns (`firstOf`), the title's made when a line that is no office's header first needs it:
  // the name's Unicode classes are most of the grammar's making and first run, and a record's
  // first header is most often the President's.
  const officeBranch = `^[ \\t]*(?<office>${offices})${tail("?")}`;
  const titleBranch =
    `^[ \\t]*(?<title>${titles})${SP}+(?<name>${name})(?:${SP}*:(?=${SP}*\\((?!${note}\\))[^()]{1,200}\\)))?` +
    tail("?");
  const afterHeader = `^[ \\t]*(?<afterName>${name})${SP}+(?<afterTitle>${after})(?=${SP}*\\()${tail("?")}`;
  // Any capitalised word as a title, before a name of one to four words, and a delegation.
  const boldHeader = `^[ \\t]*(?<title>${titles}|\\p{Lu}[\\p{L}\\p{M}.'’\\-]*)${SP}+(?<name>${name})${tail("")}`;
  const weekdays = alternation(data.weekdays);
  // The patterns are made on first use (`once`): a process reads one or two languages' records,
  // and detecting the language needs only each one's stop words and the start of its headers.
  const lazy = {
    header: once(() => {
      const named = firstOf(new RegExp(officeBranch, "du"), () => new RegExp(titleBranch, "du"));
      return after ? firstOf(named, () => new RegExp(afterHeader, "du"), afterWords) : named;
    }),
    boldHeader: once(() => new RegExp(boldHeader, "du")),
    officeHeader: once(() => new RegExp(`^(?:${offices})(?:${SP}*\\((?:${note})\\))?${SP}*:`, "u")),
    officeWords: once(
      () =>
        new Set(
          [...data.titles, ...data.offices]
            .flatMap((t) => t.toLowerCase().split(/[ \u00A0]+/))
            .filter((w) => w.length > 3),
        ),
    ),
    procedural: once(() => data.procedural.map((p) => ({ kind: p.kind, re: new RegExp(p.pattern, "u") }))),
    // The patterns hold no named groups or back-references: joined, each keeps its meaning.
    anyProcedural: once(() => new RegExp(data.procedural.map((p) => `(?:${p.pattern})`).join("|"), "u")),
    voteLabel: once(
      () => new RegExp(`^[ \\t]*(?<label>${alternation(Object.values(data.votes.lists).flat())})${SP}*:`, "u"),
    ),
    votePositions: once(
      () =>
        new Map(
          Object.entries(data.votes.lists).flatMap(([position, labels]) =>
            labels.map((l) => [l.toLowerCase(), position as VotePosition] as const),
          ),
        ),
    ),
    voteNone: once(() => new RegExp(`^(?:${alternation(data.votes.none)})\\.?$`, "u")),
    voteTaken: once(() => new RegExp(data.votes.taken, "u")),
    showOfHands: once(() => new RegExp(data.votes.showOfHands, "u")),
    recordedVote: once(() => new RegExp(data.votes.recorded, "u")),
    voteOutcomes: once(() => data.votes.outcomes.map((p) => new RegExp(p, "u"))),
    agendaHeading: once(() => new RegExp(data.agendaHeading, "u")),
    agendaItem: once(() => new RegExp(data.agendaItem, "u")),
    boilerplateStart: once(() => new RegExp(data.boilerplateStart, "u")),
    period: once(() => new RegExp(data.period, "u")),
    meeting: once(() => new RegExp(data.meeting, "u")),
    dateLine: once(
      () => new RegExp(`^(?<weekday>${weekdays}),?${SP}+(?<date>[^,]{4,40}?),${SP}*(?<time>.{1,40})$`, "iu"),
    ),
    presidentLine: once(
      () =>
        new RegExp(
          `^(?<label>${alternation(data.presidentLabels)})${SP}*:${SP}*(?<name>[^(]+?)[ .\\u00A0]*\\((?<entity>[^()]+)\\)$`,
          "u",
        ),
    ),
    membersLine: once(() => new RegExp(`^(?<country>[^.]+?)${SP}*(?:\\.${SP}*){2,}(?<rep>\\S.*)$`, "u")),
  };
  return {
    data,
    code: data.language,
    stopwords: new Set(data.stopwords),
    functionWords: new Set(data.functionWords),
    hyphenPrefixes: new Set(data.hyphenPrefixes.words),
    hyphenSuffixes: new Set(data.hyphenSuffixes.words),
    closedPrefixes: new Set(data.closedPrefixes.words),
    alwaysClosedPrefixes: new Set(data.alwaysClosedPrefixes.words),
    boundPrefixes: new Set(data.boundParts.prefixes),
    boundSuffixes: new Set(data.boundParts.suffixes),
    shortWords: new Set(data.shortWords.words),
    extraWords: new Set(data.extraWords.words),
    headerStart: headerStart(offices, titles, after, afterWords),
    get header() {
      return lazy.header();
    },
    get boldHeader() {
      return lazy.boldHeader();
    },
    get officeHeader() {
      return lazy.officeHeader();
    },
    nameOnlyTitles: new Set(data.nameOnlyTitles),
    get officeWords() {
      return lazy.officeWords();
    },
    get procedural() {
      return lazy.procedural();
    },
    get anyProcedural() {
      return lazy.anyProcedural();
    },
    get voteLabel() {
      return lazy.voteLabel();
    },
    get votePositions() {
      return lazy.votePositions();
    },
    get voteNone() {
      return lazy.voteNone();
    },
    get voteTaken() {
      return lazy.voteTaken();
    },
    get showOfHands() {
      return lazy.showOfHands();
    },
    get recordedVote() {
      return lazy.recordedVote();
    },
    get voteOutcomes() {
      return lazy.voteOutcomes();
    },
    get agendaHeading() {
      return lazy.agendaHeading();
    },
    get agendaItem() {
      return lazy.agendaItem();
    },
    get boilerplateStart() {
      return lazy.boilerplateStart();
    },
    ...(data.boilerplateEnd ? { boilerplateEnd: new RegExp(data.boilerplateEnd, "u") } : {}),
    get period() {
      return lazy.period();
    },
    get meeting() {
      return lazy.meeting();
    },
    organs: new Set(data.organs),
    places: new Set(data.places),
    statuses: new Set(data.statuses),
    get dateLine() {
      return lazy.dateLine();
    },
    get presidentLine() {
      return lazy.presidentLine();
    },
    get membersLine() {
      return lazy.membersLine();
    },
  };
}

/**
 * `^[ \t]*(?:OFFICES|TITLES|NAME AFTER)(?=[ (:,])` as two patterns (`firstOf`): the titles and
 * offices, made at once (literal words), and the name before an honorific (`Mahmoud FAWZI Bey (`),
 * whose five Unicode classes cost about 0.7 ms a language, made only for a line holding one.
 */
function headerStart(
  offices: string,
  titles: string,
  after: string,
  afterWords: readonly string[],
): Pick<RegExp, "test" | "exec"> {
  const words = new RegExp(`^[ \\t]*(?:${offices}|${titles})(?=[ \\u00A0(:,])`, "u");
  if (!after) return words;
  return firstOf(
    words,
    () =>
      new RegExp(
        `^[ \\t]*\\p{Lu}[\\p{L}\\p{M}'’.\\-]*(?:${SP}+\\p{L}[\\p{L}\\p{M}'’.\\-]*){0,5}${SP}+(?:${after})(?=[ \\u00A0(:,])`,
        "u",
      ),
    afterWords,
  );
}

/**
 * A pattern `^[ \t]*(?:A|B)…` of two branches as two patterns, `first` (`^[ \t]*A…`) and `second`
 * (`^[ \t]*B…`), the second made on first use and tried only where the first found nothing (and,
 * with `words`, only on a text holding one of them: literal text every match of it holds): the
 * same match as the one pattern, which, anchored, tries its first branch, then its second (A and B
 * start with no space or tab, so the leading blanks are the same whichever matches). Its groups
 * are those of the branch that matched (the other's are absent where the one pattern had them
 * undefined). For patterns whose second branch names Unicode classes that V8 would look up in its
 * tables in every process, for lines that seldom need them.
 */
function firstOf(
  first: Pick<RegExp, "test" | "exec">,
  second: () => Pick<RegExp, "test" | "exec">,
  words?: readonly string[],
): Pick<RegExp, "test" | "exec"> {
  const made = once(second);
  // Each word's text up to its first space (a space of the data may be a no-break one in the text).
  const literals = words?.map((w) => w.split(" ")[0]);
  const holds = (text: string) => literals === undefined || literals.some((w) => text.includes(w));
  return {
    exec: (text) => first.exec(text) ?? (holds(text) ? made().exec(text) : null),
    test: (text) => first.test(text) || (holds(text) && made().test(text)),
  };
}

/** A value made on its first use, then kept. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}
