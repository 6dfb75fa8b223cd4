#pragma once
// The batched model interface every planner plans through: the true dynamics (an
// environment), a learned network or an ensemble. One column per sample.
#include <memory>

#include "core/types.hpp"

namespace mbrl {

// Per-thread scratch space a model may need (e.g. network activations). Created once per
// worker with make_workspace(); planners never allocate per plan after warm-up.
struct ModelWorkspace {
  virtual ~ModelWorkspace() = default;
};

// Where a batch sits in a plan, so that stochastic models draw from the stream
// (seed, t, global sample index) and stay bit-identical for any thread count.
struct StepContext {
  uint64_t seed = 0;                    // stream seed (derived from scenario seed and plan index)
  int t = 0;                            // horizon step (or environment step for the real system)
  int sample_begin = 0;                 // global sample index of column 0 of this batch
  ModelWorkspace* workspace = nullptr;  // from make_workspace(); may be null for simple models
};

class DynamicsModel {
 public:
  virtual ~DynamicsModel() = default;
  virtual int state_dim() const = 0;
  virtual int action_dim() const = 0;
  virtual ActionBounds action_bounds() const = 0;
  // next.col(i) = f(states.col(i), actions.col(i)). `next` may not alias `states`.
  // Must be safe to call concurrently from several threads (const, own workspace each).
  virtual void step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const = 0;
  virtual std::unique_ptr<ModelWorkspace> make_workspace(int /*max_batch*/) const { return nullptr; }
  // Particles per candidate (PETS): a rollout evaluates every candidate action sequence this
  // many times, in consecutive sample indices candidate * P + p, and the candidate's cost is the
  // mean over its particles. Deterministic models need one; an ensemble may ask for more.
  virtual int particles() const { return 1; }
};

// Known cost (the lectures plan with the true cost even when the dynamics are learned).
class CostModel {
 public:
  virtual ~CostModel() = default;
  // cost(i) += l(states.col(i), actions.col(i)) for horizon step t.
  virtual void running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const = 0;
  // cost(i) += l_f(states.col(i)).
  virtual void terminal_cost(CMatRef states, VecRef cost) const = 0;
};

}  // namespace mbrl
