#pragma once
// The planner interface. Each planner lives in its own file pair with a `Params` struct (see
// params.hpp), implements plan(), and fills a PlanTrace. Planners never draw.
#include <atomic>
#include <memory>
#include <string>

#include "core/model.hpp"
#include "core/params.hpp"
#include "core/plan_trace.hpp"

namespace mbrl {

class ThreadPool;

struct PlanRequest {
  Vec state;  // start state s_0
  const DynamicsModel* model = nullptr;
  const CostModel* cost = nullptr;
  uint64_t seed = 0;           // scenario seed
  int64_t plan_index = 0;      // increases by one per plan: the RNG stream is (seed, plan_index, sample)
  ThreadPool* pool = nullptr;  // null: run on the calling thread
  int trace_cap = 256;         // keep at most this many samples per iteration in full (cheapest first)
  // Cancellation (optional, set from any thread): once *stop is true the plan ends at its next
  // check -- every model step of every chunk of samples, every MCTS simulation -- and is
  // reported as cancelled (see Planner::plan).
  const std::atomic<bool>* stop = nullptr;

  bool stop_requested() const { return stop && stop->load(std::memory_order_relaxed); }
};

// What one plan needs in memory, estimated from its parameters before it runs.
struct PlanMemory {
  double bytes = 0;     // peak bytes of one plan and its trace (0: no estimate)
  std::string product;  // what dominates it, e.g. "samples x horizon x action dims = 1000000 x 1000 x 1"
};

// Plans estimated above this are refused where parameters are set (the engine): the documented
// maxima (samples 1e6 x horizon 1000) would need 4 GB and more, and aborted on allocation.
constexpr double kPlanMemoryCap = 2.0 * 1024 * 1024 * 1024;

// "" when `m` fits under `cap`, else one line naming the product, the estimate and the cap.
std::string check_plan_memory(const PlanMemory& m, double cap = kPlanMemoryCap);

class Planner {
 public:
  virtual ~Planner() = default;
  virtual std::string name() const = 0;
  // Current parameters (with infos: ranges, help, defaults).
  virtual ParamSet params() const = 0;
  // Validate and apply; on error returns a message naming the key and keeps the old params.
  virtual std::string set_params(const ParamSet& p) = 0;
  virtual int horizon() const = 0;
  // Forget the warm start (the next plan starts from the prior).
  virtual void reset() = 0;
  // Plan from req.state; fills trace. The result is plan_actions().
  // Cancelled (req.stop): returns at the next check with trace.cancelled set and the trace
  // consistent (the iterations finished before the stop; the plan's predicted states are empty,
  // its cost NaN). Nothing of the cancelled plan is kept: plan_actions() and the warm start are
  // as before the call, so the next plan() starts as this one did (MCTS keeps the simulations
  // its tree received, as a time budget would). MpcController does not count it.
  virtual void plan(const PlanRequest& req, PlanTrace& trace) = 0;
  // action_dim x H: the current plan (first column is the action to execute now).
  virtual const Mat& plan_actions() const = 0;
  // Warm start after executing `steps` actions: shift the plan left, pad the tail.
  virtual void shift(int steps) = 0;
  // The memory one plan() with parameters `p` (as params() describes them) would need for a
  // model of these dimensions, keeping `trace_cap` samples per iteration in its trace.
  virtual PlanMemory plan_memory(const ParamSet& p, int state_dim, int action_dim, int trace_cap) const {
    (void)p, (void)state_dim, (void)action_dim, (void)trace_cap;
    return {};
  }
};

}  // namespace mbrl
