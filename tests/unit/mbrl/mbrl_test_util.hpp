#pragma once
// Shared helper of the MBRL-loop tests: one loop on a registered environment, set up exactly as
// `mbrl-playground run --model ... --loop ... --set ...` does, returning the result and the data.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <string>

#include "app/cli/mbrl_run.hpp"

namespace mbrl::testing {

struct LoopRun {
  LoopResult result;
  Dataset data{1, 1, 100};
};

inline LoopRun run_loop(const std::string& env, const std::string& loop, uint64_t seed, KeyValues sets,
                        const std::string& model = "ensemble", int threads = 2, const std::string& planner = "mppi") {
  MbrlSettings mbrl;
  const std::string err = parse_mbrl_settings(model, loop, sets, mbrl);
  REQUIRE_MESSAGE(err.empty(), err);
  RunSetup setup;
  const std::string err2 = build_setup(env, planner, sets, setup);
  REQUIRE_MESSAGE(err2.empty(), err2);
  ThreadPool pool(threads);
  MbrlLoop l(real_system_for(*setup.env, setup.mpc.process_noise), std::move(setup.planner), setup.mpc, mbrl.model,
             mbrl.loop, seed, &pool);
  LoopRun r;
  r.result = l.run();
  r.data = l.dataset();
  return r;
}

}  // namespace mbrl::testing
