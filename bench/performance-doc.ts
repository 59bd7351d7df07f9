// Writes the latest figures of `npm run bench` into docs/performance.md, between its markers,
// leaving the rest of the page as written.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../docs/performance.md', import.meta.url);
const start = '<!-- bench:start -->';
const end = '<!-- bench:end -->';

/** A section of the run after the HTTP scenarios: its title and the lines it printed. */
export interface BenchSection {
  title: string;
  lines: string[];
}

export function writePerformanceDoc(machine: string, table: string, sections: BenchSection[] = []): void {
  const page = readFileSync(file, 'utf8');
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has no ${start} … ${end} section`);
  const rest = sections
    .map((s) => `\n**${s.title.replace(/:$/, '')}**\n\n\`\`\`\n${s.lines.join('\n')}\n\`\`\`\n`)
    .join('');
  const body = `${start}\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${table}\n${rest}${end}`;
  writeFileSync(file, page.slice(0, from) + body + page.slice(to + end.length));
}
