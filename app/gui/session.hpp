#pragma once
// A live MPC episode for the window: env + state + MpcController, stepped on a worker thread.
//
// The frame loop never waits for a plan. The main thread posts commands (reset, parameter
// snapshots, env/planner switches, mouse edits) and grants "step budget" at the env's real-time
// rate; the worker applies commands between plans, plans whenever the controller is due (so the
// trace on screen is always the plan from the current state), and executes a step only when a
// budget unit is there. Each step is exactly the headless runner's step (envs/episode.hpp
// real_step), so the same seed gives the same episode whatever the frame timing. Traces are
// swapped out (double-buffered) and the main thread copies what is new in sync().
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/learn/live_learner.hpp"
#include "core/mpc.hpp"
#include "core/plan_trace.hpp"
#include "core/thread_pool.hpp"
#include "envs/env.hpp"

namespace mbrl::gui {

struct SessionConfig {
  std::string env = "pendulum", planner = "mppi";
  uint64_t seed = 0;
  int threads = 2;
  std::vector<std::pair<std::string, std::string>> sets;  // as `run --set`
  int trace_cap = 1000;                                   // sampled trajectories kept per iteration for drawing
  // Plan through a learned ensemble (the MBRL loop, live) instead of the true dynamics. Its keys
  // come as "model.KEY" (ModelParams) and "loop.KEY" (LiveLoopParams) items of `sets`.
  bool learned = false;
};

// What the main thread holds: a copy of everything it draws, refreshed by Session::sync().
struct SessionView {
  int64_t episode = -1;  // bumps on reset / env switch (histories restart)
  int64_t step = 0;
  uint64_t seed = 0;
  Vec state;
  std::shared_ptr<const Env> env;  // display copy (replaced when the env changes)
  int64_t env_version = -1;
  std::string env_name, planner_name;
  float dt = 0.05f;  // env time step [s] (its "dt" parameter when it has one)
  // Episode so far.
  std::vector<Vec> states, actions;
  std::vector<float> costs;
  // Last plan.
  PlanTrace trace;
  int64_t trace_version = -1;  // bumps with every plan
  bool has_trace = false;
  // Parameters (the UI edits these copies; post them back with set_*_params).
  ParamSet planner_params, mpc_params, env_params;
  int64_t params_version = -1;  // bumps when the worker replaced them (switch, reset to defaults)
  // Status.
  bool planning = false;      // the worker is inside plan()
  double planning_for_s = 0;  // how long the current plan has been running
  double last_plan_ms = 0;
  std::string message;  // last error from a parameter edit ("" if none)
  int64_t message_version = 0;
  std::string mcts_caption;  // the last stepped MCTS phase, in the lecture's words
  // Learned model (the MBRL loop): off = the planner uses the true dynamics.
  bool learned = false;
  LearnStatus learn;
  std::shared_ptr<const EnsembleFan> fan;  // of the last plan (with the trace; null: none)
  ParamSet model_params, loop_params;      // the UI edits these; post with set_learn_params
  int64_t learn_params_version = -1;
};

class Session {
 public:
  explicit Session(const SessionConfig& cfg);  // throws std::runtime_error on a bad setup
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  // Copies what changed since the last call into `v` (cheap when nothing did).
  void sync(SessionView& v);

  // Time: call once per frame with the frame's wall time. speed: 1 = real time, 0.25 = slow
  // motion; max_speed: step as fast as planning allows.
  void advance(double frame_dt, double speed, bool max_speed);
  void set_playing(bool on);
  bool playing() const;
  // True when real time wants a step but the plan for it is not ready yet.
  bool behind() const;

  void step_once();           // one env step (plans first if needed)
  void plan_once();           // re-plan from the current state without stepping
  void reset(uint64_t seed);  // new episode with this seed
  void set_env(const std::string& name);
  void set_planner(const std::string& name);
  void set_planner_params(const ParamSet& p, bool replan_if_paused = true);
  void set_mpc_params(const ParamSet& p);
  void set_env_params(const ParamSet& p);
  void reset_planner_defaults();
  // Plan through the true dynamics (false) or a learned ensemble trained live (true: starts a
  // new dataset and model). The real environment always steps by its true dynamics.
  void set_learned(bool on);
  void set_learn_params(const ParamSet& model, const ParamSet& loop);
  // Save the learned model to / load one from a file (on the worker; a failure is reported in
  // SessionView::message and changes nothing, a success in LearnStatus::file_note).
  void save_model(const std::string& path);
  void cancel_training();  // LiveLearner::cancel_training on the worker
  void retrain_now();      // LiveLearner::retrain_now on the worker
  void load_model(const std::string& path);
  void set_trace_cap(int cap);
  // MCTS only (ignored for other planners): step the search from the current state for the tree
  // inspector. kind: 0 = one phase, 1 = one simulation, 2 = a new search. Pauses the episode;
  // the trace published afterwards shows the tree as it is.
  void mcts_step(int kind, int count = 1);
  // Stop stepping when the episode reaches `step` (scripted runs; -1: never).
  void set_stop_at(int64_t step);
  void click(P2 world);
  void drag(P2 from, P2 to);

 private:
  struct Sim;
  using Command = std::function<void(Sim&)>;
  void post(Command c);
  void worker();
  void publish_params(Sim& s);  // under no lock; takes it
  void publish_env(Sim& s);
  void publish_state(Sim& s, bool appended);
  void do_plan(Sim& s);
  void publish_trace(Sim& s, double ms);
  void start_episode(Sim& s);      // a user reset: from env.reset(seed), gui.stop_at's count restarts
  void next_loop_episode(Sim& s);  // the MBRL loop ended an episode: from a state of its own
  void begin_episode(Sim& s, const Vec& start);
  void make_learner(Sim& s);
  void publish_learn(Sim& s, bool params);

  std::unique_ptr<Sim> sim_;  // worker-owned
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Command> commands_;
  bool quit_ = false;
  bool playing_ = true;
  bool max_speed_ = false;
  double budget_ = 0;  // env steps real time allows now
  int steps_requested_ = 0;
  int64_t stop_at_ = -1;
  bool worker_planning_ = false;
  double plan_started_ = 0;
  float dt_ = 0.05f;

  // Published (guarded by mu_).
  struct Shared {
    int64_t episode = 0, step = 0;
    uint64_t seed = 0;
    Vec state;
    std::vector<Vec> states, actions;
    std::vector<float> costs;
    std::shared_ptr<const Env> env;
    int64_t env_version = 0;
    std::string env_name, planner_name;
    PlanTrace trace;
    int64_t trace_version = 0;
    bool has_trace = false;
    ParamSet planner_params, mpc_params, env_params;
    int64_t params_version = 0;
    double last_plan_ms = 0;
    std::string message;
    int64_t message_version = 0;
    std::string mcts_caption;
    bool learned = false;
    LearnStatus learn;
    std::shared_ptr<const EnsembleFan> fan;
    ParamSet model_params, loop_params;
    int64_t learn_params_version = 0;
  } shared_;

  std::thread thread_;
};

}  // namespace mbrl::gui
