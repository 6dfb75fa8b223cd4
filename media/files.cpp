#include "media/files.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstring>

namespace mbrl::media {

namespace {
// The folder part of a path ("out.gif" -> ".", "/out.gif" -> "/").
std::string folder_of(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

// Where the extension's dot is, npos when the file name has none (a leading dot starts a
// hidden name, not an extension).
size_t extension_dot(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  const size_t name = slash == std::string::npos ? 0 : slash + 1;
  const size_t dot = path.find_last_of('.');
  if (dot == std::string::npos || dot <= name) return std::string::npos;
  return dot;
}
}  // namespace

std::string check_output_path(const std::string& path) {
  if (path.empty()) return "no output file given";
  struct stat st;
  if (stat(path.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return path + ": is a folder, not a file";
    // The finished file is renamed over it: never over a device or a pipe.
    if (!S_ISREG(st.st_mode)) return path + ": exists and is not a regular file";
  }
  if (path.back() == '/') return path + ": names a folder, not a file";
  const std::string folder = folder_of(path);
  if (stat(folder.c_str(), &st) != 0) return path + ": folder " + folder + " does not exist";
  if (!S_ISDIR(st.st_mode)) return path + ": " + folder + " is not a folder";
  if (access(folder.c_str(), W_OK | X_OK) != 0) return path + ": folder " + folder + " is not writable";
  return "";
}

std::string extension_of(const std::string& path) {
  const size_t dot = extension_dot(path);
  if (dot == std::string::npos) return "";
  std::string ext = path.substr(dot);
  for (char& c : ext) c = char(std::tolower(static_cast<unsigned char>(c)));
  return ext;
}

std::string stem_of(const std::string& path) { return path.substr(0, extension_dot(path)); }

std::string part_path(const std::string& path) { return path + ".part"; }

std::string publish(const std::string& part, const std::string& path) {
  if (std::rename(part.c_str(), path.c_str()) == 0) return "";
  const std::string e = errno_text(errno);
  remove_file(part);
  return path + ": cannot rename " + part + " into place (" + e + ")";
}

void remove_file(const std::string& path) { unlink(path.c_str()); }

long long file_size(const std::string& path) {
  struct stat st;
  if (stat(path.c_str(), &st) != 0) return -1;
  return static_cast<long long>(st.st_size);
}

std::string errno_text(int errno_value) { return std::strerror(errno_value); }

}  // namespace mbrl::media
