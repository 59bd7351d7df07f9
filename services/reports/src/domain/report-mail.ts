import type { ReportContent } from './report-content.ts';
import { colors, compiledLayout, fillLayout, type LayoutShape } from './report-layout.ts';
import { reportView, type ReportView } from './report-view.ts';
import { markup, SafeHtml } from './safe-html.ts';

export interface ReportLinks {
  /** The report's page in the dashboard. */
  reportUrl: string;
  /** The one-click unsubscribe link (the same URL as the `List-Unsubscribe` header). */
  unsubscribeUrl: string;
  /** The Account page's email preferences, when the caller has one to offer. */
  preferencesUrl?: string | undefined;
}

export interface ReportMail {
  subject: string;
  text: string;
  html: string;
}

function checkUrl(name: string, url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`${name} is not a URL`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new RangeError(`${name} is not http(s)`);
}

/**
 * A horizontal bar as two table cells (filled, then the rest of the track): what Gmail and
 * Outlook render, unlike SVG or CSS gradients; `bgcolor` for Outlook, styles for the rest.
 */
export function barCells(fraction: number, height = 14): SafeHtml {
  const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  let pct = Math.round(f * 100);
  if (f > 0 && pct === 0) pct = 1;
  if (f < 1 && pct === 100) pct = 99;
  const cell = (width: number, color: string, radius: string) =>
    markup`<td width="${width}%" height="${height}" bgcolor="${color}" style="width:${width}%;height:${height}px;background-color:${color};border-radius:${radius};font-size:1px;line-height:${height}px;mso-line-height-rule:exactly">&nbsp;</td>`;
  const cells =
    pct === 0
      ? [cell(100, colors.track, '3px')]
      : pct === 100
        ? [cell(100, colors.accent, '3px')]
        : [cell(pct, colors.accent, '3px 0 0 3px'), cell(100 - pct, colors.track, '0 3px 3px 0')];
  return markup`<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="width:100%;border-collapse:separate"><tr>${cells}</tr></table>`;
}

const lines = (items: readonly string[]) => new SafeHtml(items.map((l) => markup`${l}`.value).join('<br />'));

function chartRows(view: ReportView): SafeHtml {
  const label = `padding:5px 10px 5px 0;white-space:nowrap;color:${colors.muted};font-size:13px`;
  const value = 'padding:5px 0 5px 10px;white-space:nowrap;text-align:right;font-weight:600;font-size:13px';
  const rows = view.chart!.rows.map(
    (r) =>
      markup`<tr><td style="${label}">${r.label}</td><td style="padding:5px 0;width:100%" title="${r.runs}">${barCells(r.fraction)}</td><td style="${value}">${r.value}</td></tr>`,
  );
  return markup`${rows}`;
}

function effortRows(view: ReportView): SafeHtml {
  const cell = 'padding:4px 8px 4px 0';
  const th = (text: string, align = 'left') =>
    markup`<th style="${cell};text-align:${align};font-size:12px;font-weight:600;color:${colors.muted}">${text}</th>`;
  const head = markup`<tr>${[th('Distance'), th('Time'), th('Pace'), th('', 'right')]}</tr>`;
  const rows = view.bestEfforts.map((e) => {
    const change = `padding:4px 0;text-align:right;font-size:12px;color:${e.faster === false ? colors.slower : colors.faster}`;
    return markup`<tr><td style="${cell}">${e.name}</td><td style="${cell};font-weight:600">${e.time}</td><td style="${cell};white-space:nowrap">${e.pace}</td><td style="${change}">${e.change}</td></tr>`;
  });
  return markup`${head}${rows}`;
}

function shapeOf(view: ReportView): LayoutShape {
  return {
    hasRuns: view.chart !== null,
    hasBestEfforts: view.bestEfforts.length > 0,
    hasPlan: view.plan !== null,
    hasPlanBar: view.plan?.fraction != null,
    hasRace: view.race !== null,
  };
}

/** The plain-text part: the same report, readable in a terminal. */
export function reportText(view: ReportView, links: ReportLinks): string {
  const out: string[] = [view.title.toUpperCase(), '', view.greeting, '', view.headline, ''];
  if (view.quiet) out.push(...view.quiet.flatMap((p) => [p, '']));
  else {
    const width = Math.max(...view.stats.map((s) => s.label.length));
    out.push(...view.stats.map((s) => `${s.label.padEnd(width)}  ${s.value}`), '');
    if (view.longest) out.push(view.longest, '');
  }
  if (view.chart) {
    const label = Math.max(...view.chart.rows.map((r) => r.label.length));
    const value = Math.max(...view.chart.rows.map((r) => r.value.length));
    out.push(view.chart.title, '');
    for (const r of view.chart.rows) {
      const bar = '#'.repeat(Math.round(r.fraction * 20));
      out.push(`${r.label.padEnd(label)}  ${r.value.padStart(value)}  ${bar.padEnd(20)}  ${r.runs}`);
    }
    out.push('');
  }
  if (view.bestEfforts.length) {
    out.push('Best efforts this month', '');
    for (const e of view.bestEfforts) out.push(`${e.name}: ${e.time} (${e.pace})${e.change ? `, ${e.change}` : ''}`);
    out.push('');
  }
  for (const c of view.comparisons) out.push(c.heading, ...c.lines.map((l) => `  ${l}`), '');
  if (view.plan) out.push(view.plan.heading, ...view.plan.lines.map((l) => `  ${l}`), '');
  if (view.race) out.push(view.race.heading, ...view.race.lines.map((l) => `  ${l}`), '');
  out.push(`See the full report: ${links.reportUrl}`, '', '--', view.footnote);
  out.push('You get this mail because monthly reports are on for your Runnerly account.');
  out.push(`Unsubscribe from monthly reports: ${links.unsubscribeUrl}`);
  if (links.preferencesUrl) out.push(`Email preferences: ${links.preferencesUrl}`);
  return out.join('\n') + '\n';
}

/**
 * The monthly report as a mail: subject, plain text and responsive HTML, in the runner's units.
 * Every value that comes from a runner (their name, run names, race and place names) is escaped.
 */
export async function renderReportMail(content: ReportContent, links: ReportLinks): Promise<ReportMail> {
  checkUrl('reportUrl', links.reportUrl);
  checkUrl('unsubscribeUrl', links.unsubscribeUrl);
  if (links.preferencesUrl !== undefined) checkUrl('preferencesUrl', links.preferencesUrl);
  const view = reportView(content);
  const layout = await compiledLayout(shapeOf(view));
  const text = (s: string) => markup`${s}`;
  const values: Record<string, SafeHtml> = {
    title: text(view.title),
    preheader: text(view.preheader),
    greeting: text(view.greeting),
    headline: text(view.headline),
    longest: text(view.longest ?? ''),
    quiet: markup`${(view.quiet ?? []).map((p) => markup`<p style="margin:0 0 12px">${p}</p>`)}`,
    footnote: text(view.footnote),
    report_url: text(links.reportUrl),
    unsubscribe_url: text(links.unsubscribeUrl),
    preferences_link: links.preferencesUrl
      ? markup` · <a href="${links.preferencesUrl}" style="color:${colors.muted}">Email preferences</a>`
      : markup``,
  };
  view.stats.forEach((s, i) => {
    values[`stat_${i}_label`] = text(s.label);
    values[`stat_${i}_value`] = text(s.value);
  });
  view.comparisons.forEach((c, i) => {
    values[`cmp_${i}_heading`] = text(c.heading);
    values[`cmp_${i}_lines`] = lines(c.lines);
  });
  if (view.chart) {
    values.chart_title = text(view.chart.title);
    values.chart_rows = chartRows(view);
  }
  if (view.bestEfforts.length) values.efforts_rows = effortRows(view);
  if (view.plan) {
    values.plan_heading = text(view.plan.heading);
    values.plan_lines = lines(view.plan.lines);
    if (view.plan.fraction !== null) values.plan_bar = markup`<tr><td>${barCells(view.plan.fraction, 10)}</td></tr>`;
  }
  if (view.race) {
    values.race_heading = text(view.race.heading);
    values.race_lines = lines(view.race.lines);
  }
  return { subject: view.subject, text: reportText(view, links), html: fillLayout(layout, values) };
}
