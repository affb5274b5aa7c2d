// How many cases a property test of the incremental analysis tries, and from which seed. As
// written, a fixed seed: CI's runs are the same each time. With VERBATIM_SOAK=N, a soak by hand:
// N times as many cases from a fresh random seed (fast-check prints the seed and the failing case's
// path with any failure, to replay it), e.g.
//   VERBATIM_SOAK=20 node --import tsx --test test/unit/incremental.test.ts

export function propertyRuns(numRuns: number, seed?: number): { numRuns: number; seed?: number } {
  const soak = Number(process.env.VERBATIM_SOAK);
  if (!(soak > 0)) return seed === undefined ? { numRuns } : { numRuns, seed };
  return { numRuns: Math.ceil(numRuns * soak), seed: Math.floor(Math.random() * 2 ** 31) };
}
