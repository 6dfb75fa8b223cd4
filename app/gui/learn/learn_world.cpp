#include "app/gui/learn/learn_world.hpp"

#include <algorithm>
#include <vector>

namespace mbrl::gui {

namespace {
void path(const Env& env, const Mat& states, Color c, float width, Batch& b, bool end_marker = true) {
  if (states.rows() != env.state_dim() || states.cols() < 2) return;
  Eigen::Matrix2Xf pts(2, states.cols());
  env.world_points(states, pts);
  std::vector<P2> line(size_t(states.cols()));
  for (Eigen::Index i = 0; i < states.cols(); ++i) line[size_t(i)] = P2(pts(0, i), pts(1, i));
  if (!std::all_of(line.begin(), line.end(), [](const P2& p) { return p.allFinite(); })) return;
  b.polyline(line.data(), int(line.size()), c, width, false);
  if (end_marker) b.point(line.back(), 5.f * width, c);  // where the prediction ends up after H steps
}
}  // namespace

void draw_ghosts(const SessionView& v, const Env& env, const LearnViewState& s, Theme theme, float line_scale,
                 Batch& b) {
  if (!v.learned || !s.ghosts || !v.learn.eval || v.learn.eval->ghosts.empty()) return;
  const auto& gs = v.learn.eval->ghosts;
  const ModelEvaluation::Ghost& g =
      gs[size_t(s.ghost < 0 ? int(gs.size()) - 1 : std::min(s.ghost, int(gs.size()) - 1))];
  path(env, g.truth, palette(theme).text.with_alpha(0.85f), 4.f * line_scale, b);
  for (size_t k = 0; k < g.member.size(); ++k)
    path(env, g.member[k], series_color(int(k), theme).with_alpha(0.9f), 2.f * line_scale, b);
  if (g.truth.cols() > 0) {
    Eigen::Matrix2Xf p0(2, 1);
    env.world_points(g.truth.leftCols(1), p0);
    b.point(P2(p0(0, 0), p0(1, 0)), 12.f * line_scale, palette(theme).text);
  }
}

void draw_fan(const SessionView& v, const Env& env, const LearnViewState& s, Theme theme, float line_scale, Batch& b) {
  if (!v.learned || !s.fan || !v.fan) return;
  for (size_t k = 0; k < v.fan->member.size(); ++k)
    path(env, v.fan->member[k], series_color(int(k), theme).with_alpha(0.85f), 1.8f * line_scale, b);
}

}  // namespace mbrl::gui
