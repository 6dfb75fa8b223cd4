// The window's drawing code never passes a NaN, infinite or far-away coordinate on to a loop
// bound or a renderer: a diverged rollout (cartpole with extreme physics) made the sample
// rasteriser walk ceil(NaN) ~ 2^31 pixels and the window hang on exit. Everything here is
// GL-free (app/gui/render: batches, camera and grid, the rasteriser, the plan overlays).
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <thread>
#include <vector>

#include "app/gui/render/batch.hpp"
#include "app/gui/render/camera.hpp"
#include "app/gui/render/overlays.hpp"
#include "app/gui/render/sample_raster.hpp"
#include "app/gui/render/world_draw_list.hpp"
#include "core/mcts/mcts_trace.hpp"
#include "envs/pendulum.hpp"

using namespace mbrl;
using namespace mbrl::gui;

namespace {

const float kNaN = std::numeric_limits<float>::quiet_NaN();
const float kInf = std::numeric_limits<float>::infinity();

bool finite(const float* p) { return std::isfinite(p[0]) && std::isfinite(p[1]); }

// Every vertex and shape parameter a renderer would receive is finite.
bool all_finite(const Batch& b) {
  for (const ShapeInstance& s : b.shapes())
    if (!finite(s.p0) || !finite(s.p1) || !std::isfinite(s.shape[0]) || !std::isfinite(s.shape[1])) return false;
  for (const FillVertex& v : b.fills())
    if (!finite(v.pos)) return false;
  for (const FillVertex& v : b.lines())
    if (!finite(v.pos)) return false;
  return true;
}

int painted(const RasterImage& img) {
  int n = 0;
  for (size_t i = 3; i < img.rgba.size(); i += 4) n += img.rgba[i] != 0;
  return n;
}

}  // namespace

TEST_CASE("batch: primitives with a NaN or infinite position, radius or width are dropped") {
  Batch b;
  const Color c{};
  b.segment(P2(0, 0), P2(kNaN, 0), c, 2.f);
  b.segment(P2(kInf, 0), P2(1, 0), c, 2.f);
  b.segment(P2(0, 0), P2(1, 0), c, kNaN);
  b.ring(P2(kNaN, 0), 1.f, c, 2.f);
  b.ring(P2(0, 0), kInf, c, 2.f);
  b.disk(P2(0, -kInf), 1.f, c);
  b.disk(P2(0, 0), kNaN, c);
  b.point(P2(kNaN, kNaN), 3.f, c);
  const P2 tri[3] = {P2(0, 0), P2(1, kNaN), P2(0, 1)};
  b.polygon(tri, 3, c);
  const P2 line[3] = {P2(0, 0), P2(kNaN, 1), P2(2, 0)};
  b.polyline(line, 3, c, 1.f, true);  // every segment touches the NaN corner except the closing one
  CHECK(b.shapes().size() == 1);
  CHECK(b.fills().empty());
  CHECK(all_finite(b));
  // Finite ones are kept, in order.
  b.segment(P2(0, 0), P2(1, 0), c, 2.f);
  CHECK(b.shapes().size() == 2);
}

TEST_CASE("batch: a hairline strip is split at its non-finite points into strips of finite runs") {
  Batch b;
  const P2 pts[8] = {P2(0, 0), P2(1, 0), P2(kNaN, 0), P2(3, 0), P2(4, 0), P2(5, kInf), P2(6, 0), P2(7, 0)};
  b.hair_strip(pts, 8, Color{});
  // Runs: [0, 1] (2 points), [3, 4] (2), [6, 7] (2); the lone points between NaNs draw nothing.
  REQUIRE(b.strip_count().size() == 3);
  for (int n : b.strip_count()) CHECK(n == 2);
  CHECK(b.lines().size() == 6);
  CHECK(all_finite(b));
  REQUIRE(b.runs().size() == 1);
  CHECK(b.runs()[0].count == 3);
  const P2 lonely[3] = {P2(kNaN, 0), P2(1, 1), P2(kNaN, 0)};
  b.clear();
  b.hair_strip(lonely, 3, Color{});
  CHECK(b.empty());
}

TEST_CASE("rasteriser: NaN, infinite and far-away ends finish at once and paint only what is inside") {
  // Raw vertices (as another producer could hand them over, past the batch's culling).
  auto vtx = [](float x, float y) {
    FillVertex v{};
    v.pos[0] = x, v.pos[1] = y;
    v.color[0] = v.color[3] = 255;
    return v;
  };
  const std::vector<FillVertex> verts = {vtx(1, 1),         vtx(kNaN, 1),   vtx(3, 1), vtx(kInf, -kInf),
                                         vtx(1e30f, 1e30f), vtx(-1e30f, 2), vtx(1, 2), vtx(2e9f, 2)};
  const std::vector<int> first = {0}, count = {int(verts.size())};
  RasterImage img;
  const RasterView view{1.f, 0.5f, 0.5f, 16, 8};
  rasterize_hairlines(verts, first, count, view, img);  // before: ceil(NaN) steps, about 2^31
  REQUIRE(img.rgba.size() == 16 * 8 * 4);
  // What lies inside: (-1e30, 2) -> (1, 2) clipped to the row y = 2 from x = 0 to 1, and (1, 2) ->
  // (2e9, 2) clipped to the rest of that row: the whole row, nothing else.
  auto alpha = [&](int x, int y) { return int(img.rgba[(size_t(y) * 16 + size_t(x)) * 4 + 3]); };
  for (int x = 0; x < 16; ++x) CHECK(alpha(x, 2) == 255);
  CHECK(painted(img) == 16);
  // A bad camera draws nothing.
  rasterize_hairlines(verts, first, count, RasterView{kNaN, 0.f, 0.f, 16, 8}, img);
  CHECK(painted(img) == 0);
  // Strip ranges outside the vertex array are skipped, not read.
  rasterize_hairlines(verts, {5}, {100}, view, img);
  CHECK(painted(img) == 0);
}

TEST_CASE("rasteriser: clipping keeps an inside end exact and moves only the clipped one") {
  double x0 = 0.1, y0 = 0.7, x1 = 0.7, y1 = 0.1;
  REQUIRE(clip_segment(x0, y0, x1, y1, 4, 4));
  CHECK(x0 == 0.1);
  CHECK(x1 == 0.7);
  x0 = -2, y0 = 1, x1 = 6, y1 = 1;
  REQUIRE(clip_segment(x0, y0, x1, y1, 4, 4));
  CHECK(x0 == 0);
  CHECK(x1 == 4);
  x0 = 5, y0 = 5, x1 = 9, y1 = 9;
  CHECK_FALSE(clip_segment(x0, y0, x1, y1, 4, 4));
  x0 = 1, y0 = kNaN, x1 = 2, y1 = 2;
  CHECK_FALSE(clip_segment(x0, y0, x1, y1, 4, 4));
}

TEST_CASE("camera: a non-finite framing, pan or zoom is ignored, and grid lines are bounded far from the origin") {
  Camera cam;
  cam.set_viewport({0.f, 0.f, 400.f, 300.f}, 300.f);
  cam.frame(Rect2{P2(-2, -1), P2(2, 1)});
  const float ppu = cam.pixels_per_unit();
  const P2 centre = cam.to_screen(P2(0, 0));
  cam.frame(Rect2{P2(kNaN, -1), P2(2, 1)});
  cam.frame(Rect2{P2(-2, -1), P2(kInf, 1)});
  cam.zoom_at(kNaN, P2(10, 10));
  cam.zoom_at(2.f, P2(kNaN, 10));
  cam.pan_pixels(kInf, 0.f);
  CHECK(cam.pixels_per_unit() == ppu);
  CHECK(cam.to_screen(P2(0, 0)) == centre);

  std::vector<float> lines;
  grid_lines(-1.f, 1.f, 0.5f, lines);
  CHECK(lines == std::vector<float>{-1.f, -0.5f, 0.f, 0.5f, 1.f});
  // At the maximum zoom 2048 units out, `x += step` no longer advances in float: counted lines end.
  const float step = grid_step(1e6f);
  grid_lines(2048.f, 2048.f + 300.f / 1e6f, step, lines);
  CHECK(lines.size() <= 4);
  CHECK(!lines.empty());
  grid_lines(0.f, 1e30f, 1e-3f, lines);  // far too many to draw
  CHECK(lines.empty());
  for (float bad : {kNaN, kInf, -kInf}) {
    grid_lines(bad, 1.f, 0.1f, lines);
    CHECK(lines.empty());
    grid_lines(0.f, 1.f, bad, lines);
    CHECK(lines.empty());
  }
  grid_lines(0.f, 1.f, 0.f, lines);
  CHECK(lines.empty());
  CHECK(std::isfinite(grid_step(kNaN)));
}

TEST_CASE("world draw list: text at a non-finite position is not kept for ImGui") {
  Batch b;
  std::vector<WorldText> texts;
  WorldDrawList d(b, texts, Theme::Dark, 1.f);
  d.text(P2(kNaN, 0), "lost", Color{}, 14.f);
  d.text(P2(0, 0), "kept", Color{}, 14.f);
  d.text(P2(0, 0), "bad size", Color{}, kInf);
  REQUIRE(texts.size() == 1);
  CHECK(texts[0].text == "kept");
}

TEST_CASE("overlays: a trace with non-finite states, costs and weights builds finite batches") {
  PendulumEnv env;
  const int H = 6, sd = 2, n = 5;
  PlanTrace t;
  t.planner = "mppi";
  t.horizon = H;
  t.state_dim = sd;
  t.action_dim = 1;
  t.iterations.resize(1);
  t.iterations_used = 1;
  SampleSet& s = t.iterations[0];
  s.population = n;
  s.states = Mat::Random(sd * (H + 1), n);
  s.states.col(1).setConstant(kNaN);  // a wholly diverged sample
  s.states(sd * 3, 2) = kInf;         // one that diverges midway
  s.states(sd * 4 + 1, 3) = kNaN;
  s.actions = Mat::Zero(H, n);
  s.costs = Vec::LinSpaced(n, 1.f, 5.f);
  s.costs(1) = kNaN;  // a NaN among costs: std::sort would read out of bounds without a strict order
  s.weights = Vec::Constant(n, 0.2f);
  s.weights(1) = kNaN;
  s.weights(4) = kInf;
  for (int j = 0; j < n; ++j) s.index.push_back(j);
  s.elite.assign(size_t(n), 0);
  s.best_index = 1;
  t.plan_states = Mat::Random(sd, H + 1);
  t.plan_states(0, 2) = kNaN;
  OverlayBuilder builder;
  Batch samples, out;
  for (float line_scale : {1.f, 2.f}) {  // hairlines, and quads for the projector's thick lines
    const OverlayStats st = builder.build_plan(t, env, Overlays{}, Theme::Dark, line_scale, samples, out);
    CHECK(st.trajectories == n);
    CHECK(all_finite(samples));
    CHECK(all_finite(out));
    CHECK(!samples.empty());
    CHECK(!out.empty());  // the plan's finite parts
  }
  // A trace whose kept samples disagree in count (e.g. cut short) is not drawn, not read past its end.
  s.index.pop_back();
  const OverlayStats st = builder.build_plan(t, env, Overlays{}, Theme::Dark, 1.f, samples, out);
  CHECK(st.trajectories == 0);
  // MCTS paths with a NaN return and NaN node states.
  auto m = std::make_shared<MctsTrace>();
  m->states = Mat::Random(sd, 4);
  m->states(0, 2) = kNaN;
  m->path_nodes = {0, 1, 2, 0, 3, 0, 1};
  m->path_begin = {0, 3, 5, 7};
  m->path_returns = {1.f, kNaN, -2.f};
  t.mcts = m;
  t.iterations_used = 0;
  builder.build_plan(t, env, Overlays{}, Theme::Dark, 1.f, samples, out);
  CHECK(all_finite(samples));
}

TEST_CASE("rasteriser: a job is cancelled when its rasteriser is destroyed, so the window's exit never waits for it") {
  // 20000 strips zig-zagging across a 2000 x 2000 image: billions of pixel blends, many seconds.
  Batch b;
  std::vector<P2> zigzag(100);
  for (int i = 0; i < 100; ++i) zigzag[size_t(i)] = P2(i % 2 ? 1999.f : 0.f, float(i) * 20.f);
  for (int s = 0; s < 20000; ++s) b.hair_strip(zigzag.data(), 100, Color(1.f, 1.f, 1.f, 0.01f));
  const RasterView view{1.f, 0.f, 0.f, 2000, 2000};
  const auto t0 = std::chrono::steady_clock::now();
  {
    SampleRasterizer r;
    r.start(b, view, 1);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    CHECK(r.busy());
  }  // the destructor cancels and joins
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  MESSAGE("destroyed after " << took << " s");
  CHECK(took < 5.0);
  // A cancelled call paints nothing.
  const std::atomic<bool> cancel{true};
  RasterImage img;
  rasterize_hairlines(b.lines(), b.strip_first(), b.strip_count(), RasterView{1.f, 0.f, 0.f, 64, 64}, img, &cancel);
  CHECK(painted(img) == 0);
}
