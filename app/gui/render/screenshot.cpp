#include "app/gui/render/screenshot.hpp"

#include <algorithm>
#include <ctime>
#include <vector>

#include <epoxy/gl.h>
#include <stb_image_write.h>

namespace mbrl::gui {

std::string save_screenshot(const std::string& path, int w, int h) {
  if (w <= 0 || h <= 0) return "screenshot: empty framebuffer";
  std::vector<unsigned char> px(size_t(w) * size_t(h) * 3), flipped(px.size());
  glPixelStorei(GL_PACK_ALIGNMENT, 1);
  glReadBuffer(GL_BACK);
  glReadPixels(0, 0, w, h, GL_RGB, GL_UNSIGNED_BYTE, px.data());
  const size_t row = size_t(w) * 3;
  for (int y = 0; y < h; ++y) std::copy_n(px.data() + size_t(h - 1 - y) * row, row, flipped.data() + size_t(y) * row);
  if (!stbi_write_png(path.c_str(), w, h, 3, flipped.data(), int(row))) return "screenshot: cannot write " + path;
  return "";
}

std::string timestamped_screenshot_name() {
  std::time_t t = std::time(nullptr);
  char buf[64];
  std::strftime(buf, sizeof buf, "screenshot-%Y%m%d-%H%M%S.png", std::localtime(&t));
  return buf;
}

}  // namespace mbrl::gui
