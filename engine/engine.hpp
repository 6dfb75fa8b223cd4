#pragma once
// The one episode engine: environment, planning model (the true dynamics or a learned one),
// planner, MPC controller, the optional MBRL loop (learner.hpp), seeds and random streams, stepped
// one real step at a time. `run`, `bench`, the window's worker, lessons and recordings all drive
// this object, and every state-changing input reaches it as an Event (event.hpp), so the same
// setup and the same events at the same steps give the same episode bit for bit, for any number
// of threads. Headless and GL-free; owned by one thread (the window runs it on its worker).
//
// Random streams: plain MPC plans and steps from (seed); a learned model's loop gives each episode
// its own start, noise and planner streams (Learner::begin_episode). A plan draws from
// (plan seed, plan index, sample); the real system from (noise seed, step) (real_system.hpp).
#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "core/mpc.hpp"
#include "core/plan_trace.hpp"
#include "core/thread_pool.hpp"
#include "engine/event.hpp"
#include "engine/learner.hpp"
#include "engine/param_tree.hpp"
#include "engine/setup.hpp"
#include "envs/env.hpp"

namespace mbrl {

class Recording;

// What an episode is built from: what a lesson or a recording stores.
struct EngineSetup {
  std::string env = "pendulum", planner = "mppi";
  std::string model = "true";  // true (the env's dynamics), nn or ensemble (learned by the MBRL loop)
  std::string loop;            // MBRL loop version v0.5|v1.0|v1.5 ("" = loop.version)
  uint64_t seed = 0;
  KeyValues sets;  // SCOPE.KEY=VALUE items (bare KEY: planner), applied in order
};

// How the engine runs (none of this changes an episode's numbers, except `training`).
struct EngineOptions {
  int threads = 2;
  int trace_cap = 0;  // sampled trajectories kept in full per plan trace (0: draw nothing)
  // Synchronous: deterministic (run, tests, lessons). Background: the window (planning goes on
  // through the old model while the next one trains).
  TrainingMode training = TrainingMode::Synchronous;
  bool model_views = false;  // compute the learned model's evaluation and fan (the window)
};

class Engine {
 public:
  // Builds the setup. Returns "" or one line naming the flag or key; `out` is untouched on error.
  static std::string create(const EngineSetup& setup, const EngineOptions& options, std::unique_ptr<Engine>& out);
  // From objects made elsewhere (tests, custom planners such as MCTS with a rollout policy), with the
  // true dynamics as the model: the episode is the one `run` would make for the same parts.
  static std::unique_ptr<Engine> from_parts(std::unique_ptr<Env> env, std::unique_ptr<Planner> planner,
                                            const MpcParams& mpc, uint64_t seed, const EngineOptions& options = {});
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // ---- stepping ----
  bool can_plan() const;  // a model to plan through (not while a learned loop collects random data)
  // Not finished (a learned loop that is done), not waiting for the first model, not stopping, and
  // the last plan did not fail (plan_error()).
  bool can_step() const;
  bool plan_due() const;  // the next step plans first (MPC schedule, or an event made the plan stale)
  // Plans now from the current state. False when no plan came of it: cancelled by request_stop()
  // (nothing counts: plans(), plan_ms() and the MPC's plan stay as they were; trace() is flagged
  // cancelled) or out of memory (plan_error()); the episode is unchanged either way.
  bool plan();
  bool step();  // plans when due, then executes one real step; false when it cannot step
  bool poll();  // background training: swap in a finished model; true when it changed

  // ---- stopping (from any thread) ----
  // A running plan or synchronous training run ends at its next check (a chunk's model step, an
  // MCTS simulation, a training minibatch: well within a second), and no plan, step or training
  // starts until clear_stop(). The window's Session sets it before it joins its worker.
  void request_stop() { stop_.store(true); }
  void clear_stop() { stop_.store(false); }
  bool stop_requested() const { return stop_.load(); }
  // Why the last plan() failed, "" if it did not: the plan did not fit in memory (std::bad_alloc).
  // Nothing was executed and the episode is unchanged; the next accepted event (e.g. fewer
  // samples) clears it and planning resumes.
  const std::string& plan_error() const { return plan_error_; }

  // ---- every change to the episode ----
  std::string apply(const Event& e);  // "" or one line naming the key / file; on error nothing changed

  // ---- what happened (read-only) ----
  const Env& env() const { return *env_; }
  const std::string& env_name() const { return env_name_; }
  const std::string& planner_name() const { return planner_name_; }
  const std::string& model_kind() const { return model_kind_; }
  uint64_t seed() const { return seed_; }
  const Vec& state() const { return state_; }
  int step_index() const { return step_; }                      // steps in the current episode
  int64_t episode() const { return episode_; }                  // bumps at every episode start
  int64_t total_steps() const { return total_steps_; }          // real steps since the engine was built
  const std::vector<Vec>& states() const { return states_; }    // s_0 .. s_t of the current episode
  const std::vector<Vec>& actions() const { return actions_; }  // a_0 .. a_{t-1}
  const std::vector<float>& costs() const { return costs_; }    // running cost of each executed step
  Outcome outcome() const;                                      // the env's verdict on the current episode
  const PlanTrace& trace() const { return trace_; }
  void swap_trace(PlanTrace& other) { std::swap(trace_, other); }  // double buffering for the window
  bool has_trace() const { return has_trace_; }
  int64_t plans() const { return plans_; }
  const std::vector<double>& plan_ms() const { return plan_ms_; }  // wall time of every plan
  int nonfinite_rollouts() const { return nonfinite_; }
  std::shared_ptr<const EnsembleFan> fan() const { return fan_; }  // of the last plan (model views on)
  const MpcController& mpc() const { return *mpc_; }
  Planner& planner() { return mpc_->planner(); }
  // The request plan() would make now (same model, cost, streams): the MCTS inspector steps with it.
  PlanRequest plan_request();
  ThreadPool* pool();  // made on first use, by the thread that plans
  // Samples kept in full per iteration of a plan's trace: at most `cap`, fewer when the trace
  // would push the plan over kPlanMemoryCap (the trace only feeds the drawing).
  void set_trace_cap(int cap) { trace_cap_ = cap; }
  bool learned() const { return learner_ != nullptr; }
  const Learner* learner() const { return learner_.get(); }
  Learner* learner() { return learner_.get(); }
  // Every parameter: planner, env, mpc, model and loop scopes (model/loop also while the model is true).
  ParamTree params() const;
  // A 64-bit hash of the current state's bits and the step (for replay checks).
  uint64_t state_hash() const;

  // ---- recording (engine/record/recording.hpp) ----
  // From now on every event, plan, step, training run taken and inspector step is appended to
  // `r` (null: stop). fresh: `r` starts over with this engine's setup and current frame; otherwise
  // it goes on (a branch: the engine was rebuilt from `r` up to its last frame).
  void set_recording(Recording* r, bool fresh = true);
  Recording* recording() const { return rec_; }
  // The setup this engine was created from (from_parts: its names and every parameter).
  const EngineSetup& setup() const { return setup_; }
  // Background training: waits for the running run and takes it (what poll() does when it is
  // done). Replay calls this where the recording took a run, so timing never matters.
  bool take_training();
  // The MCTS inspector (ignored for other planners): kind 0 = one phase, 1 = `count` simulations,
  // 2 = a new search, from the current state with the request plan() would make. Fills `out`
  // with the tree as it is and returns the phase's caption (kind 0).
  std::string inspect_mcts(int kind, int count, PlanTrace& out);

 private:
  // The parts every engine has (the true dynamics as the model); the caller begins the episode.
  Engine(std::unique_ptr<Env> env, std::unique_ptr<Planner> planner, const MpcParams& mpc, uint64_t seed,
         const EngineOptions& options);
  void begin_episode();
  void sync_open_loop();
  std::string apply_event(const Event& e);
  void make_learner();
  std::string set_param(const std::string& key, const std::string& value);
  std::string check_memory(const ParamSet& planner_params) const;  // "" or why a plan would not fit
  int fitted_trace_cap() const;  // trace_cap_, lowered until the plan fits under kPlanMemoryCap

  std::unique_ptr<Env> env_;
  std::unique_ptr<MpcController> mpc_;
  std::unique_ptr<ThreadPool> pool_;
  std::unique_ptr<Learner> learner_;  // declared after env_: destroyed first
  std::string env_name_, planner_name_, model_kind_ = "true";
  ParamSet model_params_, loop_params_;  // used when a learner is made
  EngineOptions options_;
  int trace_cap_ = 0;
  uint64_t seed_ = 0, noise_seed_ = 0, plan_seed_ = 0;
  Vec state_;
  int step_ = 0;
  int64_t episode_ = 0, total_steps_ = 0, plans_ = 0;
  std::vector<Vec> states_, actions_;
  std::vector<float> costs_;
  PlanTrace trace_;
  bool has_trace_ = false;
  bool stale_ = false;  // an event changed what a plan would be: the next step plans first
  int model_generation_ = -1;
  std::vector<double> plan_ms_;
  int nonfinite_ = 0;
  std::shared_ptr<const EnsembleFan> fan_;
  EngineSetup setup_;
  Recording* rec_ = nullptr;
  std::atomic<bool> stop_{false};
  std::string plan_error_;
};

// A 64-bit hash (FNV-1a) of a state's float bits: equal states, equal hashes.
uint64_t hash_state(const Vec& s);

}  // namespace mbrl
