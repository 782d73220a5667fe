#include "markdown/markdown.h"

#include <catch2/catch.hpp>
#include <cstddef>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "fuzz/markdown_invariants.h"

namespace hearth::markdown {
namespace {

constexpr std::string_view kRel = R"(rel="nofollow noopener noreferrer")";

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The checks every rendering must pass, whatever the input (the fuzz target
// runs the same): only known elements and attributes, no link target other
// than http, https and mailto, balanced tags, escaped text.
void check_safe(std::string_view html) {
  INFO(html.substr(0, 400));
  CHECK(invariants::find_unsafe_html(html) == "");
}

// render_html, checked with check_safe.
std::string html_of(std::string_view source) {
  std::string html = render_html(source);
  check_safe(html);
  return html;
}

// plain_text, checked for tidy spacing.
std::string text_of(std::string_view source) {
  std::string text = plain_text(source);
  INFO(text.substr(0, 400));
  CHECK(invariants::find_untidy_text(text) == "");
  return text;
}

std::string repeated(std::string_view unit, std::size_t count) {
  std::string out;
  out.reserve(unit.size() * count);
  for (std::size_t i = 0; i < count; ++i) out.append(unit);
  return out;
}

}  // namespace

TEST_CASE("render_html renders ordinary Markdown", "[markdown]") {
  CHECK(html_of("") == "");
  CHECK(html_of("   \n\n  ") == "");
  CHECK(html_of("Hello *world*") == "<p>Hello <em>world</em></p>\n");
  CHECK(html_of("**strong** and _em_") == "<p><strong>strong</strong> and <em>em</em></p>\n");
  CHECK(html_of("- one\n- two") == "<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n");
  CHECK(html_of("3. three\n4. four") == "<ol start=\"3\">\n<li>three</li>\n<li>four</li>\n</ol>\n");
  CHECK(html_of("> quoted") == "<blockquote>\n<p>quoted</p>\n</blockquote>\n");
  CHECK(html_of("a\n\n---\n\nb") == "<p>a</p>\n<hr />\n<p>b</p>\n");
}

TEST_CASE("render_html nests emphasis correctly", "[markdown]") {
  CHECK(html_of("***both***") == "<p><em><strong>both</strong></em></p>\n");
  CHECK(html_of("_outer *inner* outer_") == "<p><em>outer <em>inner</em> outer</em></p>\n");
  CHECK(html_of("**bold _and em_**") == "<p><strong>bold <em>and em</em></strong></p>\n");
  CHECK(html_of("*unclosed **emphasis") == "<p>*unclosed **emphasis</p>\n");
}

TEST_CASE("render_html makes a single newline a line break", "[markdown]") {
  CHECK(html_of("line one\nline two") == "<p>line one<br />\nline two</p>\n");
  CHECK(html_of("para one\n\npara two") == "<p>para one</p>\n<p>para two</p>\n");
}

TEST_CASE("render_html strikes through with double tildes only", "[markdown]") {
  CHECK(html_of("~~cancelled~~") == "<p><del>cancelled</del></p>\n");
  // "~" means "about" to staff: "~2 to ~3 hours" must not be struck through.
  CHECK(html_of("~2 to ~3 hours") == "<p>~2 to ~3 hours</p>\n");
}

TEST_CASE("render_html shifts headings below the page's own", "[markdown]") {
  CHECK(html_of("# Title") == "<h3>Title</h3>\n");
  CHECK(html_of("## Sub") == "<h4>Sub</h4>\n");
  CHECK(html_of("### Three") == "<h5>Three</h5>\n");
  CHECK(html_of("#### Four") == "<h6>Four</h6>\n");
  CHECK(html_of("###### Six") == "<h6>Six</h6>\n");
  CHECK(html_of("Setext\n===") == "<h3>Setext</h3>\n");
  CHECK(html_of("Setext\n---") == "<h4>Setext</h4>\n");
  const std::string all = html_of("# a\n## b\n### c\n#### d\n##### e\n###### f");
  CHECK_FALSE(contains(all, "<h1"));
  CHECK_FALSE(contains(all, "<h2"));
}

TEST_CASE("render_html shows raw HTML as text", "[markdown]") {
  CHECK(html_of("<script>alert(1)</script>") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  CHECK(html_of("a <script>alert(1)</script> b") == "<p>a &lt;script&gt;alert(1)&lt;/script&gt; b</p>\n");
  CHECK(html_of("hi <img src=x onerror=alert(1)> there") ==
        "<p>hi &lt;img src=x onerror=alert(1)&gt; there</p>\n");
  CHECK(html_of("I felt <angry> today") == "<p>I felt &lt;angry&gt; today</p>\n");
  CHECK(html_of("<b>bold?</b>") == "<p>&lt;b&gt;bold?&lt;/b&gt;</p>\n");
  CHECK(html_of("x <!-- comment --> y") == "<p>x &lt;!-- comment --&gt; y</p>\n");
  // An HTML block becomes a paragraph of its lines; Markdown inside it stays as written.
  CHECK(html_of("<div>\n*text*\n</div>\n\nafter") ==
        "<p>&lt;div&gt;<br />\n*text*<br />\n&lt;/div&gt;</p>\n<p>after</p>\n");
  CHECK(html_of("<iframe src=\"https://example.org\"></iframe>") ==
        "<p>&lt;iframe src=&quot;https://example.org&quot;&gt;&lt;/iframe&gt;</p>\n");
  CHECK(html_of("<style>p{}</style>") == "<p>&lt;style&gt;p{}&lt;/style&gt;</p>\n");
  for (const char* input :
       {"<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<svg onload=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>", "<div onclick=\"x\">\n\nx</div>"}) {
    INFO(input);
    check_safe(html_of(input));
  }
}

TEST_CASE("render_html keeps entities as text", "[markdown]") {
  CHECK(html_of("&lt;script&gt;alert(1)&lt;/script&gt;") == "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>\n");
  CHECK(html_of("Tom &amp; Jerry") == "<p>Tom &amp; Jerry</p>\n");
  CHECK(html_of("AT&T & co") == "<p>AT&amp;T &amp; co</p>\n");
  CHECK(html_of("&copy; &#169; &#xA9;") == "<p>\xC2\xA9 \xC2\xA9 \xC2\xA9</p>\n");
  CHECK(html_of("&quot;quoted&quot;") == "<p>&quot;quoted&quot;</p>\n");
  CHECK(html_of("&bogus; &#0;") == "<p>&amp;bogus; \xEF\xBF\xBD</p>\n");
}

TEST_CASE("render_html escapes code spans and code blocks", "[markdown]") {
  CHECK(html_of("use `<b>` & `a && b`") ==
        "<p>use <code>&lt;b&gt;</code> &amp; <code>a &amp;&amp; b</code></p>\n");
  CHECK(html_of("```\n<script>alert(1)</script>\n```") ==
        "<pre><code>&lt;script&gt;alert(1)&lt;/script&gt;\n</code></pre>\n");
  CHECK(html_of("    <indented & code>") == "<pre><code>&lt;indented &amp; code&gt;\n</code></pre>\n");
  // The info string lands in an attribute: its quotes must be escaped.
  CHECK(html_of("```x\"onmouseover=alert(1)\ncode\n```") ==
        "<pre><code class=\"language-x&quot;onmouseover=alert(1)\">code\n</code></pre>\n");
}

TEST_CASE("render_html keeps http, https and mailto links, with rel", "[markdown]") {
  CHECK(html_of("[EAP](https://eap.example.org/help)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://eap.example.org/help\">EAP</a></p>\n");
  CHECK(html_of("[site](http://example.org)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"http://example.org\">site</a></p>\n");
  CHECK(html_of("[Write](mailto:wellness@example.org)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"mailto:wellness@example.org\">Write</a></p>\n");
  CHECK(html_of("[upper](HTTPS://EXAMPLE.ORG)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"HTTPS://EXAMPLE.ORG\">upper</a></p>\n");
  CHECK(html_of("[t](https://example.org \"The title\")") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org\" title=\"The "
        "title\">t</a></p>\n");
  // Reference-style links work the same way.
  CHECK(html_of("[ref]\n\n[ref]: https://example.org") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org\">ref</a></p>\n");
  // A link without text shows its URL rather than being invisible.
  CHECK(html_of("[](https://example.org)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" "
        "href=\"https://example.org\">https://example.org</a></p>\n");
}

TEST_CASE("render_html escapes quotes and markup inside link attributes", "[markdown]") {
  const std::string html = html_of("[x](http://a.example/?q=\"><script>alert(1)</script>)");
  CHECK(html ==
        "<p><a rel=\"nofollow noopener noreferrer\" "
        "href=\"http://a.example/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E\">x</a></p>\n");
  CHECK(html_of("[x](https://example.org \"t\\\"><script>\")") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org\" "
        "title=\"t&quot;&gt;&lt;script&gt;\">x</a></p>\n");
  CHECK(html_of("<https://example.org/\"onmouseover=alert(1)>") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/%22onmouseover=alert(1)\">"
        "https://example.org/&quot;onmouseover=alert(1)</a></p>\n");
}

TEST_CASE("render_html turns links to other schemes into their text", "[markdown]") {
  CHECK(html_of("[x](javascript:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](JaVaScRiPt:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](java&#x09;script:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](java&#9;script:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](&#106;avascript:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](&#x6A;&#x61;vascript&#58;alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](java\\script:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](<javascript:alert(1)>)") == "<p>x</p>\n");
  CHECK(html_of("[x](  javascript:alert(1)  )") == "<p>x</p>\n");
  CHECK(html_of("[x](vbscript:msgbox(1))") == "<p>x</p>\n");
  CHECK(html_of("[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)") == "<p>x</p>\n");
  CHECK(html_of("[x](file:///etc/passwd)") == "<p>x</p>\n");
  CHECK(html_of("[x][r]\n\n[r]: javascript:alert(1)") == "<p>x</p>\n");
  // Relative and scheme-relative URLs mean nothing in a post.
  CHECK(html_of("[group](/groups/1)") == "<p>group</p>\n");
  CHECK(html_of("[evil](//evil.example)") == "<p>evil</p>\n");
  CHECK(html_of("[bare](https://)") == "<p>bare</p>\n");
  // Emphasis inside a dropped link survives.
  CHECK(html_of("[*keep* me](javascript:alert(1))") == "<p><em>keep</em> me</p>\n");
}

TEST_CASE("render_html turns autolinks to other schemes into text", "[markdown]") {
  CHECK(html_of("<javascript:alert(1)>") == "<p>javascript:alert(1)</p>\n");
  CHECK(html_of("<JAVASCRIPT:alert(1)>") == "<p>JAVASCRIPT:alert(1)</p>\n");
  CHECK(html_of("<data:text/html,x>") == "<p>data:text/html,x</p>\n");
  CHECK(html_of("<ftp://files.example.org>") == "<p>ftp://files.example.org</p>\n");
  CHECK(html_of("bare javascript:alert(1)") == "<p>bare javascript:alert(1)</p>\n");
  const std::string html = html_of("<javascript:alert(1)> <vbscript:x> <data:,x> <file:///x>");
  CHECK_FALSE(contains(html, "<a"));
  check_safe(html);
}

TEST_CASE("render_html autolinks web and mail addresses", "[markdown]") {
  CHECK(html_of("see https://example.org.") ==
        "<p>see <a rel=\"nofollow noopener noreferrer\" "
        "href=\"https://example.org\">https://example.org</a>.</p>\n");
  // GFM makes www. addresses http://; sites that want https redirect.
  CHECK(
      html_of("www.example.org") ==
      "<p><a rel=\"nofollow noopener noreferrer\" href=\"http://www.example.org\">www.example.org</a></p>\n");
  CHECK(html_of("<https://example.org/a?b=c&d=e>") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/a?b=c&amp;d=e\">"
        "https://example.org/a?b=c&amp;d=e</a></p>\n");
  CHECK(html_of("(https://example.org/path)") ==
        "<p>(<a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/path\">"
        "https://example.org/path</a>)</p>\n");
  CHECK(html_of("mail peer.support@example.org") ==
        "<p>mail <a rel=\"nofollow noopener noreferrer\" href=\"mailto:peer.support@example.org\">"
        "peer.support@example.org</a></p>\n");
  CHECK(html_of("<mailto:eap@example.org>") ==
        "<p><a rel=\"nofollow noopener noreferrer\" "
        "href=\"mailto:eap@example.org\">mailto:eap@example.org</a></p>\n");
  CHECK(
      html_of("<eap@example.org>") ==
      "<p><a rel=\"nofollow noopener noreferrer\" href=\"mailto:eap@example.org\">eap@example.org</a></p>\n");
  // No autolinks inside code.
  CHECK(html_of("`https://example.org`") == "<p><code>https://example.org</code></p>\n");
}

TEST_CASE("render_html never loads images", "[markdown]") {
  CHECK(html_of("![a cat](https://example.org/cat.png)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/cat.png\">a cat</a></p>\n");
  CHECK(html_of("![](https://example.org/cat.png)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/cat.png\">"
        "https://example.org/cat.png</a></p>\n");
  CHECK(html_of("![cat](https://example.org/cat.png \"Title\")") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/cat.png\" "
        "title=\"Title\">cat</a></p>\n");
  CHECK(html_of("![x](javascript:alert(1))") == "<p>x</p>\n");
  CHECK(html_of("![x](data:image/png;base64,iVBORw0KGgo=)") == "<p>x</p>\n");
  CHECK(html_of("![x](cat.png)") == "<p>x</p>\n");
  CHECK(html_of("![x](mailto:a@example.org)") == "<p>x</p>\n");
  // An image inside a link becomes its alt text: HTML has no nested links.
  CHECK(html_of("[![logo](https://example.org/l.png)](https://example.org)") ==
        "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org\">logo</a></p>\n");
  CHECK(
      html_of("![outer ![inner](https://example.org/i.png)](https://example.org/o.png)") ==
      "<p><a rel=\"nofollow noopener noreferrer\" href=\"https://example.org/o.png\">outer inner</a></p>\n");
  check_safe(html_of("![x](https://example.org/x.png) ![y](javascript:alert(1)) ![z](data:,z)"));
}

TEST_CASE("render_html adds rel to every link", "[markdown]") {
  const std::string html = html_of(
      "[a](https://a.example) https://b.example <https://c.example> ![d](https://d.example/d.png) "
      "x@e.example www.f.example");
  std::size_t links = 0;
  for (std::size_t at = html.find("<a "); at != std::string::npos; at = html.find("<a ", at + 1)) {
    ++links;
    CHECK(html.compare(at, 3 + kRel.size(), "<a " + std::string(kRel)) == 0);
  }
  CHECK(links == 6);
}

TEST_CASE("render_html renders tables as text", "[markdown]") {
  const std::string html = html_of("| a | b |\n|---|---|\n| 1 | 2 |");
  CHECK_FALSE(contains(html, "<table"));
  CHECK(contains(html, "| a | b |"));
}

TEST_CASE("render_html survives very deep nesting", "[markdown]") {
  constexpr std::size_t kDepth = 50'000;
  const std::vector<std::string> inputs = {
      repeated(">", kDepth) + " deep",
      repeated("[", kDepth) + "x" + repeated("](https://example.org)", kDepth),
      repeated("[", kDepth) + "x",
      repeated("![", kDepth) + "x" + repeated("](https://example.org/i.png)", kDepth),
      repeated("*", kDepth) + "x" + repeated("*", kDepth),
      repeated("_a ", kDepth),
      repeated("- ", kDepth) + "x",
      repeated("1. ", kDepth) + "x",
      repeated("> - ", kDepth) + "x",
      repeated("`", kDepth),
      repeated("<", kDepth),
      repeated("~~", kDepth) + "x" + repeated("~~", kDepth),
      repeated("[a](", kDepth),
  };
  for (const std::string& input : inputs) {
    INFO(input.substr(0, 20));
    const std::string html = html_of(input);
    CHECK_FALSE(html.empty());
    check_safe(html);
    (void)text_of(input);
  }
  const std::string quotes = html_of(repeated(">", kDepth) + " deep");
  CHECK(contains(quotes, "<p>deep</p>"));
}

TEST_CASE("render_html copes with malformed input", "[markdown]") {
  // Invalid UTF-8 and NUL become U+FFFD.
  CHECK(html_of(std::string("a\xFF"
                            "b")) ==
        "<p>a\xEF\xBF\xBD"
        "b</p>\n");
  CHECK(html_of(std::string("a\0b", 3)) ==
        "<p>a\xEF\xBF\xBD"
        "b</p>\n");
  CHECK(html_of(std::string("\xE2\x82")) == "<p>\xEF\xBF\xBD</p>\n");
  CHECK(html_of("a\rb") == "<p>a<br />\nb</p>\n");
  CHECK(html_of("a\r\nb") == "<p>a<br />\nb</p>\n");
  for (const char* input :
       {"[",  "]",  "![", "](", "[a](", "[a](<", "<",    "<a",         "<!--",       "```", "~~~", "*",
        "**", "\\", "&",  "&#", "&#x;", "|",     "[^1]", "[^1]: note", "- [ ] task", "#",   "> ",  "1."}) {
    INFO(input);
    check_safe(html_of(input));
    (void)text_of(input);
  }
  // Footnotes are off: "[^1]: note" defines a link to the relative URL
  // "note", which becomes its text.
  CHECK(html_of("a[^1]\n\n[^1]: note") == "<p>a^1</p>\n");
  CHECK(html_of("a[^1]") == "<p>a[^1]</p>\n");
}

TEST_CASE("render_html is safe to call from many threads at once", "[markdown]") {
  const std::string input = "~~x~~ *y* https://example.org www.example.org\n\n# h";
  const std::string expected = render_html(input);
  REQUIRE(contains(expected, "<del>x</del>"));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(8, 0);
  for (std::size_t t = 0; t < mismatches.size(); ++t) {
    threads.emplace_back([&input, &expected, &mismatches, t] {
      for (int i = 0; i < 300; ++i) {
        if (render_html(input) != expected) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const int count : mismatches) CHECK(count == 0);
}

TEST_CASE("plain_text strips Markdown syntax", "[markdown]") {
  CHECK(text_of("") == "");
  CHECK(text_of("Hello *world*") == "Hello world");
  CHECK(text_of("# Title\n\nSome **bold** and _em_ text.") == "Title Some bold and em text.");
  CHECK(text_of("- one\n- two\n\n1. three") == "one two three");
  CHECK(text_of("> quoted\n> more") == "quoted more");
  CHECK(text_of("use `code` here") == "use code here");
  CHECK(text_of("```\nline 1\nline 2\n```\nafter") == "line 1 line 2 after");
  CHECK(text_of("[EAP line](https://eap.example.org) ![cat](https://example.org/c.png)") == "EAP line cat");
  CHECK(text_of("[x](javascript:alert(1))") == "x");
  CHECK(text_of("~~old~~ new") == "old new");
  CHECK(text_of("a\n\n---\n\nb") == "a b");
  CHECK(text_of("line one\nline two  \nline three\\\nfour") == "line one line two line three four");
}

TEST_CASE("plain_text collapses whitespace and decodes entities", "[markdown]") {
  CHECK(text_of("   spaced    out \t words   ") == "spaced out words");
  CHECK(text_of("\n\n\npara\n\n\n\npara\n\n") == "para para");
  CHECK(text_of("`a   b`") == "a b");
  CHECK(text_of("Tom &amp; Jerry &lt;3") == "Tom & Jerry <3");
  // Raw HTML shows as text, as on the page; the caller escapes it.
  CHECK(text_of("a <b>bold</b> move") == "a <b>bold</b> move");
  CHECK(text_of("<script>alert(1)</script>") == "<script>alert(1)</script>");
  CHECK(text_of("\\*not emphasis\\*") == "*not emphasis*");
}

}  // namespace hearth::markdown
