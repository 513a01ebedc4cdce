import { describe, expect, it } from 'vitest';
import { jsonScript, markup, trustedHtml } from './html.js';

describe('markup templates', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const evil = `<script>alert('x')</script> & "q"`;
    expect(markup`<p title="${evil}">${evil}</p>`.value).toBe(
      '<p title="&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;</p>',
    );
  });

  it('keeps fragments as markup, joins lists, leaves out nothing-values, prints numbers', () => {
    const items = ['a<', 'b'].map((x) => markup`<li>${x}</li>`);
    expect(markup`<ul>${items}</ul>${null}${undefined}${false}${0}`.value).toBe('<ul><li>a&lt;</li><li>b</li></ul>0');
    expect(markup`${trustedHtml('<b>x</b>')}`.value).toBe('<b>x</b>');
  });

  it('writes JSON-LD that no value can break out of', () => {
    const out = jsonScript({ name: '</script><script>alert(1)</script>', s: '\u2028&' }).value;
    const inner = out.slice('<script type="application/ld+json">'.length, -'</script>'.length);
    expect(inner).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(inner)).toEqual({ name: '</script><script>alert(1)</script>', s: '\u2028&' });
  });
});
