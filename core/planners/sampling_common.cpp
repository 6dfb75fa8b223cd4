#include "core/eigen_warnings.hpp"  // first: see there
#include "core/planners/sampling_common.hpp"

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

namespace {
// Uniform pairs for n samples: u1[p * n + j] in (0, 1) and u2[p * n + j] in [0, 1) are the two
// 24-bit halves of Rng(seed, a, first + j, c)'s p-th next_u64(). Computed for all samples at once
// (pair-major layout) so that the compiler vectorises the 64-bit mixing.
void draw_pairs(uint64_t seed, uint64_t a, int first, uint64_t c, Eigen::Index pairs, Eigen::Index n, DrawScratch& s,
                float* u1_out, float* u2_out) {
  for (Eigen::Index j = 0; j < n; ++j) s.key[size_t(j)] = stream_key(seed, a, uint64_t(first + j), c);
  const uint64_t* key = s.key.data();
  for (Eigen::Index p = 0; p < pairs; ++p) {
    float* u1 = u1_out + p * n;
    float* u2 = u2_out + p * n;
    const uint64_t step = uint64_t(p + 1) * 0x9E3779B97F4A7C15ull;  // Rng::next_u64's counter
    for (Eigen::Index j = 0; j < n; ++j) {
      uint64_t z = key[j] + step;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      z ^= z >> 31;
      u1[j] = (float(int64_t(z >> 40)) + 0.5f) * kInv24;
      u2[j] = float(int64_t((z >> 16) & 0xFFFFFFu)) * kInv24;
    }
  }
}
}  // namespace

void DrawScratch::reserve(Eigen::Index rows, Eigen::Index n) {
  const Eigen::Index len = (rows + 1) / 2 * n;
  if (r.size() < len) {
    r.resize(len);
    theta.resize(len);
  }
  if (z.size() < 2 * len) z.resize(2 * len);
  if (Eigen::Index(key.size()) < n) key.resize(size_t(n));
}

Eigen::Map<Mat> normals_by_row(uint64_t seed, uint64_t a, int first, uint64_t c, Eigen::Index rows, Eigen::Index n,
                               DrawScratch& s) {
  const Eigen::Index pairs = (rows + 1) / 2, len = pairs * n;
  s.reserve(rows, n);
  draw_pairs(seed, a, first, c, pairs, n, s, s.r.data(), s.theta.data());
  // Box-Muller on flat arrays, so that Eigen vectorises log/sin/cos over the whole chunk. The
  // cosine half fills rows [0, pairs), the sine half rows [pairs, 2 pairs).
  auto r = s.r.head(len);
  auto th = s.theta.head(len);
  r = (-2.0f * r.log()).sqrt();
  th *= kTwoPi;
  s.z.head(len) = r * th.cos();
  s.z.segment(len, len) = r * th.sin();
  return Eigen::Map<Mat>(s.z.data(), n, rows);
}

Eigen::Map<Mat> uniforms_by_row(uint64_t seed, uint64_t a, int first, uint64_t c, Eigen::Index rows, Eigen::Index n,
                                DrawScratch& s) {
  const Eigen::Index pairs = (rows + 1) / 2;
  s.reserve(rows, n);
  draw_pairs(seed, a, first, c, pairs, n, s, s.z.data(), s.z.data() + pairs * n);
  return Eigen::Map<Mat>(s.z.data(), n, rows);
}

void store_rows(const Eigen::Map<Mat>& by_row, MatRef out) {
  const Eigen::Index rows = out.rows(), n = out.cols(), ld = out.outerStride();
  const float* z = by_row.data();
  float* d = out.data();
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index r = 0; r < rows; ++r) d[j * ld + r] = z[r * n + j];
}

void fill_normals(uint64_t seed, uint64_t a, int first, uint64_t c, MatRef out, DrawScratch& s) {
  store_rows(normals_by_row(seed, a, first, c, out.rows(), out.cols(), s), out);
}

void fill_uniform(uint64_t seed, uint64_t a, int first, uint64_t c, CVecRef lo_tiled, CVecRef hi_tiled, MatRef out,
                  DrawScratch& s) {
  auto u = uniforms_by_row(seed, a, first, c, out.rows(), out.cols(), s);
  for (Eigen::Index r = 0; r < out.rows(); ++r)
    u.col(r) = (lo_tiled(r) + (hi_tiled(r) - lo_tiled(r)) * u.col(r).array()).matrix();
  store_rows(u, out);
}

void smooth_noise(MatRef by_row, int action_dim, float beta) {
  if (beta >= 1.f) return;
  const Eigen::Index H = by_row.cols() / action_dim;
  by_row.leftCols(action_dim) *= beta;
  for (Eigen::Index t = 1; t < H; ++t)
    by_row.middleCols(t * action_dim, action_dim) = beta * by_row.middleCols(t * action_dim, action_dim) +
                                                    (1.f - beta) * by_row.middleCols((t - 1) * action_dim, action_dim);
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

void record_samples(SampleSet& set, const Rollout& ro, CVecRef weights, const std::vector<unsigned char>* elite) {
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
  // The rollout kept the cheapest samples' trajectories (its trace cap), in rank order.
  const int m = ro.kept();
  set.index.resize(size_t(m));
  set.actions.resize(ro.actions.rows(), m);
  set.states.resize(Eigen::Index(ro.state_dim()) * (ro.horizon() + 1), m);
  set.costs.resize(m);
  set.weights.resize(m);
  set.elite.resize(size_t(m));
  for (int k = 0; k < m; ++k) {
    const int i = ro.kept_index(k);
    set.index[size_t(k)] = i;
    set.actions.col(k) = ro.actions.col(i);
    set.states.col(k) = ro.kept_states(k);
    set.costs(k) = ro.costs(i);
    set.weights(k) = weights(i);
    set.elite[size_t(k)] = elite ? (*elite)[size_t(i)] : 0;
  }
}

}  // namespace mbrl
