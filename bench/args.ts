/** The value after `--name` on the benchmark's command line, if given. */
export function option(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}
