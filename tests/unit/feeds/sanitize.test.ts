import { htmlToText, sanitizeFeedHtml, textToHtml, truncateText } from "~/modules/feeds/sanitize";

const BASE = "https://news.acme.example/blog/";

describe("sanitizeFeedHtml", () => {
  it("removes scripts and styles with their content", () => {
    const html = sanitizeFeedHtml(`<p>Hi</p><script>steal(document.cookie)</script><style>body{display:none}</style><noscript>x</noscript>`, BASE);
    expect(html).toBe("<p>Hi</p>");
  });

  it("removes every event handler, style and class attribute", () => {
    const html = sanitizeFeedHtml(`<p onclick="a()" onmouseover="b()" style="color:red" class="x">Text <b onfocus="c()">bold</b></p><img src="/a.jpg" width="600" height="300" onerror="d()" onload="e()">`, BASE);
    expect(html).toBe('<p>Text <b>bold</b></p><img src="https://news.acme.example/a.jpg" width="600" height="300" />');
    expect(html).not.toMatch(/\bon\w+=|style=|class=/);
  });

  it("removes javascript:, data: and vbscript: URLs, however they are disguised", () => {
    const html = sanitizeFeedHtml(
      `<a href="javascript:alert(1)">a</a><a href="JaVaScRiPt:alert(2)">b</a><a href="java&#x09;script:alert(3)">c</a><a href="data:text/html;base64,PHNjcmlwdD4=">d</a><a href="vbscript:x">e</a><img src="data:image/png;base64,iVBOR" width="50" height="50">`,
      BASE,
    );
    expect(html).not.toMatch(/javascript|data:|vbscript/i);
    expect(html).not.toMatch(/<img/);
  });

  it("drops iframes, forms, objects, embeds, SVG and MathML, and the URL attributes they could carry", () => {
    const html = sanitizeFeedHtml(
      `<iframe src="https://ads.example/"></iframe><form action="javascript:1"><input name="p"><button formaction="javascript:2">Go</button></form><object data="x.swf"></object><embed src="x.swf"><svg onload="x()"><script>1</script></svg><math><mi xlink:href="javascript:3">x</mi></math><video poster="javascript:4"></video><a ping="https://t.example/" href="/ok">ok</a><xmp><img src=x onerror=alert(1)></xmp>`,
      BASE,
    );
    expect(html).toBe('<a href="https://news.acme.example/ok" rel="noopener noreferrer nofollow">ok</a>');
  });

  it("drops tracking pixels: 1×1 images, invisible images and known beacons", () => {
    const html = sanitizeFeedHtml(
      `<img src="https://pixel.example/a.gif" width="1" height="1"><img src="https://pixel.example/b.gif" height="0"><img src="https://x.example/c.png" style="width:1px;height:1px"><img src="https://feeds.feedburner.com/~r/acme/~4/abc"><img src="https://stats.wordpress.com/b.gif?x=1"><img src="https://cdn.acme.example/open.gif"><img src="https://cdn.acme.example/photo.jpg" alt="Team">`,
      BASE,
    );
    expect(html).toBe('<img src="https://cdn.acme.example/photo.jpg" alt="Team" />');
  });

  it("makes relative links absolute against the base and gives every link rel=noopener noreferrer nofollow", () => {
    const html = sanitizeFeedHtml(`<a href="../about" rel="opener" target="_top">About</a> <a href="//cdn.example/x">CDN</a> <a href="mailto:hr@acme.example">Mail</a>`, BASE);
    expect(html).toBe(
      '<a href="https://news.acme.example/about" rel="noopener noreferrer nofollow">About</a> <a href="https://cdn.example/x" rel="noopener noreferrer nofollow">CDN</a> <a href="mailto:hr@acme.example" rel="noopener noreferrer nofollow">Mail</a>',
    );
  });

  it("keeps text structure and turns a feed's h1 into h2", () => {
    expect(sanitizeFeedHtml(`<h1>Title</h1><div><ul><li>One</li></ul><blockquote>Q</blockquote></div>`, BASE)).toBe("<h2>Title</h2><ul><li>One</li></ul><blockquote>Q</blockquote>");
  });
});

describe("plain text", () => {
  it("is the HTML's text with entities decoded, blocks kept apart and scripts gone", () => {
    expect(htmlToText(`<p>Caf&eacute; &amp; b&#228;ckerei&nbsp;&#8212; open</p><p>Second<script>alert(1)</script></p><br>third`)).toBe("Café & bäckerei — open Second third");
  });

  it("is cut at a word with an ellipsis, never inside a character", () => {
    expect(truncateText("The quick brown fox jumps over the lazy dog", 20)).toBe("The quick brown…");
    expect(truncateText("short", 20)).toBe("short");
    const emoji = "👩‍👩‍👧‍👦".repeat(10);
    const cut = truncateText(emoji, 5);
    expect([...new Intl.Segmenter().segment(cut)].map((s) => s.segment)).toEqual(["👩‍👩‍👧‍👦", "👩‍👩‍👧‍👦", "👩‍👩‍👧‍👦", "👩‍👩‍👧‍👦", "…"]);
  });

  it("becomes escaped paragraphs as HTML", () => {
    expect(textToHtml("A <b> & c\nline two\n\nSecond")).toBe("<p>A &lt;b&gt; &amp; c<br />line two</p><p>Second</p>");
  });
});
