// A V8 CPU profile (`node --cpu-prof`) read back: the functions' self and inclusive time over a
// window of its samples. Shared by bench/server-profile.ts and bench/profile-summary.ts.

export interface Profile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }[];
  /** V8's monotonic clock (µs), as `process.hrtime` reads it. */
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** The label of a function: its name, file and line ("(idle) :0" for idle time). */
export type FunctionLabel = string;

/**
 * Self and inclusive time (µs) per function over the samples taken in [from, to] (µs, V8's
 * clock), idle time included under "(idle) :0"; `total` is the window's sampled time.
 */
export function summary(profile: Profile, from: number, to: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id: number): FunctionLabel => {
    const f = byId.get(id)?.callFrame;
    return f ? `${f.functionName || "(anonymous)"} ${f.url.split("/").at(-1)}:${f.lineNumber + 1}` : "?";
  };
  const self = new Map<FunctionLabel, number>();
  const inclusive = new Map<FunctionLabel, number>();
  let t = profile.startTime;
  let total = 0;
  profile.samples.forEach((id, k) => {
    t += profile.timeDeltas[k];
    if (t < from || t > to) return;
    const dt = profile.timeDeltas[k];
    total += dt;
    self.set(name(id), (self.get(name(id)) ?? 0) + dt);
    // Each function once per sample, however deep its recursion.
    const seen = new Set<FunctionLabel>();
    for (let x: number | undefined = id; x !== undefined; x = parent.get(x)) seen.add(name(x));
    for (const s of seen) inclusive.set(s, (inclusive.get(s) ?? 0) + dt);
  });
  return { total, self, inclusive };
}

/** The `n` functions with the most time in `times` (a `summary` map), idle and root time left out. */
export function ranked(times: ReadonlyMap<FunctionLabel, number>, n: number): [FunctionLabel, number][] {
  return [...times]
    .filter(([k]) => k !== "(idle) :0" && k !== "(root) :0")
    .sort((a, b) => b[1] - a[1])
    .slice(0, n);
}

/** The busy (not idle) time of each quarter second of the profile (µs), by the quarter's index. */
export function busyByQuarter(profile: Profile): Map<number, number> {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === "(idle)").map((n) => n.id));
  const quarters = new Map<number, number>();
  let t = 0;
  profile.samples.forEach((id, k) => {
    t += profile.timeDeltas[k];
    if (idle.has(id)) return;
    const q = Math.floor(t / 250_000);
    quarters.set(q, (quarters.get(q) ?? 0) + profile.timeDeltas[k]);
  });
  return quarters;
}
