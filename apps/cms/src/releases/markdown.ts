import { marked } from 'marked';
import sanitizeHtml from 'sanitize-html';

/**
 * Release descriptions are Markdown written by uploaders. marked does not sanitize, so its
 * HTML goes through sanitize-html with a small allow-list: no script, style, iframes, event
 * handlers or javascript: URLs. The result is the only HTML the templates print unescaped.
 */
const ALLOWED: sanitizeHtml.IOptions = {
  allowedTags: [
    'p',
    'br',
    'hr',
    'h1',
    'h2',
    'h3',
    'h4',
    'h5',
    'h6',
    'strong',
    'em',
    'del',
    'code',
    'pre',
    'blockquote',
    'ul',
    'ol',
    'li',
    'a',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
  ],
  allowedAttributes: { a: ['href', 'title', 'rel'], th: ['align'], td: ['align'] },
  allowedSchemes: ['http', 'https', 'magnet'],
  allowProtocolRelative: false,
  // Links in user content must not leak the page URL nor pass authority to the target.
  transformTags: {
    a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener noreferrer' }),
  },
  disallowedTagsMode: 'discard',
};

export function renderMarkdown(markdown: string): string {
  const html = marked.parse(markdown, { async: false, gfm: true, breaks: false });
  return sanitizeHtml(html, ALLOWED);
}

/** Plain-text teaser for lists: the rendered text without tags, cut on a word boundary. */
export function excerpt(markdown: string, maxChars = 240): string {
  const html = marked.parse(markdown, { async: false, gfm: true });
  const text = sanitizeHtml(html, { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
  const decoded = decodeEntities(text);
  if (decoded.length <= maxChars) return decoded;
  const cut = decoded.slice(0, maxChars);
  const lastSpace = cut.lastIndexOf(' ');
  return `${(lastSpace > maxChars / 2 ? cut.slice(0, lastSpace) : cut).trimEnd()}…`;
}

/** sanitize-html escapes text; the template escapes again, so undo the first pass. */
function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}
