#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace hearth::render {

class ViewList;

// Markup produced by a sanitising renderer (markdown::render_html), the only
// kind of HTML a page may contain that is not written in a template. A
// template prints it with a plain {{name}}; the value is marked with a secret
// per-process prefix that the escaping step recognises, so no text a person
// types can pass as markup. By convention such keys end in "_html".
class TrustedHtml {
 public:
  // `html` must come from a sanitiser whose output is safe to insert into a
  // page as is; never pass text from a request or the database here.
  static TrustedHtml from_sanitizer(std::string html) { return TrustedHtml(std::move(html)); }
  const std::string& html() const { return html_; }

 private:
  explicit TrustedHtml(std::string html) : html_(std::move(html)) {}
  std::string html_;
};

// The data a template is rendered with: an object of named values (text,
// flags, numbers, nested objects and lists). Every text value is
// HTML-escaped when rendered; there is no way to insert raw HTML.
// kainjow mustache is hidden behind this type (included by render/ only).
class View {
 public:
  View();
  ~View();
  View(View&&) noexcept;
  View& operator=(View&&) noexcept;
  View(const View&);
  View& operator=(const View&);

  // An empty text counts as absent: {{#key}} sections are skipped, {{^key}}
  // sections shown, and {{key}} renders nothing.
  View& set(std::string_view key, std::string_view value);
  View& set(std::string_view key, const std::string& value) { return set(key, std::string_view(value)); }
  View& set(std::string_view key, const char* value) { return set(key, std::string_view(value)); }
  View& set(std::string_view key, bool value);
  View& set(std::string_view key, std::int64_t value);
  View& set(std::string_view key, int value) { return set(key, static_cast<std::int64_t>(value)); }
  View& set(std::string_view key, const TrustedHtml& value);
  View& set(std::string_view key, View value);
  View& set(std::string_view key, ViewList value);

 private:
  friend class TemplateSet;
  friend class ViewList;
  struct Data;
  std::unique_ptr<Data> data_;
};

class ViewList {
 public:
  ViewList();
  ~ViewList();
  ViewList(ViewList&&) noexcept;
  ViewList& operator=(ViewList&&) noexcept;

  ViewList& push(View item);
  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

 private:
  friend class View;
  struct Items;  // the items, moved in; made into one mustache list by View::set
  std::unique_ptr<Items> items_;
  std::size_t size_ = 0;
};

}  // namespace hearth::render
