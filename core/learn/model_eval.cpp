#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/model_eval.hpp"

#include <algorithm>

namespace mbrl {

namespace {
double mean_error(const Mat& pred, const Mat& truth, const ObsMap& obs) {
  Mat d = pred - truth;
  for (int a : obs.angle_dims) d.row(a) = d.row(a).unaryExpr([](float v) { return wrap_angle(v); });
  return double(d.colwise().norm().mean());
}
}  // namespace

KStepError kstep_error(const LearnedModel& m, const Dataset& d, const std::vector<int>& starts, int H, uint64_t seed) {
  KStepError r;
  const int K = m.ensemble().members(), sd = d.state_dim(), ad = d.action_dim();
  const Eigen::Index n = Eigen::Index(starts.size());
  r.windows = int(n);
  r.model.assign(size_t(H), 0.0);
  r.member.assign(size_t(K), std::vector<double>(size_t(H), 0.0));
  if (n == 0 || H <= 0) return r;
  std::vector<Mat> acts(size_t(H), Mat(ad, n)), truth(size_t(H), Mat(sd, n));
  Mat s0(sd, n);
  for (Eigen::Index c = 0; c < n; ++c) {
    const int i = starts[size_t(c)];
    s0.col(c) = d.state(i);
    for (int t = 0; t < H; ++t) {
      acts[size_t(t)].col(c) = d.action(i + t);
      truth[size_t(t)].col(c) = d.next_state(i + t);
    }
  }
  auto ws = m.make_workspace(int(n));
  Mat s = s0, next(sd, n);
  StepContext ctx;
  ctx.seed = seed;
  ctx.workspace = ws.get();
  for (int t = 0; t < H; ++t) {
    ctx.t = t;
    m.step(s, acts[size_t(t)], next, ctx);
    s.swap(next);
    r.model[size_t(t)] = mean_error(s, truth[size_t(t)], m.obs_map());
  }
  for (int k = 0; k < K; ++k) {
    s = s0;
    for (int t = 0; t < H; ++t) {
      m.step_member(k, s, acts[size_t(t)], next, ws.get());
      s.swap(next);
      r.member[size_t(k)][size_t(t)] = mean_error(s, truth[size_t(t)], m.obs_map());
    }
  }
  r.member_min.assign(size_t(H), 0.0);
  r.member_max.assign(size_t(H), 0.0);
  for (int t = 0; t < H; ++t) {
    double lo = r.member[0][size_t(t)], hi = lo;
    for (int k = 1; k < K; ++k) {
      lo = std::min(lo, r.member[size_t(k)][size_t(t)]);
      hi = std::max(hi, r.member[size_t(k)][size_t(t)]);
    }
    r.member_min[size_t(t)] = lo;
    r.member_max[size_t(t)] = hi;
  }
  return r;
}

Mat open_loop(const LearnedModel& m, const Vec& s0, const Mat& actions, int k, uint64_t seed) {
  const int H = int(actions.cols());
  Mat out(s0.size(), H + 1);
  out.col(0) = s0;
  auto ws = m.make_workspace(1);
  StepContext ctx;
  ctx.seed = seed;
  ctx.workspace = ws.get();
  Vec next(s0.size());
  for (int t = 0; t < H; ++t) {
    ctx.t = t;
    if (k < 0)
      m.step(out.col(t), actions.col(t), next, ctx);
    else
      m.step_member(k, out.col(t), actions.col(t), next, ws.get());
    out.col(t + 1) = next;
  }
  return out;
}

}  // namespace mbrl
