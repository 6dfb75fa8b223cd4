#pragma once
// Model-predictive control around any planner: replan every N executed steps (N = 1 is the
// lectures' MBRL v0/v1 MPC), or plan once and execute the whole plan open-loop (the lecture's
// "open-loop diverges even for minimal noise" demo: replans only when the plan is used up).
// The controller only decides *when* to plan and which action comes next; who calls plan()
// (the headless runner on its own thread, the app on a worker thread) is the caller's business.
#include <memory>
#include <string>

#include "core/params.hpp"
#include "core/planner.hpp"

namespace mbrl {

struct MpcParams {
  int replan_every = 1;       // executed steps between plans [1, 1000]; 1 = classic MPC
  bool open_loop = false;     // execute each whole plan before planning again
  float process_noise = 0.f;  // std of Gaussian noise added to the real next state (x env scale) [0, 1]

  template <class V>
  void visit(V& v) {
    v.field("replan_every", replan_every, 1, 1000, "Executed steps between plans (1 = replan every step, classic MPC)");
    v.flag("open_loop", open_loop, "Execute the whole plan without feedback before planning again");
    v.field("process_noise", process_noise, 0.0, 1.0, "Std of Gaussian noise added to the real next state");
  }
  std::string validate() const { return ""; }
};

class MpcController {
 public:
  explicit MpcController(std::unique_ptr<Planner> planner, MpcParams params = {});

  Planner& planner() { return *planner_; }
  const Planner& planner() const { return *planner_; }
  const MpcParams& params() const { return params_; }
  std::string set_params(const ParamSet& p);  // "" or a message naming the key

  void reset();  // forget the plan, warm start and counters
  // Execute whole plans whatever params().open_loop says (MBRL v1.0 in the window); the user's
  // setting is kept and applies again when the override is lifted.
  void force_open_loop(bool on) { forced_open_loop_ = on; }
  bool open_loop() const { return params_.open_loop || forced_open_loop_; }
  bool due() const;  // the next act() needs a fresh plan first
  // Plan from req.state (req.plan_index is set from the controller's counter). False when the
  // plan was cancelled (req.stop): then nothing changed -- no plan counted, the current plan and
  // its cursor are the ones from before, so a plan is still due if it was.
  bool plan(PlanRequest req, PlanTrace& trace);
  // The action for the current step; advances the cursor (and warm-start shift).
  Vec act();
  int64_t plans_made() const { return plans_made_; }
  int steps_since_plan() const { return steps_since_plan_; }

 private:
  std::unique_ptr<Planner> planner_;
  MpcParams params_;
  int64_t plans_made_ = 0;
  int steps_since_plan_ = 0;
  bool have_plan_ = false;
  bool forced_open_loop_ = false;
};

}  // namespace mbrl
