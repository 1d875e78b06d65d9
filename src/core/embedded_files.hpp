#pragma once
// Files compiled into the binary (see cmake/embed_files.cmake): the OpenAPI document
// and the SQL migrations of both dialects.
#include <optional>
#include <string_view>
#include <vector>

namespace yingbin::core {

struct EmbeddedFile {
  std::string_view path;  // relative to the source root, e.g. "migrations/sqlite/V001__foundation.sql"
  std::string_view content;
};

// All embedded files, sorted by path within each folder.
const std::vector<EmbeddedFile>& EmbeddedFiles();

// The file at `path`, or nullopt.
inline std::optional<std::string_view> FindEmbeddedFile(std::string_view path) {
  for (const auto& f : EmbeddedFiles())
    if (f.path == path) return f.content;
  return std::nullopt;
}

}  // namespace yingbin::core
