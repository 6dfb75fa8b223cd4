// GCC 12 reports false "uninitialized" warnings inside the AVX-512 intrinsics Eigen inlines here
// (_mm512_undefined_ps in max/min/log); the code is fine.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#pragma GCC diagnostic ignored "-Wuninitialized"
#include "core/sampling_common.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/rng.hpp"
#include "core/rollout.hpp"

namespace mbrl {

int softmin_weights(CVecRef costs, float lambda, VecRef weights) {
  const Eigen::Index n = costs.size();
  int bad = 0;
  float smin = std::numeric_limits<float>::infinity();
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::isfinite(costs(i)))
      smin = std::min(smin, costs(i));
    else
      ++bad;
  }
  if (bad == n) {
    weights.setZero();
    return bad;
  }
  double sum = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    // (S - S_min) >= 0 may overflow to +inf for huge costs: exp(-inf) = 0, still finite.
    const float w = std::isfinite(costs(i)) ? std::exp(-(costs(i) - smin) / lambda) : 0.f;
    weights(i) = w;
    sum += w;
  }
  // sum >= 1: the cheapest sample contributes exp(0).
  const float inv = float(1.0 / sum);
  weights *= inv;
  return bad;
}

float effective_sample_size(CVecRef weights) {
  const double sq = double(weights.squaredNorm());
  return sq > 0 ? float(1.0 / sq) : 0.f;
}

Vec half_range(const ActionBounds& b) { return (b.hi - b.lo) * 0.5f; }

void tile_bounds(const ActionBounds& b, int horizon, Vec& lo, Vec& hi) {
  const Eigen::Index A = b.lo.size();
  lo.resize(A * horizon);
  hi.resize(A * horizon);
  for (int t = 0; t < horizon; ++t) {
    lo.segment(t * A, A) = b.lo;
    hi.segment(t * A, A) = b.hi;
  }
}

void clamp_sequences(MatRef seq, CVecRef lo_tiled, CVecRef hi_tiled) {
  for (Eigen::Index j = 0; j < seq.cols(); ++j) seq.col(j) = seq.col(j).cwiseMax(lo_tiled).cwiseMin(hi_tiled);
}

namespace {
constexpr float kInv24 = 1.0f / 16777216.0f;
constexpr float kTwoPi = 6.28318530717958647692f;
}  // namespace

void fill_normals(uint64_t seed, uint64_t a, int first, uint64_t c, MatRef out, NormalScratch& s) {
  const Eigen::Index rows = out.rows(), n = out.cols();
  const Eigen::Index pairs = (rows + 1) / 2, len = pairs * n;
  if (s.r.size() < len) {
    s.r.resize(len);
    s.theta.resize(len);
    s.z.resize(len);
  }
  // One 64-bit draw gives both uniforms of a Box-Muller pair (24 bits each); u1 in (0, 1).
  for (Eigen::Index j = 0; j < n; ++j) {
    Rng g(seed, a, uint64_t(first + j), c);
    float* r = s.r.data() + j * pairs;
    float* th = s.theta.data() + j * pairs;
    for (Eigen::Index p = 0; p < pairs; ++p) {
      const uint64_t x = g.next_u64();
      r[p] = (float(x >> 40) + 0.5f) * kInv24;
      th[p] = float((x >> 16) & 0xFFFFFFu) * (kInv24 * kTwoPi);
    }
  }
  // Flat arrays so that Eigen vectorises log/sin/cos over the whole chunk (a column of a short
  // horizon is narrower than one AVX-512 packet).
  auto r = s.r.head(len);
  auto th = s.theta.head(len);
  auto z = s.z.head(len);
  r = (-2.0f * r.log()).sqrt();
  z = r * th.cos();
  out.topRows(pairs) = Eigen::Map<const Mat>(z.data(), pairs, n);
  if (rows > pairs) {
    z = r * th.sin();
    out.bottomRows(rows - pairs) = Eigen::Map<const Mat>(z.data(), pairs, n).topRows(rows - pairs);
  }
}

void fill_uniform(uint64_t seed, uint64_t a, int first, uint64_t c, const ActionBounds& b, MatRef out) {
  const Eigen::Index A = b.lo.size(), rows = out.rows();
  for (Eigen::Index j = 0; j < out.cols(); ++j) {
    Rng g(seed, a, uint64_t(first + j), c);
    uint64_t x = 0;
    for (Eigen::Index r = 0; r < rows; ++r) {
      float u;
      if ((r & 1) == 0) {
        x = g.next_u64();
        u = float(x >> 40) * kInv24;
      } else {
        u = float((x >> 16) & 0xFFFFFFu) * kInv24;
      }
      const Eigen::Index d = r % A;
      out(r, j) = b.lo(d) + (b.hi(d) - b.lo(d)) * u;
    }
  }
}

void shift_plan(Mat& plan, int steps, PadMode pad, const ActionBounds& b) {
  const int H = int(plan.cols());
  if (H == 0 || steps <= 0) return;
  const int keep = std::max(0, H - steps);
  // The pad value is taken before the shift overwrites the last column.
  if (pad == PadMode::Last) {
    for (int t = 0; t < keep; ++t) plan.col(t) = plan.col(t + steps);
    for (int t = keep; t < H - 1; ++t) plan.col(t) = plan.col(H - 1);
  } else {
    for (int t = 0; t < keep; ++t) plan.col(t) = plan.col(t + steps);
    for (int t = keep; t < H; ++t) plan.col(t) = Vec::Zero(plan.rows()).cwiseMax(b.lo).cwiseMin(b.hi);
  }
}

void prior_plan(Mat& plan, int action_dim, int horizon, const ActionBounds& b) {
  plan.resize(action_dim, horizon);
  for (int t = 0; t < horizon; ++t) plan.col(t) = Vec::Zero(action_dim).cwiseMax(b.lo).cwiseMin(b.hi);
}

int rank_cheapest(CVecRef costs, int m, std::vector<int>& order) {
  const int K = int(costs.size());
  m = std::clamp(m, 0, K);
  order.resize(size_t(K));
  std::iota(order.begin(), order.end(), 0);
  if (m == 0) return 0;
  // Costs are sanitised (+inf for non-finite), so this is a strict total order.
  auto less = [&](int i, int j) { return costs(i) < costs(j) || (costs(i) == costs(j) && i < j); };
  if (m < K) std::nth_element(order.begin(), order.begin() + m, order.end(), less);
  std::sort(order.begin(), order.begin() + m, less);
  return m;
}

void record_samples(SampleSet& set, const Rollout& ro, CVecRef weights, const std::vector<unsigned char>* elite,
                    int cap, std::vector<int>& order) {
  const int K = ro.population();
  set.population = K;
  set.all_costs = ro.costs;
  set.all_weights = weights;
  set.best_index = -1;
  set.best_cost = std::numeric_limits<float>::infinity();
  for (int i = 0; i < K; ++i)
    if (ro.costs(i) < set.best_cost) {
      set.best_cost = ro.costs(i);
      set.best_index = i;
    }
  const int m = rank_cheapest(ro.costs, cap, order);
  set.index.assign(order.begin(), order.begin() + m);
  set.actions.resize(ro.actions.rows(), m);
  set.states.resize(ro.states.rows(), m);
  set.costs.resize(m);
  set.weights.resize(m);
  set.elite.resize(size_t(m));
  for (int k = 0; k < m; ++k) {
    const int i = order[size_t(k)];
    set.actions.col(k) = ro.actions.col(i);
    set.states.col(k) = ro.states.col(i);
    set.costs(k) = ro.costs(i);
    set.weights(k) = weights(i);
    set.elite[size_t(k)] = elite ? (*elite)[size_t(i)] : 0;
  }
}

}  // namespace mbrl
