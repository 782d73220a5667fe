#pragma once

#include <string>
#include <string_view>

// Markdown for posts and replies, rendered by libcmark-gfm (the only folder
// that includes its headers). Safe by construction: raw HTML is shown as the
// text it is (escaped, never interpreted), links and autolinks are kept only
// for http, https and mailto URLs (others become their text), every link has
// rel="nofollow noopener noreferrer", images are shown as links to their
// http(s) URL (or as their alt text), never loaded.
//
// For staff who write as in a chat: a single newline is a line break;
// headings move two levels down (`#` is <h3>, the deepest <h6>) so that they
// stay below the page's own; the GFM autolink extension is on (www.example.org
// links to http://www.example.org, as on GitHub); strikethrough needs `~~`
// ("~2 hours" stays as written); tables, task lists and footnotes are off.
//
// Cost: linear for ordinary text, but Debian 12's cmark-gfm (0.29.0.gfm.6)
// has known superlinear inputs (several fixed upstream from 0.29.0.gfm.7 on),
// the worst found being many `<?` without `?>`: about 0.1 s for 20 KB and 2 s
// for 100 KB. Parsing holds a process-wide lock, because that cmark-gfm is not
// re-entrant. So keep post length limits modest, and prefer storing the HTML
// over rendering on every view. No input exhausts the stack.
namespace hearth::markdown {

// Renders CommonMark `source` (valid UTF-8, already length-checked by the
// caller) as an HTML fragment safe to insert into a page without further
// escaping. Never throws for any input; thread-safe.
std::string render_html(std::string_view source);

// The text of `source` without Markdown syntax, for excerpts and search
// snippets (still to be escaped by the caller, like any text).
std::string plain_text(std::string_view source);

}  // namespace hearth::markdown
