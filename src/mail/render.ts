export interface RenderedEmail {
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export interface EmailBody {
  readonly subject: string;
  /** Plain paragraphs; escaped in HTML. */
  readonly paragraphs: readonly string[];
  /** A personal or organization note, shown set apart and escaped. */
  readonly quotes?: readonly { readonly label: string; readonly text: string }[];
  readonly action: { readonly label: string; readonly url: string };
  readonly footer: string;
}

/**
 * One layout for every email: an HTML part and a plain-text part carrying the same words
 * and the same working link.
 */
export function renderEmail(body: EmailBody): RenderedEmail {
  const quotes = (body.quotes ?? []).filter((q) => q.text.trim() !== '');
  const html = [
    '<!doctype html><html><body style="margin:0;padding:24px;background:#f5f6f8;font-family:Arial,Helvetica,sans-serif;color:#1f2933">',
    '<table role="presentation" width="100%" style="max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px">',
    '<tr><td>',
    ...body.paragraphs.map((p) => `<p style="font-size:15px;line-height:1.5">${escapeHtml(p)}</p>`),
    ...quotes.map(
      (q) =>
        `<p style="font-size:13px;color:#52606d;margin-bottom:4px">${escapeHtml(q.label)}</p>` +
        `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #3b82f6;white-space:pre-wrap">${escapeHtml(q.text)}</blockquote>`,
    ),
    `<p style="margin:24px 0"><a href="${escapeHtml(body.action.url)}" style="background:#2563eb;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(body.action.label)}</a></p>`,
    `<p style="font-size:13px;color:#52606d">If the button does not work, open this link: <a href="${escapeHtml(body.action.url)}">${escapeHtml(body.action.url)}</a></p>`,
    `<p style="font-size:12px;color:#7b8794">${escapeHtml(body.footer)}</p>`,
    '</td></tr></table></body></html>',
  ].join('\n');
  const text = [
    ...body.paragraphs,
    ...quotes.map((q) => `${q.label}\n${q.text.replace(/^/gm, '> ')}`),
    `${body.action.label}: ${body.action.url}`,
    body.footer,
  ].join('\n\n');
  return { subject: body.subject, html, text: `${text}\n` };
}

/**
 * The HTML and text of a stored email: as written, or rendered from its words (bulk mail keeps
 * only those); null when it holds neither (delivered over SMTP, whose bodies are not kept).
 */
export function storedEmailParts(email: {
  readonly html: string | null;
  readonly text: string | null;
  readonly body: EmailBody | null;
}): { readonly html: string; readonly text: string } | null {
  if (email.html !== null && email.text !== null) return { html: email.html, text: email.text };
  return email.body ? renderEmail(email.body) : null;
}
