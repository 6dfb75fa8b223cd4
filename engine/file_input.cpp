#include "engine/file_input.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace mbrl {

std::string read_user_file(const std::string& path, const std::string& what, uintmax_t max_bytes, std::string& out) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status st = fs::status(path, ec);
  if (ec || !fs::exists(st)) return path + ": no such " + what;
  if (fs::is_directory(st)) return path + ": is a folder, expected a " + what;
  if (!fs::is_regular_file(st)) return path + ": not a regular file, expected a " + what;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return path + ": cannot read its size (" + ec.message() + ")";
  if (size > max_bytes)
    return path + ": " + std::to_string(size) + " bytes, larger than any " + what + " can be (at most " +
           std::to_string(max_bytes) + ")";
  std::ifstream in(path, std::ios::binary);
  if (!in) return path + ": cannot be read";
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) return path + ": cannot be read";
  out = std::move(text).str();
  return "";
}

}  // namespace mbrl
