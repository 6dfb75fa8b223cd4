// The command line of the MBRL loop: `run --model nn|ensemble --loop v0.5|v1.0|v1.5` writes the
// loop's per-iteration record, the model and loop params and the real-step count at success; bad
// values exit 2 (the line naming the flag or key is checked by hand: stderr is not captured here).
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cli/cli.hpp"
#include "engine/setup.hpp"

namespace {

std::string temp_file(const char* name) { return (std::filesystem::temp_directory_path() / name).string(); }

int run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "mbrl-playground");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return mbrl::cli_main(int(argv.size()), argv.data(), {});
}

}  // namespace

TEST_CASE("bad --model, --loop, model.KEY and loop.KEY exit with status 2") {
  CHECK(run_cli({"run", "--model", "gp"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--loop", "v2.0"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "model.no_such_key=1"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "loop.no_such_key=1"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "model.members=0"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "model.lr=nan"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "model.propagation=sideways"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "loop.retrain_every=0"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "loop.version=v3"}) == 2);
  CHECK(run_cli({"run", "--model", "nn", "--set", "model.members=3"}) == 2);  // nn is one network
  CHECK(run_cli({"run", "--loop", "v1.5"}) == 2);                             // a loop needs a learned model
  CHECK(run_cli({"run", "--set", "model.members=3"}) == 2);
  CHECK(run_cli({"run", "--model", "ensemble", "--set", "no_such_planner_key=1"}) == 2);
}

TEST_CASE("the parser names the flag or key in its one-line message") {
  mbrl::KeyValues sets = {{"model.width", "2"}};
  mbrl::MbrlSettings s;
  std::string err = mbrl::parse_mbrl_settings("ensemble", "", sets, s);
  CHECK(err.find("model.width") != std::string::npos);
  CHECK(err.find("[4, 1024]") != std::string::npos);
  sets = {};
  err = mbrl::parse_mbrl_settings("ensemble", "v9", sets, s);
  CHECK(err.find("--loop") != std::string::npos);
  CHECK(err.find("v1.5") != std::string::npos);
  sets = {{"loop.iterations", "0"}};
  err = mbrl::parse_mbrl_settings("ensemble", "v1.0", sets, s);
  CHECK(err.find("loop.iterations") != std::string::npos);
  // Good settings: model/loop keys are taken out, the others stay for the planner and env.
  sets = {{"loop.iterations", "3"}, {"samples", "100"}, {"model.width", "32"}};
  REQUIRE(mbrl::parse_mbrl_settings("ensemble", "v1.0", sets, s).empty());
  CHECK(s.loop.iterations == 3);
  CHECK(s.loop.version == mbrl::LoopVersion::V10);
  CHECK(s.model.width == 32);
  REQUIRE(sets.size() == 1);
  CHECK(sets[0].first == "samples");
}

TEST_CASE("run --model ensemble --loop v1.5 swings the pendulum up and writes the loop record to the metrics") {
  const std::string path = temp_file("mbrl_test_mbrl_cli_metrics.json");
  std::remove(path.c_str());
  REQUIRE(run_cli({"run", "--env", "pendulum", "--model", "ensemble", "--loop", "v1.5", "--seed", "2", "--quiet",
                   "--set", "loop.iterations=3", "--metrics", path}) == 0);
  std::ifstream f(path);
  REQUIRE(f.good());
  const auto j = nlohmann::json::parse(f);
  CHECK(j["model"] == "ensemble");
  CHECK(j["loop"] == "v1.5");
  CHECK(j["params"]["model"]["members"] == 5);
  CHECK(j["params"]["model"]["propagation"] == "tsinf");
  CHECK(j["params"]["loop"]["version"] == "v1.5");
  CHECK(j["params"]["loop"]["iterations"] == 3);
  CHECK(j["params"]["planner"].contains("lambda"));
  REQUIRE(j["success"] == true);
  const auto& its = j["iterations"];
  REQUIRE(its.size() >= 2);
  CHECK(its[0]["iteration"] == 0);
  CHECK(its[0]["real_steps"] == 200);  // 4 random episodes x 50 steps
  for (const char* key : {"real_steps", "dataset_size", "train_loss", "holdout_loss", "train_ms", "plan_ms", "plans",
                          "episode_cost", "success", "detail"})
    CHECK_MESSAGE(its.back().contains(key), key);
  CHECK(its.back()["success"] == true);
  CHECK(j["real_steps_at_success"] == its.back()["real_steps"]);  // the episode stopped at success
  CHECK(j["real_steps_at_success"].get<int>() <= 400);
  CHECK(j["states"].size() == j["actions"].size() + 1);
}

TEST_CASE("run --model nn --loop v0.5 trains one network and keeps the random data only") {
  const std::string path = temp_file("mbrl_test_mbrl_cli_nn.json");
  std::remove(path.c_str());
  REQUIRE(run_cli({"run", "--env", "hill", "--model", "nn", "--loop", "v0.5", "--steps", "30", "--quiet", "--set",
                   "samples=100", "--set", "loop.iterations=2", "--set", "loop.stop_on_success=false", "--metrics",
                   path}) == 0);
  std::ifstream f(path);
  REQUIRE(f.good());
  const auto j = nlohmann::json::parse(f);
  CHECK(j["params"]["model"]["members"] == 1);
  const auto& its = j["iterations"];
  REQUIRE(its.size() == 3);
  for (const auto& it : its) CHECK(it["dataset_size"] == 200);
  CHECK(its[2]["episode_steps"] == 30);  // --steps sets the model-based episode length
  CHECK(j["real_steps"] == 200 + 2 * 30);
}
