#pragma once
// Runs real MPC episodes through the engine, set up exactly as `mbrl-playground run` does.
#include "../run_engine.hpp"

namespace mbrl::testing {

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
