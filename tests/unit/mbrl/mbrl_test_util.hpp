#pragma once
// Shared helper of the MBRL-loop tests: one loop on a registered environment through the engine,
// set up exactly as `mbrl-playground run --model ... --loop ... --set ...` does, returning the
// result, the data and the last episode.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <string>

#include "engine/engine.hpp"

namespace mbrl::testing {

struct LoopRun {
  LoopResult result;
  Dataset data{1, 1, 100};
  std::vector<Vec> states, actions;  // the last model-based episode
};

inline EngineSetup loop_setup(const std::string& env, const std::string& loop, uint64_t seed, KeyValues sets,
                              const std::string& model = "ensemble", const std::string& planner = "mppi") {
  EngineSetup s;
  s.env = env;
  s.planner = planner;
  s.model = model;
  s.loop = loop;
  s.seed = seed;
  s.sets = std::move(sets);
  return s;
}

inline LoopRun run_loop(const std::string& env, const std::string& loop, uint64_t seed, KeyValues sets,
                        const std::string& model = "ensemble", int threads = 2, const std::string& planner = "mppi") {
  EngineOptions o;
  o.threads = threads;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(loop_setup(env, loop, seed, std::move(sets), model, planner), o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  REQUIRE(e->learned());
  while (!e->learner()->done() && e->step()) {
  }
  LoopRun r;
  r.result = e->learner()->result();
  r.data = e->learner()->data();
  r.states = e->states();
  r.actions = e->actions();
  return r;
}

}  // namespace mbrl::testing
