// Parameters: bad values are rejected with the key named and the old parameters kept; every
// planner's parameters have help texts and defaults inside their ranges; the registry lists them.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/mpc.hpp"
#include "core/planners/registry.hpp"

using namespace mbrl;

namespace {
// Set one key on a copy of the planner's params and apply it; returns set_params' message
// (ParamSet::set already rejects range errors, so go through the raw values to reach set_params).
std::string apply(Planner& p, const std::string& key, double value) {
  ParamSet ps = p.params();
  const int i = ps.index_of(key);
  REQUIRE(i >= 0);
  ps.values[size_t(i)] = value;
  return p.set_params(ps);
}
}  // namespace

TEST_CASE("registry: shooting, cem and mppi with names, categories and descriptions") {
  CHECK(planner_names().find("shooting, cem, mppi") == 0);
  for (const char* n : {"shooting", "cem", "mppi"}) {
    const PlannerEntry* e = find_planner(n);
    REQUIRE(e);
    CHECK(e->kind == PlannerKind::Sampling);
    CHECK_FALSE(e->display_name.empty());
    CHECK(e->description.size() > 80);
    auto p = e->make();
    CHECK(p->name() == n);
  }
  CHECK(find_planner("nope") == nullptr);
}

TEST_CASE("every parameter has help, a default within range, and shared keys mean the same") {
  for (const auto& e : planner_registry()) {
    if (e.kind != PlannerKind::Sampling) continue;
    CAPTURE(e.name);
    auto p = e.make();
    const ParamSet ps = p->params();
    CHECK(validate_ranges(ps).empty());
    for (const auto& info : ps.infos) {
      CAPTURE(info.key);
      CHECK(info.help.size() > 10);
      CHECK(info.def >= info.lo);
      CHECK(info.def <= info.hi);
    }
    for (const char* k : {"samples", "horizon", "sigma", "warm_start", "pad"}) CHECK(ps.find(k) != nullptr);
    CHECK(p->horizon() == int(ps.get("horizon")));
  }
  CHECK(find_planner("mppi")->make()->params().find("lambda"));
  CHECK(find_planner("cem")->make()->params().find("elites"));
  CHECK(find_planner("shooting")->make()->params().find("lambda"));
}

TEST_CASE("bad parameters are rejected with the key named, and the old ones kept") {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  struct Case {
    const char* planner;
    const char* key;
    double value;
  } cases[] = {
      {"cem", "elites", 500},   // elites > samples (200)
      {"cem", "elites", 0},     // out of range
      {"cem", "samples", 10},   // now fewer samples than the 20 elites
      {"cem", "min_sigma", 5},  // floor above the initial sigma
      {"cem", "alpha", 1.0},    // momentum 1 would never move
      {"mppi", "lambda", 0},    // lambda <= 0
      {"mppi", "lambda", -1},
      {"mppi", "lambda", nan},
      {"mppi", "sigma", nan},
      {"mppi", "smoothing", 0},
      {"mppi", "samples", 0},
      {"mppi", "iterations", 2.5},  // not a whole number
      {"shooting", "lambda", 0},
      {"shooting", "horizon", 0},
      {"shooting", "sigma", std::numeric_limits<double>::infinity()},
  };
  for (const auto& c : cases) {
    CAPTURE(c.planner);
    CAPTURE(c.key);
    CAPTURE(c.value);
    auto p = find_planner(c.planner)->make();
    const ParamSet before = p->params();
    const std::string err = apply(*p, c.key, c.value);
    CHECK_FALSE(err.empty());
    // The message names the key (for samples-vs-elites conflicts, one of the two).
    const bool named = err.find(c.key) != std::string::npos ||
                       (std::string(c.key) == "samples" && err.find("elites") != std::string::npos);
    CHECK(named);
    CHECK(p->params().values == before.values);
  }
  // Unknown keys are named too.
  auto p = find_planner("mppi")->make();
  ParamSet ps;
  ps.infos.push_back(ParamInfo{"lamda", ParamKind::Float, 1, 0, 1, "", {}, false});
  ps.values.push_back(1);
  const std::string err = p->set_params(ps);
  CHECK(err.find("lamda") != std::string::npos);
  CHECK(err.find("lambda") != std::string::npos);  // the valid keys are listed
}

TEST_CASE("set_params applies good values, a partial set keeps the other keys") {
  auto p = find_planner("cem")->make();
  ParamSet partial;
  partial.infos.push_back(ParamInfo{"elites", ParamKind::Int, 20, 1, 1e6, "", {}, false});
  partial.values.push_back(7);
  CHECK(p->set_params(partial).empty());
  CHECK(p->params().get("elites") == 7);
  CHECK(p->params().get("samples") == 200);

  MpcController mpc(find_planner("mppi")->make());
  ParamSet mp = describe(mpc.params());
  REQUIRE_FALSE(mp.set("replan_every", 3));
  CHECK(mpc.set_params(mp).empty());
  CHECK(mpc.params().replan_every == 3);
  mp.values[size_t(mp.index_of("replan_every"))] = 0;
  CHECK(mpc.set_params(mp).find("replan_every") != std::string::npos);
  CHECK(mpc.params().replan_every == 3);
}
