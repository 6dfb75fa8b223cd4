#pragma once
// An event: one state-changing input to an episode, applied by Engine::apply at a step boundary.
// Every change the window, a lesson or a recording makes goes through one of these, so a session
// is its setup plus its events at their steps, and replays bit for bit. The words are the lesson
// timeline's ops (`set`, `reset`, ...).
#include <cstdint>
#include <string>

#include "envs/draw.hpp"

namespace mbrl {

struct Event {
  enum class Kind {
    Set,              // key = SCOPE.KEY (a bare KEY: planner), value = its new value
    SwitchEnv,        // value = environment name (planner parameters back to defaults + recommended)
    SwitchPlanner,    // value = planner name (the environment's recommended settings apply)
    SwitchModel,      // value = true | nn | ensemble (a learned model starts a new MBRL loop)
    Reset,            // seed: the episode (and a learned model's loop) from its start
    Plan,             // replan now from the current state (the next step plans first)
    Click,            // a: world point (the env's direct manipulation, e.g. move the goal)
    Drag,             // a -> b: world points (drag an obstacle, push the pendulum)
    PlannerDefaults,  // the planner's defaults with the environment's recommended settings
    TrainNow,         // retrain the learned model on all data so far
    CancelTraining,   // stop a background training run (its weights are discarded)
    LoadModel,        // value = model file: plan through it from now on
  };
  Kind kind = Kind::Set;
  std::string key, value;
  uint64_t seed = 0;
  P2 a{0, 0}, b{0, 0};

  static Event make(Kind k) {
    Event e;
    e.kind = k;
    return e;
  }
  static Event set(std::string key, std::string value) {
    Event e = make(Kind::Set);
    e.key = std::move(key);
    e.value = std::move(value);
    return e;
  }
  static Event named(Kind k, std::string value) {
    Event e = make(k);
    e.value = std::move(value);
    return e;
  }
  static Event env(std::string name) { return named(Kind::SwitchEnv, std::move(name)); }
  static Event planner(std::string name) { return named(Kind::SwitchPlanner, std::move(name)); }
  static Event model(std::string kind) { return named(Kind::SwitchModel, std::move(kind)); }
  static Event load_model(std::string path) { return named(Kind::LoadModel, std::move(path)); }
  static Event reset(uint64_t seed) {
    Event e = make(Kind::Reset);
    e.seed = seed;
    return e;
  }
  static Event click(P2 at) {
    Event e = make(Kind::Click);
    e.a = at;
    return e;
  }
  static Event drag(P2 from, P2 to) {
    Event e = make(Kind::Drag);
    e.a = from;
    e.b = to;
    return e;
  }
  static Event plan() { return make(Kind::Plan); }
  static Event planner_defaults() { return make(Kind::PlannerDefaults); }
  static Event train_now() { return make(Kind::TrainNow); }
  static Event cancel_training() { return make(Kind::CancelTraining); }

  // One line, in the lesson ops' words: "set planner.lambda=0.1", "reset seed=3", "drag (0,1)->(1,1)".
  std::string describe() const;
};

}  // namespace mbrl
