#pragma once
// One world view of one episode: the environment's picture over a grid, the plan's sampled
// trajectories, the plan and the executed trail, the learned model's fan and ghosts, built from a
// SessionView and drawn into the camera's viewport. The window has one; a lesson with lanes has
// one per lane, side by side under one camera. Caches what it built (a plan's overlay is rebuilt
// only when the plan or a toggle changes) and rasterises many samples off-thread on software GL.
#include <optional>
#include <vector>

#include "app/gui/render/batch.hpp"
#include "app/gui/render/camera.hpp"
#include "app/gui/render/overlays.hpp"
#include "app/gui/render/renderer.hpp"
#include "app/gui/render/sample_raster.hpp"
#include "app/gui/render/world_draw_list.hpp"
#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

class WorldPane {
 public:
  // Builds the CPU side for `view` seen through `camera` (framebuffer height `fb_h`); `ghost`, if
  // any, is drawn faded over the scene (the MCTS node selected in the tree inspector). `now`: seconds.
  void build(const SessionView& view, const UiState& ui, const Camera& camera, int fb_h,
             const std::optional<Vec>& ghost, double now);
  // Draws into the camera's viewport (clears it to `background` first).
  void render(Renderer& renderer, const Camera& camera, int fb_w, int fb_h, Rgba background, double now);

  // Synchronous (exports): every build draws its plan at once (no throttling) and every render
  // shows it in this very picture (no cached layer a frame behind, no helper thread).
  void set_synchronous(bool on) { sync_ = on; }

  const std::vector<WorldText>& texts() const { return texts_; }
  const OverlayStats& stats() const { return stats_; }

 private:
  GpuBatch env_batch_, samples_batch_, plan_batch_, trail_batch_;
  GpuBatch learn_batch_;  // learned-model views over everything else (ghosts), rebuilt every frame
  SampleRasterizer raster_;
  ImageLayer image_layer_;  // many samples, rasterised off-thread
  double raster_next_ = 0;  // time before which no new rasterisation starts
  LayerCache plan_layer_;   // the sample overlay, re-rasterised once per plan (or camera move)
  std::vector<WorldText> texts_;
  std::vector<float> grid_;  // grid line positions (scratch)
  OverlayBuilder overlay_;
  OverlayStats stats_;
  // What the cached batches were built from.
  int64_t plan_built_for_ = -2, trail_built_for_ = -2;
  size_t trail_len_ = 0;
  uint64_t overlay_sig_ = 0;
  double overlay_cost_ = 0, overlay_next_ = 0;  // seconds: last overlay build+render, next allowed
  bool sync_ = false;
};

}  // namespace mbrl::gui
