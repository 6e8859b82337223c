/**
 * An email's HTML, ready for a sandboxed iframe: links open in a new tab (the iframe may open
 * pop-ups but run nothing), and the links it holds, for a list under the preview.
 */
export function emailDocument(html: string): string {
  const base = '<base target="_blank">';
  if (/<head[^>]*>/i.test(html)) return html.replace(/<head([^>]*)>/i, `<head$1>${base}`);
  return `<!doctype html><html><head>${base}<meta charset="utf-8"></head><body>${html}</body></html>`;
}

export interface EmailLink {
  readonly text: string;
  readonly href: string;
}

/** DOMParser builds an inert document: nothing in it loads or runs. */
export function emailLinks(html: string): EmailLink[] {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const links: EmailLink[] = [];
  for (const anchor of Array.from(doc.querySelectorAll('a[href]'))) {
    const href = anchor.getAttribute('href') ?? '';
    if (!/^https?:\/\//i.test(href) || links.some((link) => link.href === href)) continue;
    links.push({ text: (anchor.textContent ?? '').trim() || href, href });
  }
  return links;
}
