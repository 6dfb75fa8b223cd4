// The window's MBRL loop and `run --loop` are the same code: an engine driven the way the window's
// worker drives it (the keys arrive as panel edits, i.e. events, after the engine is built; plans
// are made whenever a plan is due, apart from the step; poll() every round) gives the episode that
// `mbrl-playground run --model ensemble --loop ...` writes for the same seed and keys, with the
// window's background training made synchronous (the one part of the window that depends on time).
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "app/cli/cli.hpp"
#include "app/cli/param_json.hpp"
#include "engine/engine.hpp"

using namespace mbrl;

namespace {

int run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "mbrl-playground");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return cli_main(int(argv.size()), argv.data(), {});
}

const KeyValues kKeys = {{"samples", "100"},       {"loop.random_episodes", "2"}, {"loop.random_steps", "30"},
                         {"loop.iterations", "2"}, {"loop.episode_steps", "60"},  {"loop.retrain_every", "40"},
                         {"model.epochs", "5"},    {"model.members", "3"}};

}  // namespace

TEST_CASE("the window's way of driving the loop gives run --loop's episode, for v1.5 and v1.0") {
  for (const char* version : {"v1.5", "v1.0"}) {
    CAPTURE(version);
    const std::string metrics = (std::filesystem::temp_directory_path() / "mbrl_window_equals_run.json").string();
    std::vector<std::string> args = {"run",   "--env",  "pendulum", "--model", "ensemble",  "--loop",
                                     version, "--seed", "4",        "--quiet", "--metrics", metrics};
    for (const auto& [k, v] : kKeys) args.insert(args.end(), {"--set", k + "=" + v});
    REQUIRE(run_cli(args) == 0);
    std::ifstream f(metrics);
    const nlohmann::json j = nlohmann::json::parse(f);

    EngineSetup setup;
    setup.model = "ensemble";
    setup.loop = version;
    setup.seed = 4;
    EngineOptions o;
    o.trace_cap = 1000;  // the window keeps samples for drawing; plans must not depend on it
    std::unique_ptr<Engine> e;
    REQUIRE(Engine::create(setup, o, e).empty());
    for (const auto& [k, v] : kKeys) REQUIRE(e->apply(Event::set(k, v)).empty());  // the panels' edits
    int rounds = 0;
    while (!e->learner()->done() && rounds++ < 10000) {
      e->poll();
      if (e->plan_due()) {
        e->plan();
        continue;  // the worker re-checks its commands between a plan and a step
      }
      REQUIRE(e->step());
    }
    REQUIRE(e->learner()->done());
    CHECK(vectors_to_json(e->states()) == j["states"]);
    CHECK(vectors_to_json(e->actions()) == j["actions"]);
    CHECK(e->learner()->result().real_steps == j["real_steps"]);
    const auto& its = e->learner()->result().iterations;
    REQUIRE(its.size() == j["iterations"].size());
    for (size_t i = 0; i < its.size(); ++i) {
      CHECK(its[i].dataset_size == j["iterations"][i]["dataset_size"]);
      CHECK(its[i].plans == j["iterations"][i]["plans"]);
    }
  }
}
