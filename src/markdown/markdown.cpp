#include "markdown/markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <cmark-gfm.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace hearth::markdown {
namespace {

// Parse options. Invalid UTF-8 (the caller should have rejected it, but the
// renderer must be safe for any bytes) becomes U+FFFD. Strikethrough needs
// `~~`: staff write "~5 min" and "~2 to ~3 hours" for "about", which single
// tildes would strike through.
constexpr int kParseOptions = CMARK_OPT_VALIDATE_UTF8 | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;

// Render options. Safe mode (the default of cmark-gfm; CMARK_OPT_SAFE only
// documents it) is a second line of defence: the AST pass below already turns
// raw HTML into text and removes every link that is not http, https or mailto.
// Hard breaks: staff write like in a chat, so a single newline inside a
// paragraph is a line break, not a space.
constexpr int kRenderOptions = CMARK_OPT_SAFE | CMARK_OPT_HARDBREAKS;

// Headings in a post sit below the page's own <h1> and <h2>: `#` becomes
// <h3>, `##` <h4>, and everything deeper <h6>.
constexpr int kHeadingShift = 2;
constexpr int kDeepestHeading = 6;

// Every link gets rel="nofollow noopener noreferrer". The page's
// Referrer-Policy (same-origin) already keeps the address of a group's page
// from the sites its posts link to; noreferrer keeps it so should a proxy or a
// later change weaken that policy. cmark has no option for rel, so the output
// is rewritten: its HTML renderer writes every link as `<a href="`, and
// nothing else in the output can contain that text, because raw HTML has
// become text and all text is escaped (`<` becomes `&lt;`).
constexpr std::string_view kRendererLinkStart = "<a href=\"";
constexpr std::string_view kSafeLinkStart = "<a rel=\"nofollow noopener noreferrer\" href=\"";

struct ParserDeleter {
  void operator()(cmark_parser* parser) const { cmark_parser_free(parser); }
};
struct NodeDeleter {
  void operator()(cmark_node* node) const { cmark_node_free(node); }
};
struct IterDeleter {
  void operator()(cmark_iter* iter) const { cmark_iter_free(iter); }
};
// Memory returned by cmark_render_html comes from cmark's default allocator.
struct CmarkStringDeleter {
  void operator()(char* text) const { cmark_get_default_mem_allocator()->free(text); }
};
using ParserPtr = std::unique_ptr<cmark_parser, ParserDeleter>;
using NodePtr = std::unique_ptr<cmark_node, NodeDeleter>;
using IterPtr = std::unique_ptr<cmark_iter, IterDeleter>;
using CmarkStringPtr = std::unique_ptr<char, CmarkStringDeleter>;

// The GFM extensions, looked up once after the core extensions are registered
// (registration is not thread-safe in cmark-gfm).
struct Extensions {
  cmark_syntax_extension* autolink = nullptr;
  cmark_syntax_extension* strikethrough = nullptr;
};

const Extensions& extensions() {
  static std::once_flag once;
  static Extensions found;
  std::call_once(once, [] {
    cmark_gfm_core_extensions_ensure_registered();
    found.autolink = cmark_find_syntax_extension("autolink");
    found.strikethrough = cmark_find_syntax_extension("strikethrough");
  });
  return found;
}

// cmark-gfm 0.29 keeps the table of special inline characters in a global that
// every parser with extensions adds to and removes from while it finishes a
// document (cmark_manage_extensions_special_characters), so two parsers must
// never run at the same time. Rendering and walking a finished tree touch no
// shared state and run outside the lock.
std::mutex parse_mutex;

// A parsed document: the tree and the parser that knows its extensions.
class Document {
 public:
  explicit Document(std::string_view source) {
    const Extensions& found = extensions();
    const std::lock_guard lock(parse_mutex);
    parser_.reset(cmark_parser_new(kParseOptions));
    if (found.autolink != nullptr) cmark_parser_attach_syntax_extension(parser_.get(), found.autolink);
    if (found.strikethrough != nullptr) {
      cmark_parser_attach_syntax_extension(parser_.get(), found.strikethrough);
    }
    cmark_parser_feed(parser_.get(), source.data(), source.size());
    root_.reset(cmark_parser_finish(parser_.get()));
  }

  cmark_node* root() const { return root_.get(); }
  cmark_llist* syntax_extensions() const { return cmark_parser_get_syntax_extensions(parser_.get()); }

 private:
  ParserPtr parser_;  // declared first: outlives the tree, which it does not own
  NodePtr root_;
};

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  return std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
    const auto lower = [](char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(a) == lower(b);
  });
}

// True if `url` (as cmark stores it: entities and backslash escapes already
// decoded) may be the target of a link: http://, https:// or, unless
// `web_only`, mailto:, with something after the scheme and no control
// characters anywhere (browsers drop tabs and newlines from URLs, which is how
// "java&#x09;script:" would otherwise sneak through a naive check).
bool is_allowed_url(std::string_view url, bool web_only) {
  for (const char c : url) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return false;
  }
  for (const std::string_view scheme : {std::string_view("http://"), std::string_view("https://")}) {
    if (starts_with_ignoring_case(url, scheme)) return url.size() > scheme.size();
  }
  constexpr std::string_view kMailto = "mailto:";
  return !web_only && starts_with_ignoring_case(url, kMailto) && url.size() > kMailto.size();
}

std::string_view url_of(cmark_node* node) {
  const char* url = cmark_node_get_url(node);
  return url == nullptr ? std::string_view() : std::string_view(url);
}

// Makes a text node holding `literal`.
NodePtr make_text(std::string_view literal) {
  NodePtr text(cmark_node_new(CMARK_NODE_TEXT));
  const std::string copy(literal);
  cmark_node_set_literal(text.get(), copy.c_str());
  return text;
}

// Hands `child` to the tree as the last child of `parent`. cmark refuses only
// a child that cannot live there, which these callers never offer; such a
// child would be freed.
void append_child(cmark_node* parent, NodePtr child) {
  cmark_node* node = child.release();
  if (cmark_node_append_child(parent, node) == 0) cmark_node_free(node);
}

// Replaces `node` by its children (a link by its text, an image by its alt
// text), then frees it. A child that cmark refuses to move is dropped, so the
// loop always ends.
void unwrap(cmark_node* node) {
  while (cmark_node* child = cmark_node_first_child(node)) {
    if (cmark_node_insert_before(node, child) == 0) cmark_node_free(child);
  }
  cmark_node_free(node);
}

// Gives a link without text its URL as text, so that no link is invisible.
void ensure_link_text(cmark_node* link) {
  if (cmark_node_first_child(link) == nullptr) append_child(link, make_text(url_of(link)));
}

// Turns an image whose URL is allowed into a link to that URL with the alt
// text as its text: images are never loaded.
void image_to_link(cmark_node* image) {
  NodePtr new_link(cmark_node_new(CMARK_NODE_LINK));
  const std::string url(url_of(image));
  cmark_node_set_url(new_link.get(), url.c_str());
  const char* title = cmark_node_get_title(image);
  cmark_node_set_title(new_link.get(), title == nullptr ? "" : title);
  cmark_node* link = new_link.release();
  if (cmark_node_insert_before(image, link) == 0) {
    // Cannot happen (a link fits wherever an image does); keep the alt text.
    cmark_node_free(link);
    unwrap(image);
    return;
  }
  while (cmark_node* child = cmark_node_first_child(image)) {
    if (cmark_node_append_child(link, child) == 0) cmark_node_free(child);
  }
  ensure_link_text(link);
  cmark_node_free(image);
}

// Puts `replacement` where `node` is and frees `node`. cmark refuses only a
// replacement that cannot live there, which these callers never offer; then
// both are freed.
void replace_node(cmark_node* node, NodePtr replacement) {
  cmark_node* placed = replacement.release();
  if (cmark_node_replace(node, placed) == 0) cmark_node_free(placed);
  cmark_node_free(node);
}

// Shows raw HTML as the text it is instead of interpreting it: inline HTML
// becomes a text node, an HTML block a paragraph of its lines (with line
// breaks, as any paragraph gets).
void raw_html_to_text(cmark_node* html) {
  const char* literal = cmark_node_get_literal(html);
  std::string_view source = literal == nullptr ? std::string_view() : std::string_view(literal);
  if (cmark_node_get_type(html) == CMARK_NODE_HTML_INLINE) {
    replace_node(html, make_text(source));
    return;
  }
  while (!source.empty() && (source.back() == '\n' || source.back() == '\r')) source.remove_suffix(1);
  NodePtr paragraph(cmark_node_new(CMARK_NODE_PARAGRAPH));
  for (bool first = true;; first = false) {
    const std::size_t end = source.find('\n');
    std::string_view line = source.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (!first) append_child(paragraph.get(), NodePtr(cmark_node_new(CMARK_NODE_SOFTBREAK)));
    append_child(paragraph.get(), make_text(line));
    if (end == std::string_view::npos) break;
    source.remove_prefix(end + 1);
  }
  replace_node(html, std::move(paragraph));
}

struct LinkLike {
  cmark_node* node;
  bool nested;  // inside another link or image
};

// Makes the tree safe to render: turns raw HTML into text, keeps links only to
// allowed URLs, turns images into links (or their alt text) and shifts
// heading levels. Walks the tree once to collect, then edits, so that the
// iterator never sees a changed tree. No recursion: any nesting depth is fine.
void sanitize(cmark_node* root) {
  std::vector<cmark_node*> raw_html;
  std::vector<cmark_node*> headings;
  std::vector<LinkLike> links;
  std::vector<LinkLike> images;
  {
    const IterPtr iter(cmark_iter_new(root));
    int link_depth = 0;  // links and images around the current node
    for (cmark_event_type event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
         event = cmark_iter_next(iter.get())) {
      cmark_node* node = cmark_iter_get_node(iter.get());
      const cmark_node_type type = cmark_node_get_type(node);
      if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE) {
        if (event == CMARK_EVENT_ENTER) {
          (type == CMARK_NODE_LINK ? links : images).push_back({node, link_depth > 0});
          ++link_depth;
        } else {
          --link_depth;
        }
      } else if (event == CMARK_EVENT_ENTER) {
        if (type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) raw_html.push_back(node);
        if (type == CMARK_NODE_HEADING) headings.push_back(node);
      }
    }
  }

  for (cmark_node* html : raw_html) raw_html_to_text(html);
  // Unwrapping moves children but frees only the node itself, so the
  // pointers collected for nested nodes stay valid. A link or image inside
  // another is always unwrapped: HTML has no nested links.
  for (const LinkLike& link : links) {
    if (link.nested || !is_allowed_url(url_of(link.node), false)) {
      unwrap(link.node);
    } else {
      ensure_link_text(link.node);
    }
  }
  for (const LinkLike& image : images) {
    if (image.nested || !is_allowed_url(url_of(image.node), true)) {
      unwrap(image.node);
    } else {
      image_to_link(image.node);
    }
  }
  for (cmark_node* heading : headings) {
    cmark_node_set_heading_level(
        heading, std::min(cmark_node_get_heading_level(heading) + kHeadingShift, kDeepestHeading));
  }
}

// Returns `html` with kRendererLinkStart replaced by kSafeLinkStart.
std::string add_link_rel(std::string_view html) {
  std::string out;
  out.reserve(html.size());
  std::size_t from = 0;
  for (std::size_t at = html.find(kRendererLinkStart); at != std::string_view::npos;
       at = html.find(kRendererLinkStart, from)) {
    out.append(html.substr(from, at - from));
    out.append(kSafeLinkStart);
    from = at + kRendererLinkStart.size();
  }
  out.append(html.substr(from));
  return out;
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

}  // namespace

std::string render_html(std::string_view source) {
  const Document document(source);
  sanitize(document.root());
  const CmarkStringPtr html(cmark_render_html(document.root(), kRenderOptions, document.syntax_extensions()));
  return html == nullptr ? std::string() : add_link_rel(html.get());
}

std::string plain_text(std::string_view source) {
  const Document document(source);
  sanitize(document.root());  // the same text as on the page: raw HTML shown, image URLs as link text
  // Text with a separator at every break and block end; runs of whitespace
  // are collapsed afterwards.
  std::string text;
  const IterPtr iter(cmark_iter_new(document.root()));
  for (cmark_event_type event = cmark_iter_next(iter.get()); event != CMARK_EVENT_DONE;
       event = cmark_iter_next(iter.get())) {
    cmark_node* node = cmark_iter_get_node(iter.get());
    const cmark_node_type type = cmark_node_get_type(node);
    // The start and the end of every block (paragraph, heading, list item,
    // code block, ...) and every line break separate words.
    if ((type & CMARK_NODE_TYPE_MASK) == CMARK_NODE_TYPE_BLOCK || type == CMARK_NODE_SOFTBREAK ||
        type == CMARK_NODE_LINEBREAK) {
      text.push_back(' ');
    }
    // Link and image URLs are left out, as on the page.
    if (event == CMARK_EVENT_ENTER &&
        (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_CODE_BLOCK)) {
      const char* literal = cmark_node_get_literal(node);
      if (literal != nullptr) text.append(literal);
    }
  }

  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (const char c : text) {
    if (is_ascii_space(c)) {
      pending_space = !out.empty();
    } else {
      if (pending_space) out.push_back(' ');
      pending_space = false;
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace hearth::markdown
