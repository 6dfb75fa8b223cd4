#pragma once
// The planner interface. Each planner lives in its own file pair with a `Params` struct (see
// params.hpp), implements plan(), and fills a PlanTrace. Planners never draw.
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
};

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
  virtual void plan(const PlanRequest& req, PlanTrace& trace) = 0;
  // action_dim x H: the current plan (first column is the action to execute now).
  virtual const Mat& plan_actions() const = 0;
  // Warm start after executing `steps` actions: shift the plan left, pad the tail.
  virtual void shift(int steps) = 0;
};

}  // namespace mbrl
