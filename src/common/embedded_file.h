#pragma once

#include <span>
#include <string_view>

namespace hearth {

// A file compiled into the binary by hearth_embed_files() (src/cmake/).
struct EmbeddedFile {
  std::string_view path;     // relative to the embedded folder, with '/' separators
  std::string_view content;  // the file's bytes; valid for the life of the program
  std::string_view digest;   // first 12 hex digits of the SHA-256 of content (cache busting)
};

}  // namespace hearth

// Every file under web/ (templates and static files).
std::span<const hearth::EmbeddedFile> hearth_web_files();
// Every numbered migration under src/storage/migrations/.
std::span<const hearth::EmbeddedFile> hearth_migration_files();
// The sample directory LDIF(s) under ldap/ used by `hearth demo`.
std::span<const hearth::EmbeddedFile> hearth_demo_directory_files();
