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

const heading = (title: string) => title.replace(/:$/, '');

/**
 * The table and the sections of this run replace theirs; a section this run left out
 * (`BENCH_ONLY`) keeps the figures of the run that measured it, where it was.
 */
export function writePerformanceDoc(machine: string, table: string, sections: BenchSection[] = []): void {
  const page = readFileSync(file, 'utf8');
  const from = page.indexOf(start);
  const to = page.indexOf(end);
  if (from < 0 || to < from) throw new Error(`docs/performance.md has no ${start} … ${end} section`);
  const block = (s: BenchSection) => `\n**${heading(s.title)}**\n\n\`\`\`\n${s.lines.join('\n')}\n\`\`\`\n`;
  const fresh = new Map(sections.map((s) => [heading(s.title), block(s)]));
  const blocks: string[] = [];
  for (const m of page.slice(from, to).matchAll(/\n\*\*(.+?)\*\*\n\n```\n[\s\S]*?\n```\n/g)) {
    blocks.push(fresh.get(m[1]!) ?? m[0]);
    fresh.delete(m[1]!);
  }
  blocks.push(...fresh.values());
  // The run's duration comes last, after sections a later run added.
  blocks.sort((a, b) => Number(a.startsWith('\n**Duration**')) - Number(b.startsWith('\n**Duration**')));
  const body = `${start}\nMeasured ${new Date().toISOString().slice(0, 10)} on ${machine}.\n\n${table}\n${blocks.join('')}${end}`;
  writeFileSync(file, page.slice(0, from) + body + page.slice(to + end.length));
}
