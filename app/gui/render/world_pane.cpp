#include "app/gui/render/world_pane.hpp"

#include <algorithm>
#include <cmath>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/gui/learn/learn_world.hpp"

namespace mbrl::gui {

namespace {
// Sample-line vertices the GPU draws itself; more go to the helper-thread rasteriser. On a
// software GL (llvmpipe under Xvfb) the helper thread wins already at a few hundred trajectories.
constexpr size_t kGpuSamplePointsHw = 2000000, kGpuSamplePointsSw = 6000;
}  // namespace

void WorldPane::build(const SessionView& view_, const UiState& ui_, const Camera& camera_, int fb_h,
                      const std::optional<Vec>& ghost, double now) {
  if (!view_.env) return;
  const Env& env = *view_.env;
  // Environment picture and grid, every frame (small).
  Batch& b = env_batch_.cpu;
  b.clear();
  texts_.clear();
  {
    const ThemePalette& pal = palette(ui_.theme);
    const Viewport& vp = camera_.viewport();
    const P2 lo = camera_.to_world(P2(vp.x, float(fb_h) - vp.y));
    const P2 hi = camera_.to_world(P2(vp.x + vp.w, float(fb_h) - vp.y - vp.h));
    const float step = grid_step(camera_.pixels_per_unit());
    const Color gc = pal.grid.with_alpha(ui_.theme == Theme::Dark ? 0.45f : 0.6f);
    std::vector<float>& lines = grid_;
    grid_lines(lo.x(), hi.x(), step, lines);
    for (float x : lines) b.segment({x, lo.y()}, {x, hi.y()}, gc, 1.f);
    grid_lines(lo.y(), hi.y(), step, lines);
    for (float y : lines) b.segment({lo.x(), y}, {hi.x(), y}, gc, 1.f);
  }
  if (view_.state.size() == env.state_dim()) {
    WorldDrawList d(b, texts_, ui_.theme, ui_.line_scale);
    env.draw(view_.state, d);
    if (!view_.actions.empty() && view_.actions.back().size() == env.action_dim())
      env.draw_action(view_.state, view_.actions.back(), d);
    if (ghost && ghost->size() == env.state_dim()) {  // e.g. the MCTS node selected in the tree inspector
      d.set_fade(0.4f);
      env.draw(*ghost, d);
    }
  }
  env_batch_.mark_dirty();
  learn_batch_.cpu.clear();
  if (!ui_.hide_ui) {
    draw_fan(view_, env, ui_.learn, ui_.theme, ui_.line_scale, learn_batch_.cpu);
    draw_ghosts(view_, env, ui_.learn, ui_.theme, ui_.line_scale, learn_batch_.cpu);
  }
  learn_batch_.mark_dirty();

  // Plan overlays: only when the trace or a toggle changed.
  const Overlays& o = ui_.overlays;
  const uint64_t sig = (uint64_t(o.samples) << 0) | (uint64_t(o.elites) << 1) | (uint64_t(o.mean_plan) << 2) |
                       (uint64_t(o.best) << 3) | (uint64_t(o.trail) << 4) | (uint64_t(o.color_mode) << 5) |
                       (uint64_t(o.cem_iteration + 1) << 8) | (uint64_t(ui_.theme == Theme::Dark) << 20) |
                       (uint64_t(std::lround(ui_.line_scale * 100.f)) << 24) | (uint64_t(view_.env_version) << 40);
  // A new plan's overlay is built at most as often as keeps it under a quarter of the frame
  // loop's time (it is thousands of segments when samples are many); toggles apply at once.
  const bool new_trace = plan_built_for_ != view_.trace_version;
  // Never throttled while nothing is shown (e.g. the first plan after a learned model's random
  // phase): one slow frame earlier must not hide the samples for seconds.
  const bool throttled =
      !sync_ && new_trace && sig == overlay_sig_ && view_.has_trace && stats_.trajectories > 0 && now < overlay_next_;
  if ((sig != overlay_sig_ || new_trace || !view_.has_trace) && !throttled) {
    const double t0 = now;
    if (view_.has_trace)
      stats_ = overlay_.build_plan(view_.trace, env, o, ui_.theme, ui_.line_scale, samples_batch_.cpu, plan_batch_.cpu);
    else
      samples_batch_.cpu.clear(), plan_batch_.cpu.clear(), stats_ = {};
    samples_batch_.mark_dirty();
    plan_batch_.mark_dirty();
    plan_built_for_ = view_.trace_version;
    overlay_cost_ = glfwGetTime() - t0;  // the render part is added there
  }
  if (sig != overlay_sig_ || trail_built_for_ != view_.episode || trail_len_ != view_.states.size()) {
    overlay_.build_trail(view_.states, env, o, ui_.theme, ui_.line_scale, trail_batch_.cpu);
    trail_batch_.mark_dirty();
    trail_built_for_ = view_.episode;
    trail_len_ = view_.states.size();
  }
  overlay_sig_ = sig;
}

void WorldPane::render(Renderer& renderer_, const Camera& camera_, int fb_w, int fb_h, Rgba background, double now) {
  renderer_.clear_viewport(camera_, background);
  // Everything stays inside this pane (lanes sit side by side).
  // (Compositing a cached layer resets the clip, so it is set again before each draw.)
  const Viewport& vp_clip = camera_.viewport();
  auto clip = [&] {
    glEnable(GL_SCISSOR_TEST);
    glScissor(GLint(vp_clip.x), GLint(vp_clip.y), GLsizei(vp_clip.w), GLsizei(vp_clip.h));
  };
  clip();
  renderer_.draw(env_batch_, camera_, float(fb_w), float(fb_h));
  const uint64_t key = overlay_sig_ * 0x9E3779B97F4A7C15ull ^ uint64_t(plan_built_for_);
  const bool rebuilt = samples_batch_.dirty();
  const double t0 = now;
  // Few trajectories (or a real GPU): the GPU draws the sample lines into a cached layer.
  // Many on a software GL: a helper thread rasterises them (llvmpipe's per-line setup is slow).
  const size_t gpu_limit = renderer_.software() ? kGpuSamplePointsSw : kGpuSamplePointsHw;
  const Viewport& vp = camera_.viewport();
  const P2 o = camera_.offset() - P2(vp.x, vp.y);
  const RasterView rv{camera_.pixels_per_unit(), o.x(), o.y(), std::max(1, int(vp.w)), std::max(1, int(vp.h))};
  if (sync_) {  // an export: this picture shows this plan, drawn now
    if (samples_batch_.cpu.lines().size() <= gpu_limit) {
      renderer_.draw(samples_batch_, camera_, float(fb_w), float(fb_h));
    } else {
      RasterImage img;
      rasterize_hairlines(samples_batch_.cpu.lines(), samples_batch_.cpu.strip_first(),
                          samples_batch_.cpu.strip_count(), rv, img);
      renderer_.upload(image_layer_, img.view.w, img.view.h, img.rgba.data(), rv.ppu, rv.ox, rv.oy, key);
      samples_batch_.mark_clean();
      renderer_.composite_image(image_layer_, camera_, float(fb_w), float(fb_h));
    }
  } else if (samples_batch_.cpu.lines().size() <= gpu_limit) {
    renderer_.draw_cached(samples_batch_, plan_layer_, key, camera_, float(fb_w), float(fb_h));
    image_layer_.valid = false;
  } else {
    RasterImage img;
    if (raster_.poll(img)) {
      renderer_.upload(image_layer_, img.view.w, img.view.h, img.rgba.data(), img.view.ppu, img.view.ox, img.view.oy,
                       img.key);
      // The helper thread gets at most a third of a core: llvmpipe and the planner need the rest.
      raster_next_ = now + 2.0 * img.seconds;
    }
    const bool current = image_layer_.valid && image_layer_.key == key && image_layer_.ppu == rv.ppu &&
                         image_layer_.ox == rv.ox && image_layer_.oy == rv.oy && image_layer_.w == rv.w &&
                         image_layer_.h == rv.h;
    if (!current && !raster_.busy() && (now >= raster_next_ || !image_layer_.valid))
      raster_.start(samples_batch_.cpu, rv, key);
    samples_batch_.mark_clean();
    renderer_.composite_image(image_layer_, camera_, float(fb_w), float(fb_h));
  }
  clip();
  renderer_.draw(plan_batch_, camera_, float(fb_w), float(fb_h));
  if (rebuilt) {
    const double now = glfwGetTime();
    overlay_cost_ += now - t0;
    overlay_next_ = now + 3.0 * overlay_cost_;
  }
  clip();
  renderer_.draw(trail_batch_, camera_, float(fb_w), float(fb_h));
  clip();
  renderer_.draw(learn_batch_, camera_, float(fb_w), float(fb_h));
  glDisable(GL_SCISSOR_TEST);
}

}  // namespace mbrl::gui
