#pragma once
// Runs real MPC episodes through the same setup path as `mbrl-playground run`.
#include <doctest/doctest.h>

#include "engine/setup.hpp"
#include "core/thread_pool.hpp"
#include "engine/episode_runner.hpp"

namespace mbrl::testing {

inline EpisodeResult episode(const std::string& env, const std::string& planner, uint64_t seed, int steps,
                             const KeyValues& sets = {}, int threads = 2) {
  RunSetup setup;
  const std::string err = build_setup(env, planner, sets, setup);
  REQUIRE_MESSAGE(err.empty(), err);
  ThreadPool pool(threads);
  MpcController mpc(std::move(setup.planner), setup.mpc);
  EpisodeConfig cfg;
  cfg.steps = steps > 0 ? steps : setup.env->default_steps();
  cfg.seed = seed;
  return run_episode(*setup.env, mpc, cfg, &pool);
}

inline int successes(const std::string& env, const std::string& planner, int seeds, int steps,
                     const KeyValues& sets = {}) {
  int ok = 0;
  for (int s = 0; s < seeds; ++s) {
    const EpisodeResult r = episode(env, planner, uint64_t(s), steps, sets);
    INFO(env << "/" << planner << " seed " << s << ": " << r.outcome.detail);
    ok += r.outcome.success;
  }
  return ok;
}

}  // namespace mbrl::testing
