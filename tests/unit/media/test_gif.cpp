// GIF recordings read back with giflib's decoder: size, frames, delays, the loop and comment
// extensions, the pixels (hint colours exact) and the changed rectangles.
#include <doctest/doctest.h>

#include "media/gif_palette.hpp"
#include "media/gif_writer.hpp"
#include "media_test_util.hpp"

using namespace media_test;

namespace {

VideoOptions gif_options(int w, int h) {
  return video_options(w, h, {{"app", "mbrl-playground 0.9"}, {"setup_hash", "5f3a9c"}, {"steps", "0-4"}});
}

// What the decoded picture must be: every pixel as the palette maps it.
std::vector<Rgb8> mapped(const Frame& f, const GifPalette& palette) {
  std::vector<Rgb8> out;
  for (size_t i = 0; i < f.rgba.size(); i += 4)
    out.push_back(palette.colors()[palette.index_of(f.rgba[i], f.rgba[i + 1], f.rgba[i + 2])]);
  return out;
}

}  // namespace

TEST_CASE("gif: reads back with its size, frames, delay, loop, comment and palette-mapped pixels") {
  TempDir dir;
  const VideoOptions o = gif_options(96, 64);
  std::vector<Frame> frames;
  for (int t = 0; t < 5; ++t) frames.push_back(scene(96, 64, t, theme()));
  const SinkResult r = record(dir / "run.gif", o, frames);
  REQUIRE(r.error == "");
  CHECK(r.note == "");
  CHECK(dir.names() == std::vector<std::string>{"run.gif"});  // no .part left

  GifRead gif(dir / "run.gif");
  REQUIRE(gif.gif != nullptr);
  CHECK(gif.gif->SWidth == 96);
  CHECK(gif.gif->SHeight == 64);
  REQUIRE(gif.gif->ImageCount == 5);
  REQUIRE(gif.gif->SColorMap != nullptr);
  CHECK(gif.gif->SColorMap->ColorCount == 256);
  for (int i = 0; i < 5; ++i) {
    CHECK(gif.gif->SavedImages[i].ImageDesc.ColorMap == nullptr);  // one global palette
    GraphicsControlBlock gcb;
    REQUIRE(DGifSavedExtensionToGCB(gif.gif, i, &gcb) == GIF_OK);
    CHECK(gcb.DelayTime == 4);  // 100 / 25 fps
    CHECK(gcb.DisposalMode == DISPOSE_DO_NOT);
    CHECK(gcb.TransparentColor == NO_TRANSPARENT_COLOR);
  }
  CHECK(gif.has_loop_extension());
  CHECK(gif.comment() == "app=mbrl-playground 0.9\nsetup_hash=5f3a9c\nsteps=0-4");

  const GifPalette palette(theme());
  for (size_t i = 0; i < theme().size(); ++i) {
    const GifColorType c = gif.gif->SColorMap->Colors[i];
    CHECK(Rgb8{c.Red, c.Green, c.Blue} == theme()[i]);  // the hints come first, exactly
  }
  for (int i = 0; i < 5; ++i) {
    const std::vector<Rgb8> got = gif.canvas(i), want = mapped(frames[size_t(i)], palette);
    CHECK(got == want);
    // A pixel that is a hint colour decodes to exactly that colour.
    int hint_pixels = 0, exact = 0;
    for (size_t p = 0; p < got.size(); ++p) {
      const uint8_t* in = &frames[size_t(i)].rgba[p * 4];
      const Rgb8 c{in[0], in[1], in[2]};
      if (std::find(theme().begin(), theme().end(), c) == theme().end()) continue;
      ++hint_pixels;
      exact += got[p] == c;
    }
    CHECK(hint_pixels > 96 * 64 / 2);
    CHECK(exact == hint_pixels);
  }
}

TEST_CASE("gif: each frame after the first holds only the rectangle that changed") {
  TempDir dir;
  const VideoOptions o = gif_options(40, 30);
  Frame a = solid(40, 30, theme()[0]);
  Frame b = a;
  put(b, 7, 5, theme()[2]);
  put(b, 12, 9, theme()[3]);
  Frame c = b;  // no change at all
  Frame d = c;
  fill_rect(d, 39, 29, 1, 1, theme()[4]);  // the last pixel
  REQUIRE(record(dir / "r.gif", o, {a, b, c, d}).error == "");

  GifRead gif(dir / "r.gif");
  REQUIRE(gif.gif != nullptr);
  REQUIRE(gif.gif->ImageCount == 4);
  auto desc = [&](int i) {
    const GifImageDesc& d = gif.gif->SavedImages[i].ImageDesc;
    return std::vector<int>{d.Left, d.Top, d.Width, d.Height};
  };
  CHECK(desc(0) == std::vector<int>{0, 0, 40, 30});
  CHECK(desc(1) == std::vector<int>{7, 5, 6, 5});
  CHECK(desc(2) == std::vector<int>{0, 0, 1, 1});  // an image has at least one pixel
  CHECK(desc(3) == std::vector<int>{39, 29, 1, 1});
  const GifPalette palette(theme());
  CHECK(gif.canvas(3) == mapped(d, palette));
}

TEST_CASE("gif: fps must give whole-centisecond delays of at least 2 cs") {
  CHECK(gif_delay_cs(50) == 2);
  CHECK(gif_delay_cs(25) == 4);
  CHECK(gif_delay_cs(20) == 5);
  CHECK(gif_delay_cs(10) == 10);
  CHECK(gif_delay_cs(100.0 / 3) == 3);
  CHECK(gif_delay_cs(30) == 0);
  CHECK(gif_delay_cs(60) == 0);
  CHECK(gif_delay_cs(100) == 0);  // 1 cs: browsers would play it at 10 cs
  CHECK(gif_delay_cs(0.001) == 0);

  TempDir dir;
  VideoOptions o = gif_options(8, 8);
  o.fps = 30;
  const SinkResult r = record(dir / "a.gif", o, {solid(8, 8, theme()[0])});
  CHECK(r.error.find(dir / "a.gif") == 0);
  CHECK(r.error.find("100/fps") != std::string::npos);
  CHECK(r.error.find("not 30") != std::string::npos);
  CHECK(dir.names().empty());
}

TEST_CASE("gif: without loop there is no NETSCAPE2.0 extension, and a long comment reads back whole") {
  TempDir dir;
  VideoOptions o = gif_options(8, 8);
  o.loop = false;
  o.metadata = {{"setup", std::string(700, 'x')}, {"steps", "0-299"}};
  REQUIRE(record(dir / "once.gif", o, {solid(8, 8, theme()[1]), solid(8, 8, theme()[2])}).error == "");
  GifRead gif(dir / "once.gif");
  REQUIRE(gif.gif != nullptr);
  CHECK(gif.gif->ImageCount == 2);
  CHECK_FALSE(gif.has_loop_extension());
  CHECK(gif.comment() == "setup=" + std::string(700, 'x') + "\nsteps=0-299");
}

TEST_CASE("gif: the palette keeps the hints exact, holds 256 distinct colours and maps near") {
  const GifPalette palette(theme());
  const auto& colors = palette.colors();
  for (size_t i = 0; i < theme().size(); ++i) CHECK(colors[i] == theme()[i]);
  for (int i = 0; i < 256; ++i) {
    const Rgb8 c = colors[size_t(i)];
    CHECK(palette.index_of(c.r, c.g, c.b) == i);  // every palette colour maps to itself
    for (int j = 0; j < i; ++j) CHECK_FALSE(colors[size_t(j)] == c);
  }
  // The ramps from the background to a hint: the blend half-way is (close to) an entry.
  const Rgb8 bg = theme()[0], fg = theme()[3];
  const Rgb8 half =
      colors[palette.index_of(uint8_t((bg.r + fg.r) / 2), uint8_t((bg.g + fg.g) / 2), uint8_t((bg.b + fg.b) / 2))];
  CHECK(std::abs(half.r - (bg.r + fg.r) / 2) <= 8);
  CHECK(std::abs(half.g - (bg.g + fg.g) / 2) <= 8);
  CHECK(std::abs(half.b - (bg.b + fg.b) / 2) <= 8);
  // Any colour maps to the entry nearest its cell's centre: in the weighted distance at most
  // twice the cell's radius (sqrt(3*16 + 4*16 + 2*16) = 12) further than the nearest entry.
  auto dist = [](Rgb8 c, int r, int g, int b) {
    return std::sqrt(3.0 * (c.r - r) * (c.r - r) + 4.0 * (c.g - g) * (c.g - g) + 2.0 * (c.b - b) * (c.b - b));
  };
  double worst_excess = 0, worst = 0;
  for (int r = 0; r < 256; r += 5)
    for (int g = 0; g < 256; g += 7)
      for (int b = 0; b < 256; b += 11) {
        double best = 1e9;
        for (const Rgb8& c : colors) best = std::min(best, dist(c, r, g, b));
        const double got = dist(colors[palette.index_of(uint8_t(r), uint8_t(g), uint8_t(b))], r, g, b);
        worst_excess = std::max(worst_excess, got - best);
        worst = std::max(worst, got);
      }
  CHECK(worst_excess <= 24);
  // The 6-level cube has an entry within half a step (25.5) in every channel: sqrt(9) * 25.5.
  CHECK(worst <= 76.5 + 24);
  // Hints that crowd one cell of the table still map exactly.
  const std::vector<Rgb8> close = {{10, 10, 10}, {11, 10, 10}, {12, 11, 13}, {255, 0, 0}};
  const GifPalette crowded(close);
  for (size_t i = 0; i < close.size(); ++i) CHECK(crowded.index_of(close[i].r, close[i].g, close[i].b) == i);
  // 256 hints fill the palette alone.
  std::vector<Rgb8> many;
  for (int i = 0; i < 256; ++i) many.push_back({uint8_t(i), uint8_t(255 - i), uint8_t(i * 7)});
  const GifPalette full(many);
  for (size_t i = 0; i < many.size(); ++i) CHECK(full.colors()[i] == many[i]);
}
