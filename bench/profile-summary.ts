// What a V8 CPU profile (`node --cpu-prof`, or a thread of the server's with editor.ts's
// BENCH_SERVER_ARGS) spent its time on. Without a window: the busy milliseconds of each quarter
// second, to find the part of a run to look at; with one (seconds from the profile's start): the
// functions by self and by inclusive time within it, idle time left out.
//   node --import tsx bench/profile-summary.ts FILE.cpuprofile [FROM TO]
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, fromArg, toArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const windowed = fromArg !== undefined;
const from = Number(fromArg ?? 0) * 1e6;
const to = toArg === undefined ? Number.POSITIVE_INFINITY : Number(toArg) * 1e6;

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const name = (n: ProfileNode) =>
  `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").slice(-2).join("/")}`;

const quarters = new Map<number, number>();
const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let busy = 0;
let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i] ?? 0;
  // A sample stands for the time until the next one.
  const dt = profile.timeDeltas[i + 1] ?? 0;
  const node = byId.get(profile.samples[i]);
  if (!node || name(node).startsWith("(idle)")) continue;
  if (!windowed) {
    const q = Math.floor(t / 250_000);
    quarters.set(q, (quarters.get(q) ?? 0) + dt);
    continue;
  }
  if (t < from || t > to) continue;
  busy += dt;
  self.set(name(node), (self.get(name(node)) ?? 0) + dt);
  // Each function once per sample, however deep its recursion.
  const seen = new Set<string>();
  for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
    const key = name(byId.get(id) as ProfileNode);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + dt);
  }
}

const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);
const top = (m: Map<string, number>, n: number) =>
  [...m]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([key, us]) => `${ms(us)} ${key}`)
    .join("\n");
if (!windowed) {
  console.log("busy ms per quarter second, by its start (s):");
  console.log([...quarters].map(([q, us]) => `${(q / 4).toFixed(2)}:${(us / 1000).toFixed(0)}`).join(" "));
} else {
  console.log(`busy ${ms(busy)} ms\n--- self\n${top(self, 30)}\n--- inclusive\n${top(inclusive, 50)}`);
}
