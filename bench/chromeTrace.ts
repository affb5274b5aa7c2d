// An event of Chromium's trace (the Trace Event Format's JSON, as Tracing.start records it), as
// bench/pdf-view-trace.ts and bench/pdf-view-cpu.ts read it.

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
