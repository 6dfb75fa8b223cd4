#include "media/gif_writer.hpp"

#include <fcntl.h>
#include <gif_lib.h>
#include <unistd.h>

#include <cmath>
#include <cstring>
#include <vector>

#include "media/checks.hpp"
#include "media/files.hpp"
#include "media/gif_palette.hpp"

namespace mbrl::media {

namespace {

std::string gif_error_text(int code) {
  const char* text = GifErrorString(code);
  return text ? text : "giflib error " + std::to_string(code);
}

// The smallest rectangle holding every pixel where `a` and `b` differ (width x height images).
struct Rect {
  int left = 0, top = 0, width = 0, height = 0;
};
Rect changed_rect(const uint8_t* a, const uint8_t* b, int width, int height) {
  const size_t w = size_t(width);
  auto row_differs = [&](int y) { return std::memcmp(a + size_t(y) * w, b + size_t(y) * w, w) != 0; };
  int top = 0;
  while (top < height && !row_differs(top)) ++top;
  if (top == height) return {0, 0, 1, 1};  // nothing changed: an image has at least one pixel
  int bottom = height - 1;
  while (!row_differs(bottom)) --bottom;
  int left = width, right = -1;
  for (int y = top; y <= bottom; ++y) {
    const uint8_t* pa = a + size_t(y) * w;
    const uint8_t* pb = b + size_t(y) * w;
    int x = 0;
    while (x < left && pa[x] == pb[x]) ++x;
    left = std::min(left, x);
    x = width - 1;
    while (x > right && pa[x] == pb[x]) --x;
    right = std::max(right, x);
  }
  return {left, top, right - left + 1, bottom - top + 1};
}

class GifEncoder final : public Encoder {
 public:
  GifEncoder(std::string path, const VideoOptions& options, int delay_cs)
      : path_(std::move(path)),
        part_(part_path(path_)),
        width_(options.width),
        height_(options.height),
        delay_cs_(delay_cs),
        palette_(options.palette_hint),
        previous_(size_t(width_) * size_t(height_)),
        current_(previous_.size()) {}

  ~GifEncoder() override {
    if (gif_) {
      int code = 0;
      EGifCloseFile(gif_, &code);
      remove_file(part_);
    }
  }

  // The header, the palette, the looping and comment extensions.
  std::string start(const VideoOptions& options) {
    const int fd = open(part_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
    if (fd < 0) return path_ + ": cannot create " + part_ + " (" + errno_text(errno) + ")";
    int code = 0;
    gif_ = EGifOpenFileHandle(fd, &code);
    if (!gif_) {
      close(fd);
      remove_file(part_);
      return path_ + ": giflib cannot start (" + gif_error_text(code) + ")";
    }
    EGifSetGifVersion(gif_, true);  // GIF89a: the extensions below are GIF89a's
    GifColorType colors[256];
    for (int i = 0; i < 256; ++i) {
      const Rgb8 c = palette_.colors()[size_t(i)];
      colors[i] = {c.r, c.g, c.b};
    }
    ColorMapObject* map = GifMakeMapObject(256, colors);
    if (!map) return path_ + ": giflib cannot make the palette (out of memory)";
    const int written = EGifPutScreenDesc(gif_, width_, height_, 8, 0, map);
    GifFreeMapObject(map);
    if (written == GIF_ERROR) return failed();
    if (options.loop) {
      const unsigned char forever[3] = {1, 0, 0};  // sub-block 1: the loop count, 0 = forever
      if (EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE) == GIF_ERROR ||
          EGifPutExtensionBlock(gif_, 11, "NETSCAPE2.0") == GIF_ERROR ||
          EGifPutExtensionBlock(gif_, 3, forever) == GIF_ERROR || EGifPutExtensionTrailer(gif_) == GIF_ERROR)
        return failed();
    }
    if (!options.metadata.empty() && EGifPutComment(gif_, metadata_text(options.metadata, "\n").c_str()) == GIF_ERROR)
      return failed();
    return "";
  }

  std::string add(const Frame& frame) override {
    palette_.map(frame.rgba.data(), current_.size(), current_.data());
    const Rect r =
        first_ ? Rect{0, 0, width_, height_} : changed_rect(previous_.data(), current_.data(), width_, height_);
    GraphicsControlBlock gcb;
    gcb.DisposalMode = DISPOSE_DO_NOT;
    gcb.UserInputFlag = false;
    gcb.DelayTime = delay_cs_;
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    GifByteType extension[4];
    EGifGCBToExtension(&gcb, extension);
    if (EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, 4, extension) == GIF_ERROR ||
        EGifPutImageDesc(gif_, r.left, r.top, r.width, r.height, false, nullptr) == GIF_ERROR)
      return failed();
    for (int y = r.top; y < r.top + r.height; ++y)
      if (EGifPutLine(gif_, current_.data() + size_t(y) * size_t(width_) + size_t(r.left), r.width) == GIF_ERROR)
        return failed();
    previous_.swap(current_);
    first_ = false;
    return "";
  }

  SinkResult finish() override {
    int code = 0;
    const bool closed = EGifCloseFile(gif_, &code) != GIF_ERROR;  // frees gif_ either way
    gif_ = nullptr;
    if (!closed) {
      remove_file(part_);
      return {path_ + ": cannot complete the GIF (" + gif_error_text(code) + ")", ""};
    }
    return {publish(part_, path_), ""};
  }

 private:
  std::string failed() const {
    // A failed write leaves errno as fwrite set it (e.g. "No space left on device").
    const bool write_failed = gif_->Error == E_GIF_ERR_WRITE_FAILED && errno != 0;
    return path_ + ": cannot write the GIF (" + gif_error_text(gif_->Error) +
           (write_failed ? ": " + errno_text(errno) : "") + ")";
  }

  std::string path_, part_;
  int width_, height_, delay_cs_;
  GifPalette palette_;
  std::vector<uint8_t> previous_, current_;  // palette indices of the last frame written, of this one
  GifFileType* gif_ = nullptr;
  bool first_ = true;
};

}  // namespace

int gif_delay_cs(double fps) {
  if (!(fps > 0)) return 0;
  const double cs = 100.0 / fps;
  const double whole = std::round(cs);
  if (std::abs(cs - whole) > 1e-9 * cs || whole < 2 || whole > 65535) return 0;
  return int(whole);
}

std::unique_ptr<Encoder> open_gif(const std::string& path, const VideoOptions& options, std::string& err) {
  const int delay = gif_delay_cs(options.fps);
  if (delay == 0) {
    err = path +
          ": GIF frame delays are whole centiseconds, so fps must make 100/fps a whole number >= 2 (50, 25, "
          "20, 10, ...), not " +
          number_text(options.fps);
    return nullptr;
  }
  auto gif = std::make_unique<GifEncoder>(path, options, delay);
  err = gif->start(options);
  if (!err.empty()) return nullptr;
  return gif;
}

}  // namespace mbrl::media
