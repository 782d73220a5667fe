#include "render/template_set.h"

#include <deque>
#include <fstream>
#include <kainjow/mustache.hpp>
#include <sstream>

#include "common/crypto.h"
#include "common/error.h"

namespace hearth::render {
namespace {

// The prefix that marks a TrustedHtml value. Random per process and starting
// with a control character that every form rejects, so typed or stored text
// cannot carry it.
const std::string& trusted_html_marker() {
  static const std::string marker = "\x01hearth-html-" + crypto::random_token(16) + "\x02";
  return marker;
}

// Escapes every value except those carrying the TrustedHtml marker.
std::string escape_unless_trusted(const std::string& value) {
  const auto& marker = trusted_html_marker();
  if (value.starts_with(marker)) return value.substr(marker.size());
  return kainjow::mustache::html_escape<std::string>(value);
}

}  // namespace

// ---- View -------------------------------------------------------------------

struct View::Data {
  kainjow::mustache::data value;

  // Stores `entry` under `key`, replacing any earlier value. kainjow's own
  // data::set() takes its argument by const reference and deep-copies it (a
  // nested view or list with everything in it, again at every level of
  // nesting); operator[] plus a move assignment hands the value over instead.
  void put(std::string_view key, kainjow::mustache::data&& entry) {
    value[std::string(key)] = std::move(entry);
  }
};

View::View() : data_(std::make_unique<Data>()) {}
View::~View() = default;
View::View(View&&) noexcept = default;
View& View::operator=(View&&) noexcept = default;
View::View(const View& other) : data_(std::make_unique<Data>(*other.data_)) {}
View& View::operator=(const View& other) {
  if (this != &other) data_ = std::make_unique<Data>(*other.data_);
  return *this;
}

View& View::set(std::string_view key, std::string_view value) {
  if (value.empty()) {
    // kainjow treats "" as true in sections; absent keys are false.
    data_->put(key, kainjow::mustache::data(kainjow::mustache::data::type::bool_false));
    return *this;
  }
  data_->put(key, kainjow::mustache::data(std::string(value)));
  return *this;
}

View& View::set(std::string_view key, bool value) {
  data_->put(key, kainjow::mustache::data(value ? kainjow::mustache::data::type::bool_true
                                                : kainjow::mustache::data::type::bool_false));
  return *this;
}

View& View::set(std::string_view key, std::int64_t value) {
  return set(key, std::string_view(std::to_string(value)));
}

View& View::set(std::string_view key, const TrustedHtml& value) {
  if (value.html().empty()) return set(key, std::string_view());
  data_->put(key, kainjow::mustache::data(trusted_html_marker() + value.html()));
  return *this;
}

View& View::set(std::string_view key, View value) {
  data_->put(key, std::move(value.data_->value));
  return *this;
}

struct ViewList::Items {
  // A deque, because growing it never moves the items: kainjow's move
  // constructor is not noexcept, so a growing vector would copy them.
  std::deque<kainjow::mustache::data> items;
};

View& View::set(std::string_view key, ViewList value) {
  // kainjow's data::push_back() deep-copies each item, and its list
  // constructor copies the vector. Its list_value() is a const reference to
  // the vector the list data allocated (not a const object), so the items are
  // moved into it instead, once, into reserved room.
  kainjow::mustache::data list(kainjow::mustache::data::type::list);
  auto& items = const_cast<kainjow::mustache::basic_list<std::string>&>(list.list_value());
  items.reserve(value.items_->items.size());
  for (auto& item : value.items_->items) items.push_back(std::move(item));
  data_->put(key, std::move(list));
  return *this;
}

ViewList::ViewList() : items_(std::make_unique<Items>()) {}
ViewList::~ViewList() = default;
ViewList::ViewList(ViewList&&) noexcept = default;
ViewList& ViewList::operator=(ViewList&&) noexcept = default;

ViewList& ViewList::push(View item) {
  items_->items.push_back(std::move(item.data_->value));
  ++size_;
  return *this;
}

// ---- TemplateSet ------------------------------------------------------------

namespace {

constexpr std::string_view kTemplatesPrefix = "templates/";
constexpr std::string_view kTemplateExtension = ".mustache";
constexpr std::string_view kPartialFolder = "layout/";
constexpr int kMaxPartialDepth = 4;

// Replaces every {{> name}} with the partial's text, recursively.
std::string expand_partials(const std::string& name, std::string_view source,
                            const std::map<std::string, std::string, std::less<>>& sources, int depth,
                            std::vector<std::string>& problems) {
  std::string out;
  std::size_t position = 0;
  while (true) {
    const auto open = source.find("{{>", position);
    if (open == std::string_view::npos) {
      out.append(source.substr(position));
      break;
    }
    const auto close = source.find("}}", open);
    if (close == std::string_view::npos) {
      problems.push_back(name + ": unterminated partial tag");
      break;
    }
    out.append(source.substr(position, open - position));
    std::string_view partial = source.substr(open + 3, close - open - 3);
    while (!partial.empty() && partial.front() == ' ') partial.remove_prefix(1);
    while (!partial.empty() && partial.back() == ' ') partial.remove_suffix(1);
    const auto found = sources.find(partial);
    if (found == sources.end() || !partial.starts_with(kPartialFolder)) {
      problems.push_back(name + ": unknown partial '" + std::string(partial) +
                         "' (partials live in layout/)");
    } else if (depth >= kMaxPartialDepth) {
      problems.push_back(name + ": partials nested too deeply");
    } else {
      out += expand_partials(name, found->second, sources, depth + 1, problems);
    }
    position = close + 2;
  }
  return out;
}

// Returns true if a tag in `source` could print a value without escaping it:
// `{{{name}}}`, `{{&name}}` (kainjow allows spaces before the `&`), or a
// set-delimiter tag `{{=<% %>=}}`, after which `<%&name%>` would pass a plain
// text search.
bool has_unescaped_output(std::string_view source) {
  for (auto open = source.find("{{"); open != std::string_view::npos; open = source.find("{{", open + 2)) {
    auto next = open + 2;
    while (next < source.size() &&
           (source[next] == ' ' || source[next] == '\t' || source[next] == '\n' || source[next] == '\r')) {
      ++next;
    }
    if (next < source.size() && (source[next] == '{' || source[next] == '&' || source[next] == '='))
      return true;
  }
  return false;
}

}  // namespace

struct TemplateSet::Compiled {
  // render() of kainjow is not const but keeps its state in a per-call
  // context; with partials expanded at load time and no lambdas it mutates
  // nothing shared, so concurrent renders are safe.
  mutable kainjow::mustache::mustache engine;
  explicit Compiled(const std::string& text) : engine(text) {
    engine.set_custom_escape(escape_unless_trusted);
  }
};

TemplateSet::TemplateSet(std::map<std::string, std::string, std::less<>> sources) {
  std::vector<std::string> problems;
  for (const auto& [name, source] : sources) {
    if (has_unescaped_output(source)) {
      problems.push_back(name + ": unescaped output ({{{, {{& or a changed delimiter {{=) is not allowed");
      continue;
    }
    // Partials are checked as part of every template that includes them.
    if (name.starts_with(kPartialFolder)) continue;
    const auto expanded = expand_partials(name, source, sources, 0, problems);
    auto compiled = std::make_unique<Compiled>(expanded);
    if (!compiled->engine.is_valid()) {
      problems.push_back(name + ": " + compiled->engine.error_message());
      continue;
    }
    templates_.emplace(name, std::move(compiled));
  }
  if (!problems.empty()) {
    std::string detail = "invalid templates:";
    for (const auto& problem : problems) detail += "\n  " + problem;
    throw Error::internal(detail);
  }
}

TemplateSet::TemplateSet(TemplateSet&&) noexcept = default;
TemplateSet::~TemplateSet() = default;

TemplateSet TemplateSet::from_embedded(std::span<const EmbeddedFile> web_files) {
  std::map<std::string, std::string, std::less<>> sources;
  for (const auto& file : web_files) {
    if (!file.path.starts_with(kTemplatesPrefix) || !file.path.ends_with(kTemplateExtension)) continue;
    auto name = file.path.substr(kTemplatesPrefix.size());
    name.remove_suffix(kTemplateExtension.size());
    sources.emplace(std::string(name), std::string(file.content));
  }
  return TemplateSet(std::move(sources));
}

TemplateSet TemplateSet::from_directory(const std::filesystem::path& web_root) {
  std::map<std::string, std::string, std::less<>> sources;
  const auto root = web_root / "templates";
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file() || entry.path().extension() != kTemplateExtension) continue;
    std::ifstream stream(entry.path(), std::ios::binary);
    std::ostringstream content;
    content << stream.rdbuf();
    auto name = std::filesystem::relative(entry.path(), root).generic_string();
    name.resize(name.size() - kTemplateExtension.size());
    sources.emplace(std::move(name), content.str());
  }
  return TemplateSet(std::move(sources));
}

std::string TemplateSet::render(std::string_view name, const View& view) const {
  const auto found = templates_.find(name);
  if (found == templates_.end()) throw Error::internal("no template named " + std::string(name));
  std::string out;
  out.reserve(16 * 1024);
  found->second->engine.render(view.data_->value, [&out](const std::string& chunk) { out += chunk; });
  return out;
}

bool TemplateSet::contains(std::string_view name) const {
  return templates_.find(name) != templates_.end();
}

std::vector<std::string> TemplateSet::names() const {
  std::vector<std::string> names;
  for (const auto& [name, compiled] : templates_) names.push_back(name);
  return names;
}

}  // namespace hearth::render
