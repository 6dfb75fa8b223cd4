#include "media/checks.hpp"

#include <charconv>
#include <cmath>

namespace mbrl::media {

namespace {
std::string size_text(int width, int height) { return std::to_string(width) + "x" + std::to_string(height); }

// PNG's keyword rule (restricted to ASCII), plus no '=' so that "key=value" lines read back.
std::string check_key(const std::string& key) {
  if (key.empty() || key.size() > 79) return "metadata key '" + key + "' must have 1 to 79 characters";
  for (char c : key)
    if (c < 32 || c > 126 || c == '=')
      return "metadata key '" + key + "' may hold only printable ASCII characters other than '='";
  if (key.front() == ' ' || key.back() == ' ' || key.find("  ") != std::string::npos)
    return "metadata key '" + key + "' may not start or end with a space or hold two in a row";
  return "";
}
}  // namespace

std::string check_size(int width, int height) {
  if (width < 1 || height < 1 || width > kMaxSide || height > kMaxSide)
    return "size " + size_text(width, height) + " is out of range (1 to " + std::to_string(kMaxSide) + " a side)";
  return "";
}

std::string check_frame(const Frame& frame, int width, int height) {
  if (frame.width != width || frame.height != height)
    return "frame is " + size_text(frame.width, frame.height) + ", expected " + size_text(width, height);
  const size_t bytes = size_t(width) * size_t(height) * 4;
  if (frame.rgba.size() != bytes)
    return "frame " + size_text(width, height) + " holds " + std::to_string(frame.rgba.size()) + " bytes, expected " +
           std::to_string(bytes) + " (RGBA8)";
  return "";
}

std::string check_metadata(const Metadata& metadata) {
  for (const auto& [key, value] : metadata) {
    if (auto e = check_key(key); !e.empty()) return e;
    // One line each: the pairs are joined into one comment, and an MP4's stands in a command line.
    if (value.find_first_of(std::string("\0\n\r", 3)) != std::string::npos)
      return "metadata value of '" + key + "' must be one line without NUL bytes";
  }
  return "";
}

std::string check_options(const VideoOptions& o) {
  if (auto e = check_size(o.width, o.height); !e.empty()) return e;
  if (!std::isfinite(o.fps) || o.fps <= 0 || o.fps > 1000)
    return "fps " + number_text(o.fps) + " is out of range (0, 1000]";
  if (o.palette_hint.size() > 256)
    return "palette_hint has " + std::to_string(o.palette_hint.size()) + " colours, at most 256 fit a GIF palette";
  return check_metadata(o.metadata);
}

std::string metadata_text(const Metadata& metadata, const std::string& separator) {
  std::string text;
  for (const auto& [key, value] : metadata) {
    if (!text.empty()) text += separator;
    text += key + "=" + value;
  }
  return text;
}

std::string number_text(double x) {
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  return std::string(buf, r.ptr);
}

}  // namespace mbrl::media
