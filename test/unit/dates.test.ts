import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "node:test";
import fc from "fast-check";
import { referenceDate } from "../../server/src/analysis/referenceDate";
import { resolveDate } from "../../server/src/features/dates";
import { createLanguageService, DEFAULT_SETTINGS } from "../../server/src/index";
import { findDates } from "../../server/src/model/dates";
import { CORPUS, doc, readCorpus, readSample, service } from "./helpers";

const COVER =
  "United Nations S/PV.7834\nSecurity Council\nSeventy-first year\n7834th meeting\nTuesday, 13 December 2016, 10 a.m.\nNew York\n\n";

let n = 0;
function values(text: string, uri = "file:///c/doc.txt", referenceDateSetting?: string) {
  const s = createLanguageService();
  if (referenceDateSetting) s.setReferenceDate(referenceDateSetting);
  const d = doc(text, uri.replace(/([^/]+)$/, `${++n}/$1`));
  const m = s.model(d);
  const ref = referenceDate(m, {
    glossary: s.glossary,
    ...(referenceDateSetting ? { referenceDate: referenceDateSetting } : {}),
  });
  return m.tokens.dates.map((e) => {
    const r = resolveDate(e, ref);
    return `${e.text}=${r.value || "?"}`;
  });
}

describe("dates: recognition and values", () => {
  it("reads absolute dates, times, ranges and periods", () => {
    assert.deepEqual(
      values(
        "On Tuesday, 13 December 2016 at 10.05 a.m. and on 19/12/2014, in December 2016, from 1992 to 1995, in 2013-2017 and 2013–17, in the second half of 2017, in the 1990s, in the twenty-first century and at 3 p.m. In August\n2015 we met.\n",
      ),
      [
        "Tuesday, 13 December 2016=2016-12-13",
        "10.05 a.m.=10:05",
        "19/12/2014=2014-12-19",
        "December 2016=2016-12",
        "from 1992 to 1995=1992/1995",
        "2013-2017=2013/2017",
        "2013–17=2013/2017",
        "the second half of 2017=2017-H2",
        "the 1990s=199X",
        "the twenty-first century=20XX",
        "3 p.m.=15:00",
        "August 2015=2015-08",
      ],
    );
  });

  it("reads relative expressions against the meeting's date on the cover page", () => {
    assert.deepEqual(
      values(
        `${COVER}In September this year, last year, last month, three weeks ago, today and on 3 June, in April.\n`,
      ).slice(2),
      [
        "September this year=2016-09",
        "last year=2015",
        "last month=2016-11",
        "three weeks ago=2016-W47",
        "today=2016-12-13",
        "3 June=2016-06-03",
        "April=2016-04",
      ],
    );
  });

  it("takes the reference year from a setting, or from a corpus file name, and says so", () => {
    assert.deepEqual(values("This year and last year.\n", "file:///c/AFG_50_1995.txt"), [
      "This year=1995",
      "last year=1994",
    ]);
    assert.deepEqual(values("This year, last month.\n", "file:///c/x.txt", "2020-05-04"), [
      "This year=2020",
      "last month=2020-04",
    ]);
    assert.deepEqual(values("This year.\n", "file:///c/x.txt"), ["This year=?"]);
  });

  it("reads sessions of the General Assembly", () => {
    assert.deepEqual(values("during the seventy-first session and the 54th session\n"), [
      "the seventy-first session=2016/2017",
      "the 54th session=1999/2000",
    ]);
  });

  it("leaves out titles and numbers that are not dates", () => {
    assert.deepEqual(
      values(
        "Agenda 21, 27 States, 1,344 kilometres, resolution 1373 (2001), resolutions 1514 (1960) and 2066 (1965), a 50-year-old man, 70 years old, and S/2014/123.\n",
      ),
      [],
    );
    // The year of a title names a time: `the 2030 Agenda`, `the post-2015 agenda`.
    assert.deepEqual(values("The 2030 Agenda and the post-2015 agenda.\n"), ["2030=2030", "2015=2015"]);
  });

  it("reads durations: counted, spelled, adjectival, with a half", () => {
    assert.deepEqual(
      values(
        "For five years, the past 10 years, over the last decade, the next hundred years, two and a half years, nine consecutive years, 1,100 years, a one-year term, a 10-year-long war, half a century, a decade, the past year and twenty- five days.\n",
      ),
      [
        "five years=P5Y",
        "the past 10 years=P10Y",
        "the last decade=P10Y",
        "the next hundred years=P100Y",
        "two and a half years=P2Y6M",
        "nine consecutive years=P9Y",
        "1,100 years=P1100Y",
        "one-year=P1Y",
        "10-year-long=P10Y",
        "half a century=P50Y",
        "a decade=P10Y",
        "the past year=P1Y",
        "twenty- five days=P25D",
      ],
    );
    // Times relative to another event are not durations.
    assert.deepEqual(values("Two years later, and 15 days earlier.\n"), []);
  });

  it("reads sessions by their place beside the meeting's, and only the General Assembly's", () => {
    assert.deepEqual(
      values(
        "At this session, the last session, last year's session and the Forty-eighth Session, and the forty- seventh\nsession of the Assembly, but not the sixth session of the Conference of the Parties.\n",
        "file:///c/GNB_48_1993.txt",
      ),
      [
        "this session=1993/1994",
        "the last session=1992/1993",
        "last year's session=1992/1993",
        "the Forty-eighth Session=1993/1994",
        "the forty- seventh session=1992/1993",
      ],
    );
    // Without the session in the file name, the meeting's month tells it (a session opens in September).
    assert.deepEqual(values(`${COVER}At this session.\n`).slice(-1), ["this session=2016/2017"]);
    assert.deepEqual(values("At this session.\n", "file:///c/x.txt", "2016"), ["this session=?"]);
  });

  it("reads millennia, centuries and days relative to the meeting, and day ranges", () => {
    assert.deepEqual(
      values(
        "In the third millennium, this century and the coming century, the next millennium, on 1 March next year, between 8 and 10 October and a few years ago, under resolution 425\n(1978).\n",
        "file:///c/GMB_54_1999.txt",
      ),
      [
        "the third millennium=2XXX",
        "this century=19XX",
        "the coming century=20XX",
        "the next millennium=2XXX",
        "1 March next year=2000-03-01",
        "between 8 and 10 October=1999-10-08/1999-10-10",
        "a few years ago=?",
      ],
    );
  });

  it("reads the nearest month, day or season before or after the meeting", () => {
    assert.deepEqual(
      values(
        `${COVER}Last July, last December, on 24 October last, next spring, this summer, next March, from 2007 until today.\n`,
      ).slice(2),
      [
        "Last July=2016-07",
        "last December=2015-12",
        "24 October last=2016-10-24",
        "next spring=2017-SP",
        "this summer=2016-SU",
        "next March=2017-03",
        "from 2007 until today=2007/2016",
      ],
    );
    // `1 March last year` is last year's 1 March, not the nearest one.
    assert.deepEqual(values(`${COVER}On 1 March last year.\n`).slice(-1), ["1 March last year=2015-03-01"]);
    // Seasons around the new year: in January the winter is the one that began in December.
    assert.deepEqual(
      values("Last autumn, last spring, next spring, this winter and last winter.\n", "file:///c/x.txt", "2017-01-15"),
      [
        "Last autumn=2016-FA",
        "last spring=2016-SP",
        "next spring=2017-SP",
        "this winter=2016-WI",
        "last winter=2015-WI",
      ],
    );
    // A session opens in the third week of September.
    assert.deepEqual(values("At this session.\n", "file:///c/x.txt", "2016-09-05"), ["this session=2015/2016"]);
    // With a year alone, `last July` could be either side of it: no value rather than a guess.
    assert.deepEqual(values("Last July and this spring.\n", "file:///c/AFG_50_1995.txt"), [
      "Last July=?",
      "this spring=1995-SP",
    ]);
  });

  it("reads French, Spanish and Russian dates relative to the meeting's, from the languages' data", () => {
    for (const [file, added, expected] of [
      [
        "S_PV.9001.fr.txt",
        "L'année dernière, cette année et l’an prochain, aujourd’hui, hier et le mois dernier, dans un cahier.",
        [
          "L'année dernière=2021",
          "cette année=2022",
          "l’an prochain=2023",
          "aujourd’hui=2022-04-19",
          "hier=2022-04-18",
          "le mois dernier=2022-03",
        ],
      ],
      [
        "S_PV.9001.es.txt",
        "El año pasado, este año y el próximo año, hoy y la semana pasada.",
        ["El año pasado=2021", "este año=2022", "el próximo año=2023", "hoy=2022-04-19", "la semana pasada=2022-W15"],
      ],
      [
        "S_PV.9001.ru.txt",
        "В прошлом году, в этом году и в следующем году, сегодня и вчера.",
        ["В прошлом году=2021", "в этом году=2022", "в следующем году=2023", "сегодня=2022-04-19", "вчера=2022-04-18"],
      ],
    ] as const) {
      const text = `${readSample(file)}\n${added}\n`;
      const got = values(text, `file:///c/${file}`).filter((v) => added.includes(v.split("=")[0]));
      assert.deepEqual(got, expected, file);
    }
  });

  it("reads the French, Spanish and Russian cover dates", () => {
    const s = service();
    for (const [text, value] of [
      [
        "Le Conseil de sécurité se réunit le mardi 19 avril 2022, à 10 heures, et la séance est ouverte.\n",
        "19 avril 2022=2022-04-19",
      ],
      [
        "El Consejo de Seguridad se reúne el martes 19 de abril de 2022, a las 10.00 horas, y se abre la sesión.\n",
        "19 de abril de 2022=2022-04-19",
      ],
      [
        "Совет Безопасности и мы проводим заседание во вторник, 19 апреля 2022 года, в 10 ч. 00 м.\n",
        "19 апреля 2022 года=2022-04-19",
      ],
    ] as const) {
      const m = s.model(doc(text));
      assert.ok(
        m.tokens.dates.some((e) => `${e.text}=${resolveDate(e, undefined).value}` === value),
        `${text}: ${m.tokens.dates.map((e) => e.text).join(", ")}`,
      );
    }
  });
});

describe("dates: hover, tokens and checks", () => {
  it("hovers with the ISO value, the weekday and what a relative date is read against", () => {
    const text = `${COVER}Last year we met.\n`;
    const s = service();
    const h = s.hover(doc(text), { line: 7, character: 2 })?.contents.value ?? "";
    assert.match(h, /\*\*Relative date:\*\* `2015`/);
    assert.match(h, /Read against 2016-12-13 \(the meeting's date on the cover page\)/);
    const cover = s.hover(doc(text), { line: 4, character: 12 })?.contents.value ?? "";
    assert.match(cover, /`2016-12-13` \(Tuesday\)/);
  });

  it("hovers a date inside a running header", () => {
    const text = `${COVER}Text.\nS/PV.7834 Threats to international peace and security 13/12/2016\nMore text.\n`;
    const h = service().hover(doc(text), { line: 8, character: 60 })?.contents.value ?? "";
    assert.match(h, /`2016-12-13` \(Tuesday\)/);
  });

  it("reports a weekday that does not fit, an impossible date and a page header dated otherwise", () => {
    const text = `${COVER}On Tuesday, 14 December 2016 and on 31 April 2016.\nS/PV.7834 Threats to international peace and security 14/12/2016\n`;
    const found = service()
      .diagnostics(doc(text), DEFAULT_SETTINGS)
      .diagnostics.filter((d) => d.code === "date-mismatch")
      .map((d) => d.message);
    assert.deepEqual(found, [
      "14 December 2016 was a Wednesday, not a Tuesday.",
      "31 April 2016 does not exist: April has 30 days in 2016.",
      "This page header is dated 14/12/2016, but the meeting was on 13/12/2016 (cover page).",
    ]);
  });

  it("finds the dates of a real record quickly and without false alarms", () => {
    const m = service().model(doc(readCorpus("ungdc", "AFG_50_1995.txt"), "file:///ungdc/AFG_50_1995.txt"));
    assert.ok(m.tokens.dates.length > 15);
    assert.ok(
      !service()
        .diagnostics(doc(readCorpus("ungdc", "AFG_50_1995.txt")))
        .diagnostics.some((d) => d.code === "date-mismatch"),
    );
  });
});

describe("dates: scanning near anchors finds what a full scan finds", () => {
  const lines = (s: string) => (offset: number) => s.slice(0, offset).split("\n").length - 1;
  it("on every corpus file and sample, in each language", () => {
    const files = readdirSync(join(CORPUS, "ungdc")).filter((f) => f.endsWith(".txt"));
    const svc = service();
    let found = 0;
    for (const f of files.slice(0, 40)) {
      const text = readCorpus("ungdc", f);
      const m = svc.model(doc(text));
      const quick = findDates(text, m.profile, [], lines(text));
      assert.deepEqual(quick, findDates(text, m.profile, [], lines(text), true), f);
      found += quick.length;
    }
    assert.ok(found > 500, `${found} dates`);
    for (const f of ["S_PV.9001.fr.txt", "S_PV.9001.es.txt", "S_PV.9001.ru.txt"]) {
      const text = readSample(f);
      const m = svc.model(doc(text));
      assert.deepEqual(
        findDates(text, m.profile, [], lines(text)),
        findDates(text, m.profile, [], lines(text), true),
        f,
      );
    }
  });
  it("after a lone low surrogate, as after any character that is not a letter", () => {
    const text = "January\uDC00в следующем году";
    const ru = service().model(doc(readSample("S_PV.9001.ru.txt"))).profile;
    assert.equal(ru.code, "ru");
    const quick = findDates(text, ru, [], lines(text));
    assert.deepEqual(
      quick.map((d) => d.text),
      ["в следующем году"],
    );
    assert.deepEqual(quick, findDates(text, ru, [], lines(text), true));
  });
  it("on random text (property)", () => {
    const piece = fc.constantFrom(
      "in",
      "the",
      "past",
      "twenty-one",
      "years",
      "ago",
      "3",
      "June",
      "2016",
      "Tuesday,",
      "13",
      "December",
      " ",
      "  ",
      "\n",
      "\t",
      "-",
      "–",
      "1990",
      "95",
      "session",
      "seventy-first",
      "10.05",
      "a.m.",
      "noon",
      "today",
      "last",
      "September",
      "this",
      "year",
      "é",
      "mid-",
      "1990s",
      "century",
      "from",
      "to",
      "a few",
      "weeks",
      "/",
      "19/12/2014",
      "and",
      "a",
      "half",
      "consecutive",
      "twenty-",
      "five",
      "millennium",
      "between",
      "October",
      "next",
      "spring",
      "last year's",
      "the past twenty- five and a half consecutive years",
      "of",
      "second",
      "in the second half of 2017",
      "between 8 and 10 October",
      "the past 10 years",
      "the following\n        twenty-\n      seven years",
    );
    const profile = service().model(doc("The President: In 2016.")).profile;
    fc.assert(
      fc.property(
        fc.array(piece, { maxLength: 30 }),
        fc.array(fc.constantFrom(" ", ""), { maxLength: 30 }),
        (ps, gaps) => {
          const text = ps.map((p, k) => p + (gaps[k] ?? " ")).join("");
          assert.deepEqual(findDates(text, profile, [], lines(text)), findDates(text, profile, [], lines(text), true));
        },
      ),
      { numRuns: 1500 },
    );
  });
});
