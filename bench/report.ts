/** Prints one benchmark's figures as an aligned table. */
export function report(title: string, rows: ReadonlyArray<readonly [label: string, value: string | number, note: string]>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = rows.map(([label, value, note]) => `  ${label.padEnd(width)}  ${String(value).padStart(10)}  ${note}`);
  console.log(`\n${title}\n${lines.join('\n')}`);
}
