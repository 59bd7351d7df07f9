import { addMonths } from '@runnerly/calendar';
import { dayLabel, dayRangeLabel, longDayLabel, monthName } from './calendar.ts';
import type { Comparison, ReportContent } from './report-content.ts';
import {
  formatDistance as formatDistanceIn,
  formatDuration as formatClock,
  formatElevation,
  formatHours,
  formatPace,
  minSec,
  type Units,
} from '@runnerly/units';

/** Distances in a mail: one decimal ("123.4 km"). */
const formatDistance = (metres: number, units: Units) => formatDistanceIn(metres, units, 1);

/** The report in words and numbers, formatted for the runner: what both the HTML and the text part say. */
export interface ReportView {
  subject: string;
  /** The line mail clients show after the subject. */
  preheader: string;
  title: string;
  greeting: string;
  headline: string;
  /** Six tiles: runs, distance, moving time, average pace, elevation gain, longest run. */
  stats: Array<{ label: string; value: string }>;
  longest: string | null;
  /** With the previous month and the same month a year before; none in a month without runs. */
  comparisons: Array<{ heading: string; lines: string[] }>;
  chart: { title: string; rows: Array<{ label: string; value: string; runs: string; fraction: number }> } | null;
  bestEfforts: Array<{ name: string; time: string; pace: string; change: string | null; faster: boolean | null }>;
  /** Paragraphs for a month without runs. */
  quiet: string[] | null;
  plan: { heading: string; lines: string[]; fraction: number | null } | null;
  race: { heading: string; lines: string[] } | null;
  footnote: string;
}

const firstDayNames = { monday: 'Monday', saturday: 'Saturday', sunday: 'Sunday' } as const;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const signed = (n: number, text: string) => (n > 0 ? `+${text}` : n < 0 ? `−${text}` : text);

function distanceChange(c: Comparison, units: Units): string {
  const text = signed(c.distance_change_m, formatDistance(Math.abs(c.distance_change_m), units));
  return c.distance_change_pct === null
    ? text
    : `${text} (${signed(Math.round(c.distance_change_pct), `${Math.abs(Math.round(c.distance_change_pct))}%`)})`;
}

function comparisonLines(c: Comparison, units: Units): string[] {
  if (c.count === 0) return [`No runs in ${monthName(c.month, false)} ${c.month.slice(0, 4)}.`];
  return [
    `Distance: ${distanceChange(c, units)}`,
    `Runs: ${signed(c.count_change, String(Math.abs(c.count_change)))} (${c.count} then)`,
    `Time: ${signed(c.moving_time_change_s, formatHours(Math.abs(c.moving_time_change_s)))}`,
  ];
}

function headline(content: ReportContent): string {
  const { totals, previous, units } = content;
  const done = `${plural(totals.count, 'run')}, ${formatDistance(totals.distance_m, units)}`;
  const last = monthName(previous.month, false);
  if (previous.count === 0) return `${done}, after a quiet ${last}.`;
  const pct = previous.distance_change_pct ?? 0;
  if (Math.abs(pct) < 2.5) return `${done}: about as much as in ${last}.`;
  return `${done}: ${Math.abs(Math.round(pct))}% ${pct > 0 ? 'more' : 'less'} than in ${last}.`;
}

/** Formats a report's content in the runner's units, with the runner's first day of the week. */
export function reportView(content: ReportContent): ReportView {
  const { totals, units } = content;
  const month = monthName(content.month);
  const hasRuns = totals.count > 0;
  const maxWeek = Math.max(0, ...content.weeks.map((w) => w.distance_m));
  const nextMonth = monthName(addMonths(content.month, 1), false);
  return {
    subject: hasRuns
      ? `Your ${month} in running: ${plural(totals.count, 'run')}, ${formatDistance(totals.distance_m, units)}`
      : `Your ${month} on Runnerly`,
    preheader: hasRuns ? headline(content) : `No runs in ${month}, and that is fine.`,
    title: `Your ${month}`,
    greeting: content.name ? `Hi ${content.name},` : 'Hi,',
    headline: hasRuns ? headline(content) : `No runs in ${month}.`,
    stats: [
      { label: 'Runs', value: String(totals.count) },
      { label: 'Distance', value: formatDistance(totals.distance_m, units) },
      { label: 'Moving time', value: formatHours(totals.moving_time_s) },
      { label: 'Average pace', value: formatPace(totals.moving_time_s, totals.distance_m, units) },
      {
        label: 'Elevation gain',
        value: totals.elevation_gain_m === null ? '—' : formatElevation(totals.elevation_gain_m, units),
      },
      { label: 'Longest run', value: content.longest ? formatDistance(content.longest.distance_m, units) : '—' },
    ],
    longest: content.longest
      ? `Longest run: ${content.longest.name} on ${dayLabel(content.longest.date)}, ${formatDistance(content.longest.distance_m, units)} in ${formatClock(content.longest.moving_time_s)}.`
      : null,
    comparisons: hasRuns
      ? [content.previous, content.yearBefore].map((c) => ({
          heading: `Compared with ${monthName(c.month)}`,
          lines: comparisonLines(c, units),
        }))
      : [],
    chart: hasRuns
      ? {
          title: `Distance per week (weeks start on ${firstDayNames[content.first_day_of_week]})`,
          rows: content.weeks.map((w) => ({
            label: dayRangeLabel(w.start, w.end),
            value: formatDistance(w.distance_m, units),
            runs: plural(w.count, 'run'),
            fraction: maxWeek > 0 ? w.distance_m / maxWeek : 0,
          })),
        }
      : null,
    bestEfforts: content.bestEfforts.map((e) => {
      const diff = e.previous_month_s === null ? null : Math.round(e.elapsed_time_s - e.previous_month_s);
      return {
        name: e.name,
        time: formatClock(e.elapsed_time_s),
        pace: formatPace(e.elapsed_time_s, e.distance_m, units),
        change:
          diff === null
            ? null
            : diff === 0
              ? 'same as last month'
              : `${diff < 0 ? '−' : '+'}${minSec(Math.abs(diff))} vs last month`,
        faster: diff === null || diff === 0 ? null : diff < 0,
      };
    }),
    quiet: hasRuns
      ? null
      : [
          content.previous.count > 0
            ? `In ${monthName(content.previous.month, false)} you had ${plural(content.previous.count, 'run')}, ${formatDistance(content.previous.distance_m, units)} in all. A month off happens to every runner, and rest is part of training too.`
            : 'A month off happens to every runner, and rest is part of training too.',
          `When you feel like it, a short easy run is a fine way to start ${nextMonth}. Runs from Strava or your watch files show up here by themselves.`,
        ],
    plan: content.plan && {
      heading: `Your plan for ${content.plan.race_name}`,
      lines:
        content.plan.sessions_planned > 0
          ? [
              `${content.plan.sessions_done} of ${plural(content.plan.sessions_planned, 'planned session')} done` +
                (content.plan.sessions_partly_done ? `, ${content.plan.sessions_partly_done} partly` : '') +
                (content.plan.sessions_missed ? `, ${content.plan.sessions_missed} missed` : '') +
                ` (${content.plan.adherence_pct}%).`,
              `${formatDistance(content.plan.done_distance_m, units)} run of ${formatDistance(content.plan.planned_distance_m, units)} planned.`,
            ]
          : [`No sessions were planned in ${monthName(content.month, false)}.`],
      fraction: content.plan.adherence_pct === null ? null : Math.min(1, content.plan.adherence_pct / 100),
    },
    race: content.nextRace && {
      heading: `Next race: ${content.nextRace.name}`,
      lines: [
        [
          longDayLabel(content.nextRace.date),
          formatDistance(content.nextRace.distance_m, units),
          content.nextRace.place?.trim() || null,
        ]
          .filter(Boolean)
          .join(' · ') +
          ` (${content.nextRace.days_to_go === 0 ? 'today' : `in ${plural(content.nextRace.days_to_go, 'day')}`})`,
        ...(content.nextRace.predicted_time_s
          ? [
              `Predicted time: ${formatClock(content.nextRace.predicted_time_s)} (${formatPace(content.nextRace.predicted_time_s, content.nextRace.distance_m, units)})` +
                (content.nextRace.goal_time_s ? `, goal ${formatClock(content.nextRace.goal_time_s)}.` : '.'),
            ]
          : content.nextRace.goal_time_s
            ? [`Goal: ${formatClock(content.nextRace.goal_time_s)}.`]
            : []),
      ],
    },
    footnote: `Days and weeks as lived in ${content.time_zone}; distances in ${units === 'mi' ? 'miles' : 'kilometres'}.`,
  };
}
