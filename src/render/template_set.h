#pragma once

#include <filesystem>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/embedded_file.h"
#include "render/view.h"

namespace hearth::render {

// Every template under web/templates/, loaded and parsed once at start-up.
// Names are paths without the extension: "home/signed_in". Templates under
// layout/ are partials: `{{> layout/head}}` is replaced by that file's text
// when the set is loaded (not at each render), so rendering never parses.
//
// Loading fails (throws hearth::Error kInternal, naming every bad file) if a
// template does not parse, uses triple mustache `{{{` or `{{&` (unescaped
// output), or names a partial that does not exist.
// Thread-safe after construction: render() may be called from any thread.
class TemplateSet {
 public:
  static TemplateSet from_embedded(std::span<const EmbeddedFile> web_files);
  static TemplateSet from_directory(const std::filesystem::path& web_root);

  TemplateSet(TemplateSet&&) noexcept;
  ~TemplateSet();

  // Throws kInternal if there is no template with that name.
  std::string render(std::string_view name, const View& view) const;

  bool contains(std::string_view name) const;
  std::vector<std::string> names() const;

 private:
  struct Compiled;
  explicit TemplateSet(std::map<std::string, std::string, std::less<>> sources);
  std::map<std::string, std::unique_ptr<Compiled>, std::less<>> templates_;
};

}  // namespace hearth::render
