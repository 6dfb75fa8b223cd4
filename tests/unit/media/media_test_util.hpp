#pragma once
// Helpers of the media tests: a temporary folder, synthetic frames, and reading back what the
// writers wrote with the libraries' own decoders (libpng, giflib) and ffprobe.
#include <gif_lib.h>
#include <png.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "media/frame.hpp"
#include "media/sink.hpp"

namespace media_test {

using namespace mbrl::media;

// A fresh folder under $TMPDIR (or /tmp), removed with everything in it at the end of the test.
struct TempDir {
  std::string path;
  TempDir() {
    const char* dir = std::getenv("TMPDIR");
    std::string name = std::string(dir && *dir ? dir : "/tmp") + "/mbrl-media-test-XXXXXX";
    if (mkdtemp(name.data())) path = name;
  }
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) std::filesystem::remove_all(path, ec);
  }
  std::string operator/(const std::string& name) const { return path + "/" + name; }
  // The names in the folder, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path)) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
  }
};

inline bool exists(const std::string& path) { return std::filesystem::exists(path); }

inline Frame solid(int w, int h, Rgb8 c) {
  Frame f{w, h, std::vector<uint8_t>(size_t(w) * size_t(h) * 4)};
  for (size_t i = 0; i < f.rgba.size(); i += 4)
    f.rgba[i] = c.r, f.rgba[i + 1] = c.g, f.rgba[i + 2] = c.b, f.rgba[i + 3] = 255;
  return f;
}

inline void put(Frame& f, int x, int y, Rgb8 c) {
  if (x < 0 || y < 0 || x >= f.width || y >= f.height) return;
  uint8_t* p = &f.rgba[(size_t(y) * size_t(f.width) + size_t(x)) * 4];
  p[0] = c.r, p[1] = c.g, p[2] = c.b, p[3] = 255;
}

// Blends `c` over the pixel with weight a in [0, 1] (anti-aliased edges make such colours).
inline void blend(Frame& f, int x, int y, Rgb8 c, double a) {
  if (x < 0 || y < 0 || x >= f.width || y >= f.height) return;
  uint8_t* p = &f.rgba[(size_t(y) * size_t(f.width) + size_t(x)) * 4];
  p[0] = uint8_t(p[0] + (c.r - p[0]) * a + 0.5);
  p[1] = uint8_t(p[1] + (c.g - p[1]) * a + 0.5);
  p[2] = uint8_t(p[2] + (c.b - p[2]) * a + 0.5);
}

inline void fill_rect(Frame& f, int x0, int y0, int w, int h, Rgb8 c) {
  for (int y = y0; y < y0 + h; ++y)
    for (int x = x0; x < x0 + w; ++x) put(f, x, y, c);
}

// A picture like the app's at step t: a theme background and grid, a coloured gradient, a
// moving block and an anti-aliased moving bar, in the theme's colours and blends of them.
inline Frame scene(int w, int h, int t, const std::vector<Rgb8>& theme) {
  Frame f = solid(w, h, theme[0]);
  for (int x = 0; x < w; x += 16) fill_rect(f, x, 0, 1, h, theme[1]);
  for (int y = 0; y < h / 4; ++y)
    for (int x = 0; x < w / 3; ++x) put(f, x, h - 1 - y, {uint8_t(x * 255 / w), uint8_t(y * 255 / h), 90});
  fill_rect(f, (t * 3) % (w - 8), h / 3, 8, 6, theme[2]);
  const double cx = w / 2.0, cy = h / 2.0, angle = 0.15 * t, len = 0.4 * h;
  for (int i = 0; i < int(len) * 2; ++i) {
    const double s = i / 2.0, px = cx + s * std::cos(angle), py = cy + s * std::sin(angle);
    const int ix = int(px), iy = int(py);
    const double fx = px - ix, fy = py - iy;
    blend(f, ix, iy, theme[3], (1 - fx) * (1 - fy));
    blend(f, ix + 1, iy, theme[3], fx * (1 - fy));
    blend(f, ix, iy + 1, theme[3], (1 - fx) * fy);
    blend(f, ix + 1, iy + 1, theme[3], fx * fy);
  }
  return f;
}

inline const std::vector<Rgb8>& theme() {
  static const std::vector<Rgb8> colours = {
      {24, 26, 31}, {60, 64, 72}, {230, 126, 34}, {52, 152, 219}, {236, 240, 241}};
  return colours;
}

// A program name no machine has: MP4 sinks then write PNG frames, so a test of what every
// format shares does not depend on ffmpeg.
inline const std::string kNoFfmpeg = "mbrl-test-no-such-ffmpeg";

// A w x h recording at 25 fps with the theme as palette hints.
inline VideoOptions video_options(int w, int h, const Metadata& metadata = {}, const std::string& ffmpeg = "ffmpeg") {
  VideoOptions o;
  o.width = w;
  o.height = h;
  o.fps = 25;
  o.palette_hint = theme();
  o.metadata = metadata;
  o.ffmpeg = ffmpeg;
  return o;
}

// ---- PNG ----

struct PngImage {
  bool ok = false;
  int width = 0, height = 0, color_type = -1, bit_depth = 0;
  std::vector<uint8_t> pixels;  // rows as stored
  Metadata text;
};

// libpng's default error handler longjmps to the setjmp: `out` is filled only after the last
// call that can fail.
inline bool decode_png(FILE* file, PngImage& out) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  png_init_io(png, file);
  png_read_png(png, info, PNG_TRANSFORM_IDENTITY, nullptr);
  out.width = int(png_get_image_width(png, info));
  out.height = int(png_get_image_height(png, info));
  out.color_type = png_get_color_type(png, info);
  out.bit_depth = png_get_bit_depth(png, info);
  const size_t row_bytes = png_get_rowbytes(png, info);
  png_bytepp rows = png_get_rows(png, info);
  for (int y = 0; y < out.height; ++y) out.pixels.insert(out.pixels.end(), rows[y], rows[y] + row_bytes);
  png_textp texts = nullptr;
  const int n = png_get_text(png, info, &texts, nullptr);
  for (int i = 0; i < n; ++i) out.text.emplace_back(texts[i].key, texts[i].text);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

inline PngImage read_png(const std::string& path) {
  PngImage out;
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) return out;
  out.ok = decode_png(file, out);
  std::fclose(file);
  return out;
}

// ---- GIF ----

// A slurped GIF, closed at the end of the scope.
struct GifRead {
  GifFileType* gif = nullptr;
  int open_error = 0;
  explicit GifRead(const std::string& path) {
    gif = DGifOpenFileName(path.c_str(), &open_error);
    if (gif && DGifSlurp(gif) == GIF_ERROR) {
      int e = 0;
      DGifCloseFile(gif, &e);
      gif = nullptr;
    }
  }
  ~GifRead() {
    int e = 0;
    if (gif) DGifCloseFile(gif, &e);
  }
  GifRead(const GifRead&) = delete;
  GifRead& operator=(const GifRead&) = delete;

  // Every extension block of the file, in order, images' and the file's own.
  std::vector<const ExtensionBlock*> extensions() const {
    std::vector<const ExtensionBlock*> out;
    for (int i = 0; i < gif->ImageCount; ++i)
      for (int j = 0; j < gif->SavedImages[i].ExtensionBlockCount; ++j)
        out.push_back(&gif->SavedImages[i].ExtensionBlocks[j]);
    for (int j = 0; j < gif->ExtensionBlockCount; ++j) out.push_back(&gif->ExtensionBlocks[j]);
    return out;
  }

  // The comment extension's text (its sub-blocks joined).
  std::string comment() const {
    std::string text;
    bool in_comment = false;
    for (const ExtensionBlock* b : extensions()) {
      if (b->Function == COMMENT_EXT_FUNC_CODE)
        in_comment = true;
      else if (b->Function != CONTINUE_EXT_FUNC_CODE)
        in_comment = false;
      if (in_comment) text.append(reinterpret_cast<const char*>(b->Bytes), size_t(b->ByteCount));
    }
    return text;
  }

  bool has_loop_extension() const {
    for (const ExtensionBlock* b : extensions())
      if (b->Function == APPLICATION_EXT_FUNC_CODE && b->ByteCount == 11 &&
          std::string(reinterpret_cast<const char*>(b->Bytes), 11) == "NETSCAPE2.0")
        return true;
    return false;
  }

  // The picture after frames 0..index are drawn (each "do not dispose"), as RGB triples.
  std::vector<Rgb8> canvas(int index) const {
    std::vector<Rgb8> out(size_t(gif->SWidth) * size_t(gif->SHeight));
    const ColorMapObject* map = gif->SColorMap;
    for (int i = 0; i <= index; ++i) {
      const SavedImage& im = gif->SavedImages[i];
      const GifImageDesc& d = im.ImageDesc;
      const ColorMapObject* m = d.ColorMap ? d.ColorMap : map;
      for (int y = 0; y < d.Height; ++y)
        for (int x = 0; x < d.Width; ++x) {
          const GifColorType c = m->Colors[im.RasterBits[size_t(y) * size_t(d.Width) + size_t(x)]];
          out[size_t(d.Top + y) * size_t(gif->SWidth) + size_t(d.Left + x)] = {c.Red, c.Green, c.Blue};
        }
    }
    return out;
  }
};

// ---- programs ----

inline bool have_program(const std::string& name) {
  return std::system(("command -v " + name + " > /dev/null 2>&1").c_str()) == 0;
}

// The output of a shell command (stdout), e.g. ffprobe's.
inline std::string run(const std::string& command) {
  std::string out;
  FILE* p = popen(command.c_str(), "r");
  if (!p) return out;
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

// An executable shell script standing in for ffmpeg.
inline std::string write_script(const TempDir& dir, const std::string& name, const std::string& body) {
  const std::string path = dir / name;
  FILE* f = std::fopen(path.c_str(), "w");
  std::fputs(("#!/bin/sh\n" + body + "\n").c_str(), f);
  std::fclose(f);
  std::filesystem::permissions(path, std::filesystem::perms::owner_all);
  return path;
}

// Records `frames` with a sink for `path`; "" or the first message.
inline SinkResult record(const std::string& path, const VideoOptions& options, const std::vector<Frame>& frames) {
  std::string err;
  auto sink = make_sink(path, err);
  if (!sink) return {err, ""};
  if (auto e = sink->begin(options); !e.empty()) return {e, ""};
  for (const Frame& f : frames)
    if (auto e = sink->add(f); !e.empty()) return {e, ""};
  return sink->finish();
}

}  // namespace media_test
