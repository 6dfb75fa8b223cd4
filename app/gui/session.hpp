#pragma once
// The window's side of the engine (engine/engine.hpp): one Engine, stepped on a worker thread.
//
// The frame loop never waits for a plan. The main thread posts events (Session::apply: the same
// Event the engine takes from lessons and recordings) and control (play, step, speed) and grants
// "step budget" at the env's real-time rate; the worker applies events between plans, plans
// whenever the engine says a plan is due (so the trace on screen is always the plan from the
// current state), and executes a step only when a budget unit is there. Each step is the engine's
// step, so the same seed and events give the same episode as `run`, whatever the frame timing
// (a learned model trains in the background here: the one thing that depends on timing). What the
// window draws is published into a SessionView that sync() copies (traces double-buffered).
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/plan_trace.hpp"
#include "engine/engine.hpp"
#include "engine/record/recording.hpp"
#include "envs/env.hpp"

namespace mbrl::gui {

struct SessionConfig {
  EngineSetup setup;  // env, planner, model kind, seed and --set items (gui.* removed)
  int threads = 2;
  int trace_cap = 1000;        // sampled trajectories kept per iteration for drawing
  RecordLimits record_limits;  // the session's recording (memory caps)
};

// A re-simulation on the worker: continue live from a past frame, or an opened recording.
struct RebuildStatus {
  bool running = false;
  int64_t frame = 0, target = 0;  // progress
  std::string what;               // "continue live from step 120", "opening session.mbrlrec"
};

// What the main thread holds: a copy of everything it draws, refreshed by Session::sync().
struct SessionView {
  int64_t episode = -1;  // bumps on reset / env switch (histories restart)
  int64_t generation = 0;  // bumps when the engine is replaced (continue from here, open): histories restart
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
  // Parameters (the UI edits these copies; each edit goes back as an Event::set).
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
  std::string model_kind = "true";
  LearnStatus learn;
  std::shared_ptr<const EnsembleFan> fan;  // of the last plan (with the trace; null: none)
  ParamSet model_params, loop_params;      // model.* and loop.* (also while the model is true)
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

  void step_once();  // one env step (plans first if needed)
  // Every change to the episode: applied by the engine on the worker (a failure is reported in
  // SessionView::message and changes nothing).
  void apply(const Event& e);
  // Save the learned model to a file (on the worker; the outcome in message / learn.file_note).
  void save_model(const std::string& path);
  void set_trace_cap(int cap);
  // MCTS only (ignored for other planners): step the search from the current state for the tree
  // inspector. kind: 0 = one phase, 1 = one simulation, 2 = a new search. Pauses the episode;
  // the trace published afterwards shows the tree as it is.
  void mcts_step(int kind, int count = 1);
  // Stop stepping when the episode reaches `step` (scripted runs; -1: never).
  void set_stop_at(int64_t step);

  // ---- the recording (every session records: engine/record/recording.hpp) ----
  // The recording the timeline shows (read it under its lock()). Replaced by open / rebuild.
  std::shared_ptr<const Recording> recording() const;
  // Continue live from `frame`: the engine is rebuilt by re-simulating the recording up to it
  // (deterministic), the recording is cut there and goes on. Pauses; cancellable.
  void continue_from(int64_t frame);
  // Shows `rec` at once and re-simulates it on the worker (its plans come back, the hashes are
  // checked); the episode then continues from its last frame. A divergence is reported.
  void open_recording(std::unique_ptr<Recording> rec, const std::string& name);
  void cancel_rebuild();
  RebuildStatus rebuild_status() const;
  // Bookmarks (main thread; saved with the recording).
  void add_bookmark(int64_t frame, const std::string& label);

 private:
  struct Sim;
  using Command = std::function<void(Sim&)>;
  void post(Command c);
  void worker();
  void publish(Sim& s, bool everything);  // under no lock; takes it
  void do_plan(Sim& s);
  void publish_trace(Sim& s, double ms);
  void report(const std::string& err);

  void rebuild(std::shared_ptr<const Recording> source, int64_t frame, bool fresh_record, const std::string& what);

  std::unique_ptr<Sim> sim_;  // worker-owned
  EngineOptions options_;
  RecordLimits limits_;
  std::shared_ptr<Recording> rec_;  // guarded by mu_ (the pointer; the recording locks itself)
  std::atomic<bool> cancel_rebuild_{false};
  std::atomic<int64_t> rebuild_frame_{0};
  RebuildStatus rebuild_;  // guarded by mu_
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

  SessionView shared_;  // published by the worker (guarded by mu_)

  std::thread thread_;
};

}  // namespace mbrl::gui
