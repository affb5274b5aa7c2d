// An event of Chromium's trace (the Trace Event Format's JSON, as Tracing.start records it), as
// bench/pdf-view-trace.ts, bench/pdf-view-cpu.ts and bench/pdf-view-page-one.ts read it; V8's samples in it.

export interface TraceEvent {
  name: string;
  cat: string;
  /** The phase: "X" complete, "B"/"E" begin and end, "I" instant, "M" metadata… */
  ph: string;
  /** Microseconds, the trace's clock. */
  ts: number;
  dur?: number;
  /** The thread's own time (CPU) for the event, µs. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { name?: string; data?: Record<string, unknown>; beginData?: Record<string, unknown> };
}

/** A node of a V8 CPU profile, as a trace's "ProfileChunk" events carry them. */
export interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { functionName: string; url: string };
}

/** One V8 sample of a traced thread: its node, standing for the time since the sample before. */
export interface TraceSample {
  pid: number;
  tid: number;
  node: ProfileNode;
  /** The trace's clock, µs. */
  from: number;
  to: number;
}

/**
 * Every V8 sample of the trace's profiles, in each profile's order. A profile's chunks share its id
 * (by process); its start time is in its "Profile" event.
 */
export function* traceSamples(events: readonly TraceEvent[]): Generator<TraceSample> {
  const profiles = new Map<string, { pid: number; tid: number; t: number; nodes: Map<number, ProfileNode> }>();
  const chunks = events
    .filter((e) => e.name === "Profile" || e.name === "ProfileChunk")
    .sort((a, b) => a.ts - b.ts || (a.name === "Profile" ? -1 : 1));
  for (const e of chunks) {
    const key = `${e.pid}:${e.id}`;
    const data = (e.args?.data ?? {}) as {
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
    if (e.name === "Profile") {
      profiles.set(key, { pid: e.pid, tid: e.tid, t: data.startTime ?? e.ts, nodes: new Map() });
      continue;
    }
    const p = profiles.get(key);
    if (!p) continue;
    for (const node of data.cpuProfile?.nodes ?? []) p.nodes.set(node.id, node);
    const ids = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < ids.length; i++) {
      const from = p.t;
      p.t += deltas[i] ?? 0;
      const node = p.nodes.get(ids[i]);
      if (node) yield { pid: p.pid, tid: p.tid, node, from, to: p.t };
    }
  }
}
