// The hill car under MPPI through whole episodes (moved from tests/unit/envs: it needs the
// episode engine, the envs' tests link only mbrl_envs).
#include <doctest/doctest.h>

#include <string>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "../run_engine.hpp"
#include "envs/hill.hpp"

using namespace mbrl;

TEST_CASE("hill: with horizon 40 MPPI reaches the flag on the energy cost and stalls on the distance cost") {
  // The lecture's point: the car must go left to get higher on the right; the plain distance to
  // the flag cannot show that within a 40-step horizon, the energy deficit can.
  for (const char* cost : {"energy", "distance"}) {
    CAPTURE(cost);
    HillEnv env;
    ParamSet ep = env.params();
    REQUIRE_FALSE(ep.set_from_string("cost", cost).has_value());
    REQUIRE(env.set_params(ep).empty());
    for (uint64_t seed : {1u, 2u}) {
      auto planner = find_planner("mppi")->make();
      ParamSet pp = planner->params();
      for (const auto& [k, v] : env.recommended_planner_settings())
        if (pp.find(k)) REQUIRE_FALSE(pp.set(k, v).has_value());
      REQUIRE(planner->set_params(pp).empty());
      const auto r = mbrl::testing::run_mpc(env, std::move(planner), seed);
      CHECK(r.outcome.success == (std::string(cost) == "energy"));
    }
  }
}
