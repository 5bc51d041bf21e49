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

/**
 * Rendering Markdown and sanitizing it costs more than the rest of a list page, and the same
 * descriptions are shown again and again: keep the last results, bounded (a Map keeps
 * insertion order, so the oldest entry is the first key).
 */
const MEMO_LIMIT = 500;
const rendered = new Map<string, string>();
const excerpts = new Map<string, string>();

function memo(cache: Map<string, string>, key: string, compute: () => string): string {
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(key, value);
  return value;
}

export function renderMarkdown(markdown: string): string {
  return memo(rendered, markdown, () =>
    sanitizeHtml(marked.parse(markdown, { async: false, gfm: true, breaks: false }), ALLOWED),
  );
}

/** Plain-text teaser for lists: the rendered text without tags, cut on a word boundary. */
export function excerpt(markdown: string, maxChars = 240): string {
  return memo(excerpts, `${maxChars}:${markdown}`, () => computeExcerpt(markdown, maxChars));
}

function computeExcerpt(markdown: string, maxChars: number): string {
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
