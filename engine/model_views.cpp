#include "core/eigen_warnings.hpp"  // first: see there
#include "engine/model_views.hpp"

#include <algorithm>
#include <cmath>

#include "core/learn/obs_map.hpp"

namespace mbrl {

namespace {
void coverage(const LearnedModel& model, const Dataset& data_, const ActionBounds& b, ModelEvaluation& ev) {
  constexpr int kGrid = 48, kMaxPoints = 4000;
  const int n = data_.size(), sd = data_.state_dim(), ad = data_.action_dim();
  if (n == 0 || sd < 2) return;
  ModelEvaluation::Coverage& c = ev.coverage;
  Vec mean = Vec::Zero(sd);
  float x0 = 1e30f, x1 = -1e30f, y0 = 1e30f, y1 = -1e30f;
  for (int i = 0; i < n; ++i) {
    const Vec s = data_.state(i);
    mean += s / float(n);
    x0 = std::min(x0, s(0)), x1 = std::max(x1, s(0)), y0 = std::min(y0, s(1)), y1 = std::max(y1, s(1));
  }
  // The slice reaches past the data on every side, so the disagreement off the data shows.
  const float px = std::max(0.25f * (x1 - x0), 0.1f), py = std::max(0.25f * (y1 - y0), 0.1f);
  c.x0 = x0 - px, c.x1 = x1 + px, c.y0 = y0 - py, c.y1 = y1 + py;
  c.grid = kGrid;
  const int G = kGrid, N = G * G;
  Mat S(sd, N), A(ad, N);
  for (int j = 0; j < G; ++j)
    for (int i = 0; i < G; ++i) {
      Vec s = mean;
      s(0) = c.x0 + (c.x1 - c.x0) * (float(i) + 0.5f) / float(G);
      s(1) = c.y0 + (c.y1 - c.y0) * (float(j) + 0.5f) / float(G);
      S.col(j * G + i) = s;
    }
  c.variance.assign(size_t(N), 0.f);
  Vec var(N);
  for (float u : {0.f, 0.5f, 1.f}) {  // low, middle and high action: the mean disagreement
    for (int d = 0; d < ad; ++d) A.row(d).setConstant(b.lo(d) + u * (b.hi(d) - b.lo(d)));
    model.member_variance(S, A, var);
    for (int q = 0; q < N; ++q) c.variance[size_t(q)] += var(q) / 3.f;
  }
  const int stride = std::max(1, n / kMaxPoints);
  for (int i = 0; i < n; i += stride) {
    c.px.push_back(data_.state(i)(0));
    c.py.push_back(data_.state(i)(1));
    c.source.push_back(data_.source(i));
  }
}
}  // namespace

std::shared_ptr<const ModelEvaluation> evaluate_model(const LearnedModel& model, const Dataset& data,
                                                      const ModelParams& mp, uint64_t split_seed, int version,
                                                      const ActionBounds& bounds) {
  constexpr int kHorizon = 20, kMaxWindows = 200, kMaxGhosts = 40;
  std::vector<int> all(size_t(data.size()));
  for (int i = 0; i < data.size(); ++i) all[size_t(i)] = i;
  int H = kHorizon;
  std::vector<int> windows = data.window_starts(all, H);
  while (windows.empty() && H > 2) windows = data.window_starts(all, H /= 2);
  if (windows.empty()) return nullptr;
  auto ev = std::make_shared<ModelEvaluation>();
  ev->version = version;
  ev->objective = mp.objective == Objective::KStep ? "K-step (K = " + std::to_string(mp.k) + ")" : "1-step";
  ev->horizon = H;
  std::vector<int> starts;
  for (int i : windows)
    if (Dataset::is_holdout(data.serial(i), mp.holdout, split_seed)) starts.push_back(i);
  ev->held_out = !starts.empty();
  if (starts.empty()) starts = windows;
  auto spread = [](const std::vector<int>& from, size_t n) {
    if (from.size() <= n) return from;
    std::vector<int> out;
    for (size_t j = 0; j < n; ++j) out.push_back(from[j * from.size() / n]);
    return out;
  };
  starts = spread(starts, kMaxWindows);
  ev->error = kstep_error(model, data, starts, H);
  const int sd = data.state_dim(), ad = data.action_dim(), K = model.ensemble().members();
  for (int i : spread(starts, kMaxGhosts)) {
    ModelEvaluation::Ghost g;
    g.truth.resize(sd, H + 1);
    Mat acts(ad, H);
    g.truth.col(0) = data.state(i);
    for (int t = 0; t < H; ++t) {
      acts.col(t) = data.action(i + t);
      g.truth.col(t + 1) = data.next_state(i + t);
    }
    const Vec s0 = data.state(i);
    for (int k = 0; k < K; ++k) g.member.push_back(open_loop(model, s0, acts, k));
    ev->ghosts.push_back(std::move(g));
  }
  coverage(model, data, bounds, *ev);
  return ev;
}

std::shared_ptr<const EnsembleFan> ensemble_fan(const LearnedModel& model, const ObsMap& obs_, const Vec& s0,
                                                const Mat& actions) {
  if (actions.cols() == 0 || s0.size() != model.state_dim()) return nullptr;
  auto f = std::make_shared<EnsembleFan>();
  const int K = model.ensemble().members();
  for (int k = 0; k < K; ++k) f->member.push_back(open_loop(model, s0, actions, k));
  const Eigen::Index T = actions.cols() + 1, sd = s0.size();
  f->variance.assign(size_t(T), 0.f);
  for (Eigen::Index t = 0; t < T; ++t) {
    for (Eigen::Index d = 0; d < sd; ++d) {
      // Deviations from member 0 (wrapped for angles), then their variance over members.
      double sum = 0, sum2 = 0;
      for (int k = 0; k < K; ++k) {
        float x = f->member[size_t(k)](d, t) - f->member[0](d, t);
        if (obs_.is_angle(int(d))) x = wrap_angle(x);
        sum += x;
        sum2 += double(x) * x;
      }
      const double m = sum / K;
      f->variance[size_t(t)] += float(std::max(0.0, sum2 / K - m * m));
    }
  }
  return f;
}

}  // namespace mbrl
