#include "app/gui/recording_view.hpp"

#include <algorithm>

#include "app/gui/engine_view.hpp"

namespace mbrl::gui {

bool recording_view(const Recording& rec, int64_t frame, SessionView& v) {
  auto lk = rec.lock();
  if (rec.frames().empty()) return false;
  frame = std::clamp<int64_t>(frame, 0, rec.last_frame());
  const RecordFrame& f = rec.frames()[size_t(frame)];
  if (!f.detail) return false;
  const RecordSnapshot& snap = rec.snapshot_at(frame);
  // Versions the app compares to notice changes: unique per frame, apart from the live session's.
  const int64_t version = -1000 - frame;
  v.episode = -1000000 - f.episode;
  v.step = f.ep_step;
  v.seed = rec.setup.seed;
  v.state = f.state;
  if (v.env != snap.env) {
    v.env = snap.env;
    ++v.env_version;
  }
  v.dt = env_dt(*snap.env);
  v.env_name = snap.env_name;
  v.planner_name = snap.planner_name;
  v.model_kind = snap.model_kind;
  v.learned = snap.model_kind != "true";
  // The episode up to this frame (frames whose state the cap dropped are left out).
  const int64_t start = std::max(rec.episode_start(frame), rec.first_detailed());
  v.states.clear();
  v.actions.clear();
  v.costs.clear();
  for (int64_t k = start; k <= frame; ++k) {
    const RecordFrame& g = rec.frames()[size_t(k)];
    v.states.push_back(g.state);
    if (k > start && g.action.size() > 0) {
      v.actions.push_back(g.action);
      v.costs.push_back(g.cost);
    }
  }
  if (v.actions.size() + 1 != v.states.size()) v.actions.clear(), v.costs.clear();
  if (auto plan = rec.plan_at(frame)) {
    v.trace = *plan;
    v.has_trace = true;
  } else {
    v.has_trace = false;
  }
  v.trace_version = version;
  v.fan.reset();
  if (const ParamSet* p = snap.params.find("planner")) v.planner_params = *p;
  if (const ParamSet* p = snap.params.find("env")) v.env_params = *p;
  if (const ParamSet* p = snap.params.find("mpc")) v.mpc_params = *p;
  v.params_version = version;
  v.planning = false;
  return true;
}

}  // namespace mbrl::gui
