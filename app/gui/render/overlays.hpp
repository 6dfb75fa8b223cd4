#pragma once
// The planner overlays of the world view, built into Batches from the last PlanTrace: every
// kept sampled trajectory mapped into the world by env.world_points (faded by MPPI weight or by
// cost rank in the CVD-safe map), the CEM elites, the best sample, the returned (mean) plan,
// and the executed path. Built only when the trace or a toggle changes, not every frame.
#include <vector>

#include "app/gui/render/batch.hpp"
#include "app/gui/ui_state.hpp"
#include "core/plan_trace.hpp"
#include "envs/env.hpp"

namespace mbrl::gui {

// Which iteration of the trace the overlay shows (CEM: a refit; others: the only one).
int shown_iteration(const PlanTrace& t, const Overlays& o);
// True when the overlay colours samples by weight (else by cost rank).
bool colors_by_weight(const PlanTrace& t, const Overlays& o);
// True when the iteration marks an elite subset (CEM), not just the argmin.
bool has_elites(const SampleSet& it);

struct OverlayStats {
  int trajectories = 0, segments = 0;
};

class OverlayBuilder {
 public:
  // `samples`: the many faint sample lines (cached or rasterised off-thread); `out`: the few
  // emphasised ones (elites, best sample, plan), drawn directly every frame.
  OverlayStats build_plan(const PlanTrace& t, const Env& env, const Overlays& o, Theme theme, float line_scale,
                          Batch& samples, Batch& out);
  void build_trail(const std::vector<Vec>& states, const Env& env, const Overlays& o, Theme theme, float line_scale,
                   Batch& out);

 private:
  int build_mcts_paths(const MctsTrace& m, const Env& env, Theme theme, Batch& out);
  Eigen::Matrix2Xf pts_;  // world points scratch (reused across plans)
  std::vector<int> order_;
  std::vector<float> unit_;
  std::vector<P2> line_;
};

}  // namespace mbrl::gui
