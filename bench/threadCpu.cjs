// A preload for timing one command by thread (import12, bench/RESULTS.md):
//   THREAD_CPU_OUT=FILE node --require bench/threadCpu.cjs server/out/cli.js import FILE.pdf
// appends "MAIN threads=node:MS,…" to FILE at exit: the main thread's processor time and each other
// thread's over 20 ms (worker threads and V8's), in ms, from /proc/self/task/*/schedstat (Linux),
// read every 50 ms and at exit (a worker thread ended before the process keeps its last reading).
const fs = require("node:fs");
const { isMainThread } = require("node:worker_threads");

if (isMainThread && process.env.THREAD_CPU_OUT) {
  const seen = new Map();
  const sample = () => {
    for (const tid of fs.readdirSync("/proc/self/task")) {
      try {
        const ms = Number(fs.readFileSync(`/proc/self/task/${tid}/schedstat`, "latin1").split(" ")[0]) / 1e6;
        const comm = fs.readFileSync(`/proc/self/task/${tid}/comm`, "latin1").trim();
        const was = seen.get(tid);
        if (!was || was.ms < ms) seen.set(tid, { ms, comm });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  };
  setInterval(sample, 50).unref();
  process.on("exit", () => {
    sample();
    const main = Math.round(seen.get(String(process.pid))?.ms ?? 0);
    const others = [...seen]
      .filter(([tid, t]) => tid !== String(process.pid) && t.ms > 20)
      .map(([, t]) => `${t.comm}:${Math.round(t.ms)}`);
    fs.appendFileSync(process.env.THREAD_CPU_OUT, `${main} threads=${others.join(",")}\n`);
  });
}
