#include "app/gui/render/shader.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

namespace mbrl::gui {
namespace fs = std::filesystem;

namespace {

std::vector<fs::path> candidate_dirs() {
  std::vector<fs::path> dirs;
#ifdef MBRL_SOURCE_DIR
  dirs.emplace_back(fs::path(MBRL_SOURCE_DIR) / "shaders");
#endif
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    dirs.push_back(exe.parent_path() / "shaders");
    dirs.push_back(exe.parent_path() / ".." / "share" / "mbrl-playground" / "shaders");
  }
  return dirs;
}

bool read_file(const fs::path& p, std::string& out) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return false;
  std::ostringstream ss;
  ss << in.rdbuf();
  out = ss.str();
  return true;
}

GLuint compile(GLenum type, const std::string& name, std::string& err) {
  std::string src;
  fs::path found;
  for (const auto& d : candidate_dirs()) {
    if (read_file(d / name, src)) {
      found = d / name;
      break;
    }
  }
  if (found.empty()) {
    err = "shader file shaders/" + name + " not found (looked in the source tree and next to the binary)";
    return 0;
  }
  GLuint s = glCreateShader(type);
  const char* text = src.c_str();
  glShaderSource(s, 1, &text, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048] = {0};
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    err = found.string() + " failed to compile: " + log;
    glDeleteShader(s);
    return 0;
  }
  return s;
}

}  // namespace

std::string shader_dir() {
  for (const auto& d : candidate_dirs())
    if (fs::exists(d / "shape.vert")) return d.string();
  return "";
}

GLuint load_program(const std::string& vert, const std::string& frag, std::string& err) {
  GLuint vs = compile(GL_VERTEX_SHADER, vert, err);
  if (!vs) return 0;
  GLuint fs_ = compile(GL_FRAGMENT_SHADER, frag, err);
  if (!fs_) {
    glDeleteShader(vs);
    return 0;
  }
  GLuint p = glCreateProgram();
  glAttachShader(p, vs);
  glAttachShader(p, fs_);
  glLinkProgram(p);
  glDeleteShader(vs);
  glDeleteShader(fs_);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) {
    char log[2048] = {0};
    glGetProgramInfoLog(p, sizeof log, nullptr, log);
    err = "shaders/" + vert + " + shaders/" + frag + " failed to link: " + log;
    glDeleteProgram(p);
    return 0;
  }
  return p;
}

}  // namespace mbrl::gui
