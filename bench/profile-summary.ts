// What a V8 CPU profile (`node --cpu-prof`, or a thread of the server's with BENCH_SERVER_ARGS, see
// test/protocol/lspClient.ts) spent its time on. Without a window: the busy milliseconds of each
// quarter second, to find the part of a run to look at; with one (seconds from the profile's
// start): the functions by self and by inclusive time within it, idle time left out.
//   node --import tsx bench/profile-summary.ts FILE.cpuprofile [FROM TO]
import { readFileSync } from "node:fs";
import { busyByQuarter, type Profile, ranked, summary } from "./cpuProfile";

const [file, fromArg, toArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const ms = (us: number) => (us / 1000).toFixed(1).padStart(8);
if (fromArg === undefined) {
  console.log("busy ms per quarter second, by its start (s):");
  const quarters = [...busyByQuarter(profile)];
  console.log(quarters.map(([q, us]) => `${(q / 4).toFixed(2)}:${(us / 1000).toFixed(0)}`).join(" "));
} else {
  const from = profile.startTime + Number(fromArg) * 1e6;
  const to = toArg === undefined ? Number.POSITIVE_INFINITY : profile.startTime + Number(toArg) * 1e6;
  const { total, self, inclusive } = summary(profile, from, to);
  const idle = self.get("(idle) :0") ?? 0;
  const top = (m: Map<string, number>) =>
    ranked(m, 30)
      .map(([k, us]) => `${ms(us)} ${k}`)
      .join("\n");
  console.log(`busy ${ms(total - idle)} ms\n--- self\n${top(self)}\n--- inclusive\n${top(inclusive)}`);
}
