#pragma once
// Pieces the sampling planners (random shooting, CEM, MPPI) share, so that none of them
// duplicates the others: the softmin weights exp(-(S - S_min)/lambda) / Z, Gaussian and
// uniform draws from per-sample counter streams, bound clamping, the warm-start shift, the
// trace bookkeeping and parameter application (the planners' base class is in
// sampling_planner.hpp).
//
// Conventions shared by all three planners (also stated in their help texts):
// - A plan is action_dim x H; a population stores one sequence per column, (action_dim * H) x K,
//   step t at rows [t * action_dim, (t + 1) * action_dim).
// - `sigma` is a standard deviation *relative to each action dimension's half range*
//   (hi - lo) / 2, so one value means the same on every environment: sigma = 1 on a torque
//   bounded by +-2 is a std of 2.
// - Warm start: after k executed actions the plan is shifted left by k and the tail is padded
//   with the last action ("last", default) or zero clamped into the bounds ("zero").
// - A rollout whose cost is not finite gets cost +inf, weight 0, and is never chosen.
#include <chrono>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/plan_trace.hpp"
#include "core/planner.hpp"

namespace mbrl {

class Rollout;

enum class PadMode { Last = 0, Zero = 1 };

// w_i = exp(-(S_i - S_min) / lambda) / sum_j exp(-(S_j - S_min) / lambda) over finite S only:
// the min-shift makes the largest term exp(0) = 1, so no lambda > 0 and no cost scale can
// underflow the sum to 0 or overflow to inf. Non-finite S_i get w_i = 0. Returns the number of
// non-finite costs; when no cost is finite every weight is 0. weights.size() == costs.size().
int softmin_weights(CVecRef costs, float lambda, VecRef weights);

// 1 / sum w^2 (the effective sample size of normalised weights); 0 when all weights are 0.
float effective_sample_size(CVecRef weights);

// Bounds repeated for every step of a flattened sequence: lo/hi of length action_dim * H.
void tile_bounds(const ActionBounds& b, int horizon, Vec& lo, Vec& hi);

// Clamp every column of a population block ((action_dim * H) x n) into tiled bounds.
void clamp_sequences(MatRef seq, CVecRef lo_tiled, CVecRef hi_tiled);

// Scratch for the draws below, one per worker thread (sized once, then reused).
struct DrawScratch {
  Eigen::ArrayXf r, theta, z;
  std::vector<uint64_t> key;
  void reserve(Eigen::Index rows, Eigen::Index n);  // room for `rows` draws of n samples
};

// Standard normals for samples [first, first + n), laid out by row: an n x rows matrix whose
// column r holds row r (step r / action_dim, dimension r % action_dim) of every sample,
// contiguous over the samples so that per-row work (scale, shift, clamp) vectorises. Value r of
// sample j comes from Rng(seed, a, first + j, c) alone -- never from the thread or chunk that
// computes it: Box-Muller on that stream's draws (two normals per 64-bit draw), evaluated with
// Eigen's vectorised log/sin/cos. The map points into `s` and is valid until its next use.
Eigen::Map<Mat> normals_by_row(uint64_t seed, uint64_t a, int first, uint64_t c, Eigen::Index rows, Eigen::Index n,
                               DrawScratch& s);
// The same for uniforms in [0, 1).
Eigen::Map<Mat> uniforms_by_row(uint64_t seed, uint64_t a, int first, uint64_t c, Eigen::Index rows, Eigen::Index n,
                                DrawScratch& s);
// out (rows x n, one sample per column) = by_row transposed.
void store_rows(const Eigen::Map<Mat>& by_row, MatRef out);

// out.col(j) = the normals of sample first + j (normals_by_row, stored one sample per column).
void fill_normals(uint64_t seed, uint64_t a, int first, uint64_t c, MatRef out, DrawScratch& s);

// out.col(j) uniform in [lo_tiled, hi_tiled) per row, from the same per-sample streams.
void fill_uniform(uint64_t seed, uint64_t a, int first, uint64_t c, CVecRef lo_tiled, CVecRef hi_tiled, MatRef out,
                  DrawScratch& s);

// PDDM's temporal smoothing of sampled noise laid out by row (n x (action_dim * H), see
// normals_by_row): eps'_t = beta eps_t + (1 - beta) eps'_{t-1} with eps'_{-1} = 0, per sample.
// beta = 1 leaves it unchanged.
void smooth_noise(MatRef by_row, int action_dim, float beta);

// Shift a plan left by `steps` columns and pad the tail (see PadMode), clamped to `b`.
void shift_plan(Mat& plan, int steps, PadMode pad, const ActionBounds& b);

// The prior plan: zero clamped into the bounds, for every step.
void prior_plan(Mat& plan, int action_dim, int horizon, const ActionBounds& b);

// Sort order[0, m) as the m cheapest samples by (cost, index), +inf last; order is resized to
// costs.size() (no allocation once sized). Returns m (clamped to [0, K]).
int rank_cheapest(CVecRef costs, int m, std::vector<int>& order);

// Fill the trace's per-iteration record from a finished population: all_costs/all_weights,
// best cost/index, and the samples the rollout kept -- the cheapest trace_cap (ascending cost,
// ties by index) -- with their actions, predicted states, costs, weights and elite flags
// (`elite` may be null = none).
void record_samples(SampleSet& set, const Rollout& ro, CVecRef weights, const std::vector<unsigned char>* elite);

// Milliseconds since t0.
inline double ms_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace mbrl
