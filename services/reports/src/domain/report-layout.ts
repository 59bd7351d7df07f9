/**
 * The report's HTML layout, written in MJML (responsive, Outlook-safe tables generated for us)
 * and compiled once per shape: which optional sections a report has. A report then only fills
 * `{{token}}` places with escaped values, so rendering one costs microseconds, not MJML's
 * milliseconds. MJML is loaded on the first compile, so a process that never renders a report
 * never pays for it.
 */
import type { SafeHtml } from './safe-html.ts';

export interface LayoutShape {
  hasRuns: boolean;
  hasBestEfforts: boolean;
  hasPlan: boolean;
  hasPlanBar: boolean;
  hasRace: boolean;
}

export const colors = {
  page: '#f6f7f5',
  card: '#ffffff',
  text: '#1c2321',
  muted: '#55605b',
  accent: '#0b6e4f',
  track: '#e3e9e6',
  tile: '#eef3f0',
  faster: '#0b6e4f',
  slower: '#8a4b08',
} as const;

const fonts = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const tile = (i: number) => `
      <mj-column padding="4px" inner-background-color="${colors.tile}" inner-border-radius="6px">
        <mj-text mj-class="label">{{stat_${i}_label}}</mj-text>
        <mj-text mj-class="value" css-class="tile-value">{{stat_${i}_value}}</mj-text>
      </mj-column>`;

const tiles = (from: number) => `
    <mj-section padding="0 20px">
      <mj-group>${[from, from + 1, from + 2].map(tile).join('')}
      </mj-group>
    </mj-section>`;

/** The MJML source of one shape. */
export function layoutSource(shape: LayoutShape): string {
  return `<mjml>
  <mj-head>
    <mj-title>{{title}}</mj-title>
    <mj-preview>{{preheader}}</mj-preview>
    <mj-attributes>
      <mj-all font-family="${fonts}" />
      <mj-text font-size="15px" line-height="1.5" color="${colors.text}" padding="4px 24px" />
      <mj-section background-color="${colors.card}" padding="8px 0" />
      <mj-table font-size="14px" line-height="1.4" color="${colors.text}" padding="4px 24px" />
      <mj-class name="label" font-size="12px" line-height="1.3" color="${colors.muted}" padding="10px 12px 0" />
      <mj-class name="value" font-size="19px" line-height="1.3" font-weight="700" padding="2px 12px 10px" />
      <mj-class name="h2" font-size="17px" font-weight="700" padding="12px 24px 4px" />
    </mj-attributes>
    <mj-style>
      a { color: ${colors.accent}; }
      @media only screen and (max-width: 480px) {
        .tile-value div { font-size: 16px !important; }
      }
    </mj-style>
  </mj-head>
  <mj-body background-color="${colors.page}" width="600px">
    <mj-section padding="16px 0 0" background-color="${colors.page}"><mj-column></mj-column></mj-section>
    <mj-section background-color="${colors.accent}" padding="20px 0 16px" border-radius="8px 8px 0 0">
      <mj-column>
        <mj-text color="#ffffff" font-size="13px" letter-spacing="1px">RUNNERLY · MONTHLY REPORT</mj-text>
        <mj-text color="#ffffff" font-size="26px" font-weight="700" line-height="1.25">{{title}}</mj-text>
      </mj-column>
    </mj-section>
    <mj-section padding="16px 0 8px">
      <mj-column>
        <mj-text>{{greeting}}</mj-text>
        <mj-text font-size="18px" font-weight="600" line-height="1.4">{{headline}}</mj-text>
      </mj-column>
    </mj-section>${
      shape.hasRuns
        ? `${tiles(0)}${tiles(3)}
    <mj-section padding="4px 0">
      <mj-column><mj-text font-size="14px" color="${colors.muted}">{{longest}}</mj-text></mj-column>
    </mj-section>
    <mj-section>
      <mj-column>
        <mj-text mj-class="h2">{{chart_title}}</mj-text>
        <mj-table table-layout="auto" cellpadding="0" cellspacing="0" role="presentation">{{chart_rows}}</mj-table>
      </mj-column>
    </mj-section>`
        : `
    <mj-section>
      <mj-column><mj-text>{{quiet}}</mj-text></mj-column>
    </mj-section>`
    }${
      shape.hasBestEfforts
        ? `
    <mj-section>
      <mj-column>
        <mj-text mj-class="h2">Best efforts this month</mj-text>
        <mj-table cellpadding="0" cellspacing="0">{{efforts_rows}}</mj-table>
      </mj-column>
    </mj-section>`
        : ''
    }${
      shape.hasRuns
        ? `
    <mj-section>
      <mj-column>
        <mj-text mj-class="h2">{{cmp_0_heading}}</mj-text>
        <mj-text>{{cmp_0_lines}}</mj-text>
      </mj-column>
      <mj-column>
        <mj-text mj-class="h2">{{cmp_1_heading}}</mj-text>
        <mj-text>{{cmp_1_lines}}</mj-text>
      </mj-column>
    </mj-section>`
        : ''
    }${
      shape.hasPlan
        ? `
    <mj-section>
      <mj-column>
        <mj-text mj-class="h2">{{plan_heading}}</mj-text>
        <mj-text>{{plan_lines}}</mj-text>${
          shape.hasPlanBar
            ? `
        <mj-table cellpadding="0" cellspacing="0" role="presentation">{{plan_bar}}</mj-table>`
            : ''
        }
      </mj-column>
    </mj-section>`
        : ''
    }${
      shape.hasRace
        ? `
    <mj-section>
      <mj-column>
        <mj-text mj-class="h2">{{race_heading}}</mj-text>
        <mj-text>{{race_lines}}</mj-text>
      </mj-column>
    </mj-section>`
        : ''
    }
    <mj-section padding="16px 0 24px" border-radius="0 0 8px 8px">
      <mj-column>
        <mj-button href="{{report_url}}" background-color="${colors.accent}" color="#ffffff" font-size="16px" font-weight="600" border-radius="6px" inner-padding="12px 24px">See the full report</mj-button>
      </mj-column>
    </mj-section>
    <mj-section background-color="${colors.page}" padding="12px 0 24px">
      <mj-column>
        <mj-text font-size="12px" color="${colors.muted}" align="center">You get this mail because monthly reports are on for your Runnerly account.<br /><a href="{{unsubscribe_url}}" style="color:${colors.muted}">Unsubscribe from monthly reports</a>{{preferences_link}}</mj-text>
        <mj-text font-size="12px" color="${colors.muted}" align="center">{{footnote}}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
}

const TOKEN = /\{\{([a-z0-9_]+)\}\}/g;
const tokensOf = (text: string) => new Set([...text.matchAll(TOKEN)].map((m) => m[1]!));

const compiled = new Map<string, Promise<{ html: string; tokens: Set<string> }>>();

async function compile(shape: LayoutShape) {
  const { default: mjml2html } = await import('mjml');
  const source = layoutSource(shape);
  const compiledHtml = (await mjml2html(source, { validationLevel: 'strict', fonts: {}, keepComments: false })).html;
  // Indentation is most of MJML's output: a line break alone renders the same (HTML collapses
  // white space) and makes every mail smaller to encode and send.
  const html = compiledHtml.replace(/\n[ \t]+/g, '\n').replace(/\n{2,}/g, '\n');
  const tokens = tokensOf(html);
  const lost = [...tokensOf(source)].filter((t) => !tokens.has(t));
  if (lost.length) throw new Error(`the layout lost places in compilation: ${lost.join(', ')}`);
  return { html, tokens };
}

/** The compiled HTML of a shape (compiled once per process) and the places it has. */
export function compiledLayout(shape: LayoutShape): Promise<{ html: string; tokens: Set<string> }> {
  const key = JSON.stringify(shape);
  let done = compiled.get(key);
  if (!done) {
    done = compile(shape);
    compiled.set(key, done);
    done.catch(() => compiled.delete(key));
  }
  return done;
}

/**
 * Fills every place of a compiled layout. A place without a value is a bug and throws; values
 * are placed in one pass, so a value that looks like a place ("{{x}}" in a run name) stays text.
 */
export function fillLayout(layout: { html: string; tokens: Set<string> }, values: Record<string, SafeHtml>): string {
  const missing = [...layout.tokens].filter((t) => !(t in values));
  if (missing.length) throw new Error(`no value for ${missing.join(', ')}`);
  return layout.html.replace(TOKEN, (_, name: string) => values[name]!.value);
}
