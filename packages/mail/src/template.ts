/** Escapes a value for HTML text and attribute positions. */
export function escapeHtml(value: string): string {
  return value.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

export interface MailContent {
  /** First line of the mail, e.g. "Welcome to Runnerly". */
  heading: string;
  /** Paragraphs of plain text (user values are escaped in the HTML body). */
  paragraphs: string[];
  /** The one thing to do: a button in HTML, a bare link in text. */
  action?: { label: string; url: string };
  /** Small print under everything. */
  footer?: string;
}

/**
 * Both bodies of a mail from the same content: a plain-text one that reads well in a
 * terminal, and simple inline-styled HTML (mail clients ignore style sheets).
 */
export function renderMail(content: MailContent): { text: string; html: string } {
  const text =
    [
      content.heading,
      '',
      ...content.paragraphs.flatMap((p) => [p, '']),
      ...(content.action ? [`${content.action.label}: ${content.action.url}`, ''] : []),
      ...(content.footer ? ['--', content.footer] : []),
    ]
      .join('\n')
      .trimEnd() + '\n';
  const p = (s: string) => `<p style="margin:0 0 16px;font-size:16px;line-height:1.5;color:#222">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html>',
    '<html><body style="margin:0;padding:24px;background:#f4f5f7;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:32px">',
    `<h1 style="margin:0 0 24px;font-size:22px;color:#e8590c">${escapeHtml(content.heading)}</h1>`,
    ...content.paragraphs.map(p),
    ...(content.action
      ? [
          `<p style="margin:24px 0"><a href="${escapeHtml(content.action.url)}" style="display:inline-block;padding:12px 20px;background:#e8590c;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:600">${escapeHtml(content.action.label)}</a></p>`,
          `<p style="margin:0 0 16px;font-size:13px;color:#666">Or paste this link into your browser: <br><span style="word-break:break-all">${escapeHtml(content.action.url)}</span></p>`,
        ]
      : []),
    ...(content.footer
      ? [`<p style="margin:24px 0 0;font-size:12px;color:#888">${escapeHtml(content.footer)}</p>`]
      : []),
    '</div></body></html>',
  ].join('\n');
  return { text, html };
}
