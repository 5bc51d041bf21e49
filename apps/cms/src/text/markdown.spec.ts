import { describe, expect, it } from '@jest/globals';
import { excerpt, renderMarkdown } from './markdown.js';

describe('renderMarkdown', () => {
  it('renders emphasis, lists and links', () => {
    const html = renderMarkdown('**bold** and [site](https://example.org)\n\n- one\n- two');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('href="https://example.org"');
    expect(html).toContain('rel="nofollow noopener noreferrer"');
  });

  it('drops script tags, event handlers and javascript: links', () => {
    const html = renderMarkdown(
      '<script>alert(1)</script><img src=x onerror=alert(2)> [x](javascript:alert(3)) <a href="javascript:alert(4)">y</a>',
    );
    expect(html).not.toMatch(/<script|onerror|href="javascript:|<img/i);
    expect(html).toContain('>y</a>');
  });

  it('drops inline style and iframes', () => {
    const html = renderMarkdown('<p style="color:red">a</p><iframe src="https://evil"></iframe>');
    expect(html).not.toMatch(/style=|<iframe/i);
    expect(html).toContain('a');
  });
});

describe('excerpt', () => {
  it('returns plain text without markup', () => {
    expect(excerpt('# Title\n\nSome *text* <b>here</b>')).toBe('Title Some text here');
  });

  it('cuts long text on a word boundary with an ellipsis', () => {
    const out = excerpt('word '.repeat(200), 50);
    expect(out.length).toBeLessThanOrEqual(51);
    expect(out.endsWith('word…')).toBe(true);
  });

  it('keeps angle brackets as text for the template to escape', () => {
    expect(excerpt('a &lt;script&gt; b')).toBe('a <script> b');
  });
});
