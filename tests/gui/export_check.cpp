// Reads an exported animation back with the libraries' own decoders and checks it (the export
// tests, tests/gui/export_tests.cmake):
//   export_check gif FILE W H FRAMES [options]     giflib: size, frame count, loop, provenance comment
//   export_check png PREFIX W H FRAMES [options]   libpng: PREFIX-000000.png .. (exactly FRAMES files),
//                                                  size, provenance text chunks
//   export_check image FILE.png W H [options]      one picture (e.g. a frame ffmpeg took out of an MP4)
// options:
//   --samples N    at least N pixels in some checked frame have the sampled trajectories' colours
//                  (viridis, as app/gui/render/colormap.hpp draws them)
//   --hanging      frame 0 is the pendulum at rest: its body's colour lies below the picture's middle
//                  (the picture is not upside down)
// Every checked frame (the first, the middle one and the last) must not be blank: at least 1% of
// its pixels differ from its corner colour (the world's background). Prints one line per check
// made; exits 1 with "FAIL: ..." on the first that fails.
#include <gif_lib.h>
#include <png.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

struct Rgb {
  int r = 0, g = 0, b = 0;
};

struct Image {
  int w = 0, h = 0;
  std::vector<Rgb> px;
  const Rgb& at(int x, int y) const { return px[size_t(y) * size_t(w) + size_t(x)]; }
};

int fail(const std::string& why) {
  std::fprintf(stderr, "FAIL: %s\n", why.c_str());
  std::exit(1);
}

double dist(Rgb a, Rgb b) {
  return std::sqrt(double((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b)));
}

Rgb hex(unsigned v) { return {int((v >> 16) & 255), int((v >> 8) & 255), int(v & 255)}; }

// viridis at t = i / 9, and the role colours of the environments (both themes), as the app's.
const unsigned kViridis[10] = {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E,
                               0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725};
const unsigned kRoles[] = {0x009e73, 0x00875f, 0xe69f00, 0xc77f00, 0xd55e00, 0xc04f00, 0x8c5d6b, 0x9c6b78};
const unsigned kBodyDark = 0xd9dde6;  // Role::Body on the dark theme

// Pixels with a sampled trajectory's colour: near the viridis curve, away from the background and
// from the envs' own role colours.
int trajectory_pixels(const Image& im) {
  std::vector<Rgb> curve;
  for (int i = 0; i < 9; ++i)
    for (int k = 0; k < 8; ++k) {
      const Rgb a = hex(kViridis[i]), b = hex(kViridis[i + 1]);
      const double t = k / 8.0;
      curve.push_back({int(a.r + (b.r - a.r) * t), int(a.g + (b.g - a.g) * t), int(a.b + (b.b - a.b) * t)});
    }
  const Rgb bg = im.at(0, 0);
  int hits = 0;
  for (const Rgb& c : im.px) {
    if (dist(c, bg) < 60.0) continue;
    bool role = false;
    for (unsigned r : kRoles) role = role || dist(c, hex(r)) < 20.0;
    if (role) continue;
    for (const Rgb& v : curve)
      if (dist(c, v) < 40.0) {
        ++hits;
        break;
      }
  }
  return hits;
}

struct Options {
  int samples = 0;
  bool hanging = false;
};

// The checks every format shares, over the decoded frames `frames` (index, picture).
void check_pictures(const std::vector<std::pair<int, Image>>& frames, const Options& o) {
  int best = 0;
  for (const auto& [index, im] : frames) {
    const Rgb bg = im.at(0, 0);
    size_t differ = 0;
    for (const Rgb& c : im.px) differ += dist(c, bg) > 30.0;
    const double frac = double(differ) / double(im.px.size());
    const int traj = trajectory_pixels(im);
    best = std::max(best, traj);
    std::printf("frame %d: %.1f%% drawn over the background (%d,%d,%d), %d trajectory-coloured pixels\n", index,
                100.0 * frac, bg.r, bg.g, bg.b, traj);
    if (frac < 0.01) fail("frame " + std::to_string(index) + " is blank");
  }
  if (o.samples > 0 && best < o.samples)
    fail("no sampled trajectories visible: at most " + std::to_string(best) + " pixels, need " +
         std::to_string(o.samples));
  if (o.hanging) {
    const Image& im = frames.front().second;
    int above = 0, below = 0;
    for (int y = 0; y < im.h; ++y)
      for (int x = 0; x < im.w; ++x)
        if (dist(im.at(x, y), hex(kBodyDark)) < 30.0) (y < im.h / 2 ? above : below)++;
    std::printf("frame 0: the pendulum's body colour in %d pixels above the middle, %d below\n", above, below);
    if (below < 10 || below < 4 * above) fail("the pendulum at rest does not hang down: the picture is flipped");
  }
}

void require_provenance(const std::string& text, const std::string& what) {
  for (const char* key : {"Software=mbrl-playground", "setup_hash=", "steps=", "build="})
    if (text.find(key) == std::string::npos) fail(what + " has no '" + key + "' in its provenance: " + text);
  std::printf("%s provenance: %s\n", what.c_str(), text.c_str());
}

// ---- GIF ----

void check_gif(const std::string& file, int w, int h, int frames, const Options& o) {
  int err = 0;
  GifFileType* gif = DGifOpenFileName(file.c_str(), &err);
  if (!gif) fail("cannot open " + file + " (" + GifErrorString(err) + ")");
  if (DGifSlurp(gif) == GIF_ERROR) fail("cannot read " + file + " (" + GifErrorString(gif->Error) + ")");
  std::printf("%s: %dx%d, %d frames\n", file.c_str(), gif->SWidth, gif->SHeight, gif->ImageCount);
  if (gif->SWidth != w || gif->SHeight != h)
    fail("size " + std::to_string(gif->SWidth) + "x" + std::to_string(gif->SHeight) + ", expected " +
         std::to_string(w) + "x" + std::to_string(h));
  if (gif->ImageCount != frames) fail(std::to_string(gif->ImageCount) + " frames, expected " + std::to_string(frames));
  bool loop = false;
  std::string comment;
  auto scan = [&](const ExtensionBlock* blocks, int n) {
    bool in_comment = false;
    for (int j = 0; j < n; ++j) {
      const ExtensionBlock& b = blocks[j];
      if (b.Function == APPLICATION_EXT_FUNC_CODE && b.ByteCount == 11 && std::memcmp(b.Bytes, "NETSCAPE2.0", 11) == 0)
        loop = true;
      if (b.Function == COMMENT_EXT_FUNC_CODE)
        in_comment = true;
      else if (b.Function != CONTINUE_EXT_FUNC_CODE)
        in_comment = false;
      if (in_comment) comment.append(reinterpret_cast<const char*>(b.Bytes), size_t(b.ByteCount));
    }
  };
  scan(gif->ExtensionBlocks, gif->ExtensionBlockCount);
  for (int i = 0; i < gif->ImageCount; ++i)
    scan(gif->SavedImages[i].ExtensionBlocks, gif->SavedImages[i].ExtensionBlockCount);
  if (!loop) fail("no NETSCAPE2.0 loop extension");
  std::printf("loops (NETSCAPE2.0)\n");
  for (char& c : comment)
    if (c == '\n') c = ';';
  require_provenance(comment, "the GIF comment");
  // The canvas after frames 0..k (each drawn over the last: "do not dispose").
  Image canvas;
  canvas.w = gif->SWidth, canvas.h = gif->SHeight;
  canvas.px.assign(size_t(canvas.w) * size_t(canvas.h), Rgb{});
  std::vector<std::pair<int, Image>> checked;
  const int mid = frames / 2, last = frames - 1;
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& im = gif->SavedImages[i];
    const GifImageDesc& d = im.ImageDesc;
    const ColorMapObject* map = d.ColorMap ? d.ColorMap : gif->SColorMap;
    for (int y = 0; y < d.Height; ++y)
      for (int x = 0; x < d.Width; ++x) {
        const GifColorType c = map->Colors[im.RasterBits[size_t(y) * size_t(d.Width) + size_t(x)]];
        canvas.px[size_t(d.Top + y) * size_t(canvas.w) + size_t(d.Left + x)] = {c.Red, c.Green, c.Blue};
      }
    if (i == 0 || i == mid || i == last) checked.emplace_back(i, canvas);
  }
  DGifCloseFile(gif, &err);
  check_pictures(checked, o);
}

// ---- PNG ----

bool read_png(const std::string& file, Image& out, std::string& text) {
  FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) return false;
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, nullptr, nullptr, nullptr);
  png_infop info = png_create_info_struct(png);
  if (setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, &info, nullptr);
    std::fclose(f);
    return false;
  }
  png_init_io(png, f);
  png_read_png(png, info, PNG_TRANSFORM_STRIP_16 | PNG_TRANSFORM_EXPAND, nullptr);
  out.w = int(png_get_image_width(png, info));
  out.h = int(png_get_image_height(png, info));
  const int channels = png_get_channels(png, info);
  png_bytepp rows = png_get_rows(png, info);
  out.px.resize(size_t(out.w) * size_t(out.h));
  for (int y = 0; y < out.h; ++y)
    for (int x = 0; x < out.w; ++x) {
      const png_bytep p = rows[y] + size_t(x) * size_t(channels);
      out.px[size_t(y) * size_t(out.w) + size_t(x)] = channels >= 3 ? Rgb{p[0], p[1], p[2]} : Rgb{p[0], p[0], p[0]};
    }
  png_textp texts = nullptr;
  const int n = png_get_text(png, info, &texts, nullptr);
  for (int i = 0; i < n; ++i) text += std::string(texts[i].key) + "=" + texts[i].text + "; ";
  png_destroy_read_struct(&png, &info, nullptr);
  std::fclose(f);
  return true;
}

std::string frame_name(const std::string& prefix, int i) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "-%06d.png", i);
  return prefix + buf;
}

void check_size(const Image& im, const std::string& file, int w, int h) {
  if (im.w != w || im.h != h)
    fail(file + ": size " + std::to_string(im.w) + "x" + std::to_string(im.h) + ", expected " + std::to_string(w) +
         "x" + std::to_string(h));
}

void check_png_sequence(const std::string& prefix, int w, int h, int frames, const Options& o) {
  std::vector<std::pair<int, Image>> checked;
  const int mid = frames / 2, last = frames - 1;
  for (int i = 0; i < frames; ++i) {
    Image im;
    std::string text;
    const std::string file = frame_name(prefix, i);
    if (!read_png(file, im, text)) fail("cannot read " + file);
    check_size(im, file, w, h);
    if (i == 0) require_provenance(text, file);
    if (i == 0 || i == mid || i == last) checked.emplace_back(i, std::move(im));
  }
  if (FILE* extra = std::fopen(frame_name(prefix, frames).c_str(), "rb")) {
    std::fclose(extra);
    fail("more than " + std::to_string(frames) + " frames: " + frame_name(prefix, frames) + " exists");
  }
  std::printf("%s: %d frames of %dx%d\n", frame_name(prefix, 0).c_str(), frames, w, h);
  check_pictures(checked, o);
}

void check_image(const std::string& file, int w, int h, const Options& o) {
  Image im;
  std::string text;
  if (!read_png(file, im, text)) fail("cannot read " + file);
  check_size(im, file, w, h);
  check_pictures({{0, std::move(im)}}, o);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr,
                 "usage: export_check gif FILE W H FRAMES | png PREFIX W H FRAMES | image FILE W H "
                 "[--samples N] [--hanging]\n");
    return 2;
  }
  const std::string mode = argv[1], file = argv[2];
  const int w = std::atoi(argv[3]), h = std::atoi(argv[4]);
  int next = 5, frames = 1;
  if (mode != "image") {
    if (argc < 6) return fail("missing FRAMES"), 2;
    frames = std::atoi(argv[5]);
    next = 6;
  }
  Options o;
  for (int i = next; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--samples" && i + 1 < argc)
      o.samples = std::atoi(argv[++i]);
    else if (a == "--hanging")
      o.hanging = true;
    else
      return fail("unknown option " + a), 2;
  }
  if (mode == "gif")
    check_gif(file, w, h, frames, o);
  else if (mode == "png")
    check_png_sequence(file, w, h, frames, o);
  else if (mode == "image")
    check_image(file, w, h, o);
  else
    return fail("unknown mode " + mode), 2;
  std::printf("ok\n");
  return 0;
}
