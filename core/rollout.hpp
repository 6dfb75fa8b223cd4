#pragma once
// The batched rollout every sampling planner evaluates its population with: K action
// sequences of H steps go through the DynamicsModel and CostModel, S = sum_t l(x_t, u_t) +
// l_f(x_H). Work is split into fixed chunks of kChunk columns run on the thread pool; each
// chunk is stepped as one packed batch per time step (one model call per chunk and step, no
// per-sample virtual calls). The chunk split never depends on the thread count, so with counter-based
// draws the result is bit-identical for any number of threads. All buffers and the per-worker
// model workspaces are allocated once and reused while the sizes stay the same.
// Particles (PETS, the uncertainty-aware ensemble lecture): when the model asks for P > 1 particles per candidate, each
// candidate's actions are replicated into P consecutive columns (global sample index
// candidate * P + p, which selects the ensemble member and the noise stream), the chunk holds
// kChunk / P candidates, and a candidate's cost is the mean of its P particle costs,
// J = 1/P sum_p sum_t l(s_t,p, a_t). Recorded trajectories are particle 0's.
//
// Memory: the population's actions (action_dim * H x K) are kept, the predicted states are not.
// A trace keeps the trajectories of its trace_cap cheapest samples only, so each chunk's states
// are stepped in per-worker buffers and only the cheapest min(trace_cap, K) seen so far are
// copied out (the planner never needs the others' states after costing them). Before, every
// sample's states were stored: K x (H + 1) x state_dim floats, 16 GB at K = 1e6, H = 1000.
#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "core/planner.hpp"
#include "core/planners/sampling_common.hpp"
#include "core/thread_pool.hpp"

namespace mbrl {

// Scratch owned by one worker thread.
struct alignas(64) RolloutWorker {
  std::unique_ptr<ModelWorkspace> workspace;
  DrawScratch normals;
  Mat x0, x1, u;       // packed state / next state / action of one chunk (dimension x columns)
  Vec particle_costs;  // per column of the chunk when P > 1
  Mat traj;            // (state_dim * (H + 1)) x candidates of one chunk: predicted states, when kept
  double fill_ms = 0, roll_ms = 0;
};

class Rollout {
 public:
  static constexpr int kChunk = 128;  // columns per task: fixed, independent of the thread count

  // Population storage; column j is sample j.
  Mat actions;  // (action_dim * H) x K
  Vec costs;    // K: S per sample; after run(), non-finite values are replaced by +inf

  // The predicted trajectories of the last run()'s min(trace_cap, K) cheapest samples, ascending
  // by (cost, sample index) with non-finite costs last: the samples a trace keeps.
  int kept() const { return kept_n_; }
  int kept_index(int k) const { return slot_index_[size_t(kept_order_[size_t(k)])]; }  // its sample
  Mat::ConstColXpr kept_states(int k) const {  // s_0 .. s_H stacked: state_dim * (H + 1)
    return kept_states_.col(kept_order_[size_t(k)]);
  }

  // Size the buffers for (model, pool, H, K). Cheap when nothing changed. Workspaces are made
  // again when the model pointer or the pool size changes. Throws std::bad_alloc when the
  // population does not fit in memory; the buffers are then empty and valid (never half resized).
  void prepare(const PlanRequest& req, int horizon, int population);
  // Drop the model workspaces (e.g. the model object was replaced): the next prepare() makes new ones.
  void release_workspaces() {
    workers_.clear();
    one_.workspace.reset();
    model_ = nullptr;
  }
  int population() const { return K_; }
  int horizon() const { return H_; }
  int state_dim() const { return S_; }
  int action_dim() const { return A_; }
  int particles() const { return P_; }

  // One pass over the population. For each chunk, on some worker: costs.segment(c0, n) is zeroed,
  // fill(c0, n, worker) writes actions.middleCols(c0, n) (and may add a per-sample cost term such
  // as MPPI's control cost), then the chunk is rolled and its costs accumulated. Non-finite costs
  // become +inf; returns how many there were. ms_fill/ms_roll receive the pass's wall time split
  // in proportion to the time the workers spent in each phase. When req.stop_requested() the
  // remaining chunks and model steps are skipped: the costs are then meaningless (the caller
  // checks req.stop_requested() after the pass and discards it).
  template <class Fill>
  int run(const PlanRequest& req, int iteration, Fill&& fill, double& ms_fill, double& ms_roll);

  // Roll one action sequence (action_dim x H) from req.state on the calling thread; writes
  // states_out (state_dim x (H + 1)) and returns its cost S (not sanitised). `tag` selects the
  // model's random stream (use an index past the population). With P particles the P copies
  // are rolled together: the cost is their mean and states_out is particle 0's trajectory.
  float roll_one(const PlanRequest& req, const Mat& plan, Mat& states_out, int tag);

 private:
  void roll_chunk(const PlanRequest& req, int iteration, int c0, int n, RolloutWorker& w);
  // P > 1: columns i * P + p of the worker's buffers are candidate c0 + i's particle p.
  void roll_particles(const PlanRequest& req, const StepContext& ctx0, int c0, int n, RolloutWorker& w);
  int sanitize_costs();
  // Offers the chunk's trajectories (w.traj) to the kept set: a sample enters while there is
  // room or when it is cheaper than the most expensive kept one, whose slot it takes.
  void keep_chunk(int c0, int n, const RolloutWorker& w);
  void finish_kept();  // kept_order_: the slots by (cost, index)
  bool slot_less(int a, int b) const;

  std::vector<RolloutWorker> workers_;
  const DynamicsModel* model_ = nullptr;  // the model the workspaces were made for
  int S_ = 0, A_ = 0, H_ = 0, K_ = 0;
  int P_ = 1;            // particles per candidate (the model's particles())
  int chunk_ = kChunk;   // candidates per task: kChunk / P (at least 1); never depends on threads
  bool record_ = false;  // keep the cheapest samples' trajectories (trace_cap > 0)
  RolloutWorker one_;    // roll_one's buffers
  // The kept trajectories: up to keep_ slots, a max-heap of slots by (cost, index) so that the
  // most expensive kept sample is replaced first. Sized in prepare(); no allocation per run().
  Mat kept_states_;  // (state_dim * (H + 1)) x keep_
  std::vector<float> slot_cost_;
  std::vector<int> slot_index_, heap_, kept_order_;
  int keep_ = 0, kept_n_ = 0;
  std::mutex keep_mu_;
};

template <class Fill>
int Rollout::run(const PlanRequest& req, int iteration, Fill&& fill, double& ms_fill, double& ms_roll) {
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  for (auto& w : workers_) w.fill_ms = w.roll_ms = 0;
  const int chunks = (K_ + chunk_ - 1) / chunk_;
  kept_n_ = 0;
  heap_.clear();
  kept_order_.clear();
  auto task = [&](int chunk, int worker) {
    if (req.stop_requested()) return;
    RolloutWorker& w = workers_[size_t(worker)];
    const int c0 = chunk * chunk_;
    const int n = std::min(chunk_, K_ - c0);
    const auto a = clock::now();
    costs.segment(c0, n).setZero();
    fill(c0, n, w);
    const auto b = clock::now();
    roll_chunk(req, iteration, c0, n, w);
    if (record_ && !req.stop_requested()) keep_chunk(c0, n, w);
    const auto c = clock::now();
    w.fill_ms += std::chrono::duration<double, std::milli>(b - a).count();
    w.roll_ms += std::chrono::duration<double, std::milli>(c - b).count();
  };
  if (req.pool && req.pool->size() > 1)
    req.pool->parallel_for(chunks, task);
  else
    for (int c = 0; c < chunks; ++c) task(c, 0);
  const int bad = sanitize_costs();
  finish_kept();
  double f = 0, r = 0;
  for (const auto& w : workers_) {
    f += w.fill_ms;
    r += w.roll_ms;
  }
  const double wall = ms_since(t0);
  ms_fill += f + r > 0 ? wall * f / (f + r) : 0;
  ms_roll += f + r > 0 ? wall * r / (f + r) : wall;
  return bad;
}

}  // namespace mbrl
