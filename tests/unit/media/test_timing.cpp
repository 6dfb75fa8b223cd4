// Encoding speed at the app's export size (960x540), printed and never checked: the machine may
// be busy. The app must export 300 frames at >= 30 frames/s including rendering, so a GIF frame
// should take well under 15 ms. Run: build-core/unit_media -tc='timing*'
#include <doctest/doctest.h>

#include <chrono>
#include <cstdio>

#include "media/gif_palette.hpp"
#include "media/png_writer.hpp"
#include "media_test_util.hpp"

using namespace media_test;

namespace {

constexpr int kW = 960, kH = 540, kFrames = 100;

// The scene plus, when `busy`, 60 sampled trajectories redrawn every frame across the whole
// picture (a sampling planner's view: most of the frame changes).
Frame app_frame(int t, bool busy) {
  Frame f = scene(kW, kH, t, theme());
  if (!busy) return f;
  uint32_t seed = 12345u + uint32_t(t) * 7919u;
  auto next = [&] { return seed = seed * 1664525u + 1013904223u; };
  for (int k = 0; k < 60; ++k) {
    double x = 20, y = kH / 2.0 + int(next() % 200) - 100.0;
    for (int s = 0; s < 180; ++s) {
      x += 5;
      y += int(next() % 9) - 4.0;
      for (int d = 0; d < 5; ++d) blend(f, int(x) + d, int(y), theme()[2 + k % 3], 0.35);
    }
  }
  return f;
}

struct Timing {
  double add_ms = 0, finish_ms = 0;
  long long bytes = 0;
  std::string error;
};

Timing time_sink(const std::string& path, const VideoOptions& o, bool busy) {
  Timing timing;
  std::string err;
  auto sink = make_sink(path, err);
  if (!sink || !(err = sink->begin(o)).empty()) return {0, 0, 0, err};
  using clock = std::chrono::steady_clock;
  for (int t = 0; t < kFrames; ++t) {
    const Frame f = app_frame(t, busy);
    const auto start = clock::now();
    if (auto e = sink->add(f); !e.empty()) return {0, 0, 0, e};
    timing.add_ms += std::chrono::duration<double, std::milli>(clock::now() - start).count();
  }
  const auto start = clock::now();
  const SinkResult r = sink->finish();
  timing.finish_ms = std::chrono::duration<double, std::milli>(clock::now() - start).count();
  timing.error = r.error;
  timing.bytes = std::filesystem::exists(path) ? (long long)std::filesystem::file_size(path) : 0;
  return timing;
}

void report(const char* what, const Timing& t) {
  if (!t.error.empty()) {
    MESSAGE(what << ": " << t.error);
    return;
  }
  char line[256];
  std::snprintf(line, sizeof line,
                "%s: %.2f ms/frame in add(), finish %.0f ms, %.2f ms/frame in all, %d frames %lld bytes", what,
                t.add_ms / kFrames, t.finish_ms, (t.add_ms + t.finish_ms) / kFrames, kFrames, t.bytes);
  MESSAGE(line);
}

}  // namespace

TEST_CASE("timing: GIF, MP4 and PNG encoding of 960x540 frames (printed, not checked)") {
  TempDir dir;
  const VideoOptions o = video_options(kW, kH, {{"app", "mbrl-playground"}});

  using clock = std::chrono::steady_clock;
  auto start = clock::now();
  const GifPalette palette(theme());
  MESSAGE("GIF palette and lookup table: " << std::chrono::duration<double, std::milli>(clock::now() - start).count()
                                           << " ms");
  const Frame f = app_frame(0, true);
  std::vector<uint8_t> indices(size_t(kW) * kH);
  start = clock::now();
  for (int i = 0; i < 20; ++i) palette.map(f.rgba.data(), indices.size(), indices.data());
  MESSAGE("GIF pixel mapping alone: " << std::chrono::duration<double, std::milli>(clock::now() - start).count() / 20
                                      << " ms/frame");

  report("GIF, a pendulum-like scene (small changes)", time_sink(dir / "calm.gif", o, false));
  report("GIF, with 60 trajectories redrawn each frame", time_sink(dir / "busy.gif", o, true));
  if (have_program("ffmpeg")) {
    report("MP4, a pendulum-like scene", time_sink(dir / "calm.mp4", o, false));
    report("MP4, with 60 trajectories redrawn each frame", time_sink(dir / "busy.mp4", o, true));
  } else {
    MESSAGE("MP4 not timed: ffmpeg is not installed");
  }
  for (bool busy : {false, true}) {
    const Frame frame = app_frame(3, busy);
    start = clock::now();
    for (int t = 0; t < 10; ++t) REQUIRE(write_png(sequence_name(dir / "f-", t), frame, o.metadata) == "");
    MESSAGE("PNG, " << std::string(busy ? "with 60 trajectories" : "a pendulum-like scene") << ": "
                    << std::chrono::duration<double, std::milli>(clock::now() - start).count() / 10 << " ms/frame, "
                    << std::filesystem::file_size(sequence_name(dir / "f-", 0)) << " bytes");
  }
}
