#include "engine/lesson/lesson_library.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#ifndef MBRL_LESSONS_DIR
#define MBRL_LESSONS_DIR "assets/lessons"
#endif

namespace mbrl {

namespace fs = std::filesystem;

std::string lessons_dir() {
  if (const char* d = std::getenv("MBRL_LESSONS_DIR"); d && *d) return d;
  return MBRL_LESSONS_DIR;
}

std::vector<std::string> bundled_lesson_files() {
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(lessons_dir(), ec)) {
    const fs::path p = entry.path();
    if (p.extension() == ".json" && p.filename() != "lesson.schema.json") files.push_back(p.string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

std::string find_lesson(const std::string& name, Lesson& out) {
  if (name.find('/') != std::string::npos || (name.size() > 5 && name.substr(name.size() - 5) == ".json"))
    return load_lesson(name, out);
  const fs::path direct = fs::path(lessons_dir()) / (name + ".json");
  if (fs::exists(direct)) return load_lesson(direct.string(), out);
  for (const std::string& f : bundled_lesson_files()) {
    Lesson l;
    if (load_lesson(f, l).empty() && l.meta.id == name) {
      out = std::move(l);
      return "";
    }
  }
  return "no lesson '" + name + "' (see `mbrl-playground lesson list`, or give a file path)";
}

}  // namespace mbrl
