#pragma once
// Tests' shortcut to a whole MPC episode through the engine (engine/engine.hpp), from a setup by
// names (as `run` builds it) or from objects made by the test.
#include <doctest/doctest.h>

#include "engine/engine.hpp"

namespace mbrl::testing {

struct EpisodeResult {
  std::vector<Vec> states, actions;
  std::vector<float> costs;
  double total_cost = 0;
  int plans = 0;
  int nonfinite_rollouts = 0;
  Outcome outcome;
};

inline EpisodeResult finish(Engine& e, int steps) {
  for (int t = 0; t < steps; ++t) REQUIRE(e.step());
  EpisodeResult r;
  r.states = e.states();
  r.actions = e.actions();
  r.costs = e.costs();
  for (float c : r.costs) r.total_cost += c;
  r.plans = int(e.plans());
  r.nonfinite_rollouts = e.nonfinite_rollouts();
  r.outcome = e.outcome();
  return r;
}

// An episode of `steps` (0: the env's default) from objects, the true dynamics as the model.
inline EpisodeResult run_mpc(const Env& env, std::unique_ptr<Planner> planner, uint64_t seed, int steps = 0,
                             const MpcParams& mpc = {}, int threads = 1) {
  EngineOptions o;
  o.threads = threads;
  auto e = Engine::from_parts(env.clone(), std::move(planner), mpc, seed, o);
  return finish(*e, steps > 0 ? steps : env.default_steps());
}

// An episode as `mbrl-playground run --env ENV --planner PLANNER --seed SEED --set ...` plays it.
inline EpisodeResult episode(const std::string& env, const std::string& planner, uint64_t seed, int steps,
                             const KeyValues& sets = {}, int threads = 2) {
  EngineSetup s;
  s.env = env;
  s.planner = planner;
  s.seed = seed;
  s.sets = sets;
  EngineOptions o;
  o.threads = threads;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(s, o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  return finish(*e, steps > 0 ? steps : e->env().default_steps());
}

}  // namespace mbrl::testing
