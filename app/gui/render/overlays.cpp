#include "app/gui/render/overlays.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/mcts/mcts_trace.hpp"

namespace mbrl::gui {

int shown_iteration(const PlanTrace& t, const Overlays& o) {
  if (t.iterations_used <= 0) return -1;
  if (o.cem_iteration < 0 || o.cem_iteration >= t.iterations_used) return t.iterations_used - 1;
  return o.cem_iteration;
}

bool colors_by_weight(const PlanTrace& t, const Overlays& o) {
  if (o.color_mode == 1) return true;
  if (o.color_mode == 2) return false;
  return t.planner == "mppi";
}

bool has_elites(const SampleSet& it) {
  int n = 0;
  for (unsigned char e : it.elite) n += e != 0;
  return n > 1;
}

namespace {
// A sort key without NaN: NaN becomes +inf (the most expensive cost, the worst return).
float nan_last(float v) { return std::isnan(v) ? std::numeric_limits<float>::infinity() : v; }

// Maps a (state_dim*(H+1)) x n block to world points, 2 x ((H+1)*n), column per state.
void map_points(const Mat& states, int state_dim, const Env& env, Eigen::Matrix2Xf& out) {
  const Eigen::Index cols = states.size() / state_dim;
  if (out.cols() != cols) out.resize(2, cols);
  Eigen::Map<const Mat> flat(states.data(), state_dim, cols);
  env.world_points(flat, out);
}
}  // namespace

OverlayStats OverlayBuilder::build_plan(const PlanTrace& t, const Env& env, const Overlays& o, Theme theme,
                                        float line_scale, Batch& samples, Batch& out) {
  out.clear();
  samples.clear();
  OverlayStats stats;
  const int sd = t.state_dim, H = t.horizon;
  if (sd <= 0 || H <= 0 || sd != env.state_dim()) return stats;
  const ThemePalette& pal = palette(theme);
  const int it_i = shown_iteration(t, o);
  const SampleSet* it = it_i >= 0 ? &t.iterations[size_t(it_i)] : nullptr;
  const int steps = H + 1;

  const int kept = it ? int(it->states.cols()) : 0;
  const bool consistent = it && it->costs.size() == kept && int(it->index.size()) == kept &&
                          int(it->elite.size()) == kept && it->actions.cols() == kept;
  if (it && consistent && it->states.rows() == sd * steps && kept > 0) {
    const int n = kept;
    map_points(it->states, sd, env, pts_);
    // Colour value per kept sample: relative log-weight, or cost rank (1 = cheapest). NaN costs
    // rank as the most expensive: std::sort needs a strict weak order (NaN breaks it, and then
    // reads out of bounds).
    order_.resize(size_t(n));
    for (int j = 0; j < n; ++j) order_[size_t(j)] = j;
    std::sort(order_.begin(), order_.end(), [&](int a, int b) {
      const float ca = nan_last(it->costs(a)), cb = nan_last(it->costs(b));
      return ca > cb || (ca == cb && a < b);
    });
    unit_.assign(size_t(n), 0.f);
    if (colors_by_weight(t, o) && it->weights.size() == n) {
      // A plain max (Eigen's vectorised maxCoeff trips GCC 12's -Wmaybe-uninitialized with AVX-512).
      const float wmax = *std::max_element(it->weights.data(), it->weights.data() + n);
      for (int j = 0; j < n; ++j) unit_[size_t(j)] = weight_to_unit(it->weights(j), wmax);
    } else {
      for (int r = 0; r < n; ++r) unit_[size_t(order_[size_t(r)])] = rank_to_unit(n - 1 - r, n);
    }
    const float alpha_scale = std::clamp(std::sqrt(300.f / float(n)), 0.3f, 1.f);
    // Thin, faint samples as hairlines (cheap for thousands); anti-aliased quads when the
    // classroom line scale makes them thick.
    const bool hair = line_scale < 1.5f;
    const float w = 1.2f * line_scale;
    const bool elites = o.elites && has_elites(*it);
    if (o.samples) {
      if (hair)
        samples.reserve_strips(size_t(n), size_t(n) * size_t(steps));
      else
        samples.reserve_shapes(size_t(n) * size_t(H) + 64);
      for (int r = 0; r < n; ++r) {  // most expensive first: the cheap ones end on top
        const int j = order_[size_t(r)];
        if (elites && it->elite[size_t(j)]) continue;
        const Color c = trajectory_color(unit_[size_t(j)], theme, alpha_scale);
        const float* p = pts_.data() + size_t(j) * size_t(steps) * 2;
        if (hair) {
          line_.resize(size_t(steps));
          for (int k = 0; k < steps; ++k) line_[size_t(k)] = P2(p[2 * k], p[2 * k + 1]);
          samples.hair_strip(line_.data(), steps, c);
        } else {
          for (int k = 0; k < H; ++k) samples.segment({p[2 * k], p[2 * k + 1]}, {p[2 * k + 2], p[2 * k + 3]}, c, w);
        }
        ++stats.trajectories;
        stats.segments += H;
      }
    }
    if (elites) {
      const Color c = pal.elite.with_alpha(0.75f);
      for (int r = 0; r < n; ++r) {
        const int j = order_[size_t(r)];
        if (!it->elite[size_t(j)]) continue;
        const float* p = pts_.data() + size_t(j) * size_t(steps) * 2;
        for (int k = 0; k < H; ++k)
          out.segment({p[2 * k], p[2 * k + 1]}, {p[2 * k + 2], p[2 * k + 3]}, c, 1.6f * line_scale);
        ++stats.trajectories;
        stats.segments += H;
      }
    }
    if (o.best) {
      int j = -1;
      for (int q = 0; q < n; ++q)
        if (it->index[size_t(q)] == it->best_index) j = q;
      if (j >= 0) {
        const float* p = pts_.data() + size_t(j) * size_t(steps) * 2;
        line_.clear();
        for (int k = 0; k < steps; ++k) line_.emplace_back(p[2 * k], p[2 * k + 1]);
        out.polyline(line_.data(), steps, pal.best_sample, 2.6f * line_scale, false);
      }
    }
  }
  if (t.mcts && o.samples) stats.trajectories += build_mcts_paths(*t.mcts, env, theme, samples);
  if (o.mean_plan && t.plan_states.rows() == sd && t.plan_states.cols() == steps) {
    map_points(t.plan_states, sd, env, pts_);
    line_.clear();
    for (int k = 0; k < steps; ++k) line_.emplace_back(pts_(0, k), pts_(1, k));
    const Color halo = palette(theme).background.with_alpha(0.6f);
    out.polyline(line_.data(), steps, halo, 5.f * line_scale, false);
    out.polyline(line_.data(), steps, pal.mean_plan, 2.6f * line_scale, false);
    for (int k = 1; k < steps; ++k) out.point(line_[size_t(k)], 5.f * line_scale, pal.mean_plan);
  }
  return stats;
}

// MCTS: each recent simulation path (root -> leaf through the tree's stored states) as a faint
// line coloured by the return it backed up (rank: bright = best), then the last rollout.
int OverlayBuilder::build_mcts_paths(const MctsTrace& m, const Env& env, Theme theme, Batch& out) {
  const int sd = env.state_dim();
  const int paths = m.paths();
  if (paths <= 0 || m.states.rows() != sd) return 0;
  order_.resize(size_t(paths));
  for (int k = 0; k < paths; ++k) order_[size_t(k)] = k;
  if (int(m.path_returns.size()) < paths) return 0;
  // Returns ascending (NaN as the worst: -inf), ties by path: a strict weak order.
  auto ret = [&](int k) { return -nan_last(-m.path_returns[size_t(k)]); };
  std::sort(order_.begin(), order_.end(), [&](int a, int b) { return ret(a) < ret(b) || (ret(a) == ret(b) && a < b); });
  Mat block;
  for (int r = 0; r < paths; ++r) {  // worst first, best on top
    const int k = order_[size_t(r)];
    const int b = m.path_begin[size_t(k)], e = m.path_begin[size_t(k) + 1];
    if (e - b < 2) continue;
    block.resize(sd, e - b);
    for (int i = b; i < e; ++i) {
      const int node = m.path_nodes[size_t(i)];
      if (node < 0 || node >= m.states.cols()) return r;
      block.col(i - b) = m.states.col(node);
    }
    if (pts_.cols() != block.cols()) pts_.resize(2, block.cols());
    env.world_points(block, pts_);
    line_.resize(size_t(block.cols()));
    for (int i = 0; i < int(block.cols()); ++i) line_[size_t(i)] = P2(pts_(0, i), pts_(1, i));
    out.hair_strip(line_.data(), int(line_.size()), trajectory_color(rank_to_unit(paths - 1 - r, paths), theme, 0.8f));
  }
  if (m.last_rollout.rows() == sd && m.last_rollout.cols() > 1) {
    if (pts_.cols() != m.last_rollout.cols()) pts_.resize(2, m.last_rollout.cols());
    env.world_points(m.last_rollout, pts_);
    line_.resize(size_t(m.last_rollout.cols()));
    for (int i = 0; i < int(line_.size()); ++i) line_[size_t(i)] = P2(pts_(0, i), pts_(1, i));
    out.polyline(line_.data(), int(line_.size()), palette(theme).elite.with_alpha(0.8f), 1.5f, false);
  }
  return paths;
}

void OverlayBuilder::build_trail(const std::vector<Vec>& states, const Env& env, const Overlays& o, Theme theme,
                                 float line_scale, Batch& out) {
  out.clear();
  if (!o.trail || states.size() < 2) return;
  const int sd = env.state_dim();
  const int keep = std::min<int>(int(states.size()), 300);
  const int first = int(states.size()) - keep;
  Mat block(sd, keep);
  for (int i = 0; i < keep; ++i) {
    if (states[size_t(first + i)].size() != sd) return;
    block.col(i) = states[size_t(first + i)];
  }
  if (pts_.cols() != keep) pts_.resize(2, keep);
  env.world_points(block, pts_);
  const Color base = palette(theme).executed;
  for (int i = 0; i + 1 < keep; ++i) {
    const float age = float(keep - 1 - i) / float(keep);  // 0 = newest
    const Color c = base.with_alpha(0.95f - 0.75f * age);
    out.segment({pts_(0, i), pts_(1, i)}, {pts_(0, i + 1), pts_(1, i + 1)}, c, 3.f * line_scale);
  }
}

}  // namespace mbrl::gui
