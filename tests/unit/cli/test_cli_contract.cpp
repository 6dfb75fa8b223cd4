// The command line is a contract other tools script against: bad input exits 2 with a line
// naming the flag or key; run writes the documented metrics.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <unistd.h>

#include "app/cli/cli.hpp"
#include "core/planners/registry.hpp"
#include "envs/registry.hpp"

namespace {

// Output files go to the temp directory, never into the source tree.
std::string temp_file(const char* name) { return (std::filesystem::temp_directory_path() / name).string(); }

int run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "mbrl-playground");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return mbrl::cli_main(int(argv.size()), argv.data(), {});
}

// Runs the command line with `stream` (stdout or stderr) sent to a temp file; returns what it printed there.
std::string run_cli_output(std::vector<std::string> args, int& status, FILE* stream = stdout) {
  const std::string path = temp_file("mbrl_test_cli_stdout.txt");
  std::fflush(stream);
  const int saved = dup(fileno(stream));
  REQUIRE(std::freopen(path.c_str(), "w", stream) != nullptr);
  status = run_cli(std::move(args));
  std::fflush(stream);
  dup2(saved, fileno(stream));
  close(saved);
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

}  // namespace

TEST_CASE("bad input exits with status 2") {
  CHECK(run_cli({"run", "--env", "nope"}) == 2);
  CHECK(run_cli({"run", "--planner", "nope"}) == 2);
  CHECK(run_cli({"run", "--set", "samples=-5"}) == 2);
  CHECK(run_cli({"run", "--set", "lambda=0"}) == 2);
  CHECK(run_cli({"run", "--set", "lambda=nan"}) == 2);
  CHECK(run_cli({"run", "--planner", "cem", "--set", "elites=500", "--set", "samples=100"}) == 2);
  CHECK(run_cli({"run", "--set", "no_such_key=1"}) == 2);
  CHECK(run_cli({"run", "--set", "samples"}) == 2);
  CHECK(run_cli({"run", "--set", "env.no_such_key=1"}) == 2);
  CHECK(run_cli({"run", "--set", "mpc.replan_every=0"}) == 2);
  CHECK(run_cli({"run", "--steps", "0"}) == 2);
  CHECK(run_cli({"run", "--threads", "0"}) == 2);
  CHECK(run_cli({"run", "--steps", "abc"}) == 2);
  CHECK(run_cli({"frobnicate"}) == 2);
  CHECK(run_cli({"list"}) == 2);
  CHECK(run_cli({"list", "robots"}) == 2);
}

TEST_CASE("run writes metrics with the documented keys and a successful pendulum swing-up") {
  const std::string path = temp_file("mbrl_test_cli_metrics.json");
  std::remove(path.c_str());
  REQUIRE(run_cli({"run", "--env", "pendulum", "--planner", "mppi", "--seed", "3", "--steps", "200", "--quiet",
                   "--metrics", path}) == 0);
  std::ifstream f(path);
  REQUIRE(f.good());
  const auto j = nlohmann::json::parse(f);
  for (const char* key : {"env", "planner", "seed", "steps", "params", "total_cost", "success", "plan_ms_median",
                          "plan_ms_p95", "states", "actions"})
    CHECK_MESSAGE(j.contains(key), key);
  CHECK(j["env"] == "pendulum");
  CHECK(j["seed"] == 3);
  CHECK(j["states"].size() == 201);
  CHECK(j["actions"].size() == 200);
  CHECK(j["params"]["planner"].contains("lambda"));
  CHECK(j["success"] == true);
}

TEST_CASE("run is reproducible: the same seed gives the same episode with 1 and 2 threads") {
  REQUIRE(run_cli({"run", "--seed", "5", "--steps", "60", "--quiet", "--threads", "1", "--metrics",
                   temp_file("mbrl_m1.json")}) == 0);
  REQUIRE(run_cli({"run", "--seed", "5", "--steps", "60", "--quiet", "--threads", "2", "--metrics",
                   temp_file("mbrl_m2.json")}) == 0);
  std::ifstream f1(temp_file("mbrl_m1.json")), f2(temp_file("mbrl_m2.json"));
  const auto j1 = nlohmann::json::parse(f1), j2 = nlohmann::json::parse(f2);
  CHECK(j1["states"] == j2["states"]);
  CHECK(j1["actions"] == j2["actions"]);
}

TEST_CASE("list prints every registered env and planner with its kind, as text or JSON") {
  int status = -1;
  const std::string envs = run_cli_output({"list", "envs"}, status);
  CHECK(status == 0);
  std::string expected;
  for (const auto& e : mbrl::env_registry())
    expected += e.name + (e.actions == mbrl::ActionKind::Discrete ? " discrete\n" : " continuous\n");
  CHECK(envs == expected);
  CHECK(envs.find("pendulum continuous\n") != std::string::npos);
  CHECK(envs.find("gridworld discrete\n") != std::string::npos);

  const std::string planners = run_cli_output({"list", "planners"}, status);
  CHECK(status == 0);
  for (const char* line : {"shooting sampling\n", "cem sampling\n", "mppi sampling\n", "mcts tree\n"})
    CHECK_MESSAGE(planners.find(line) != std::string::npos, line);

  const auto j = nlohmann::json::parse(run_cli_output({"list", "planners", "--json"}, status));
  CHECK(status == 0);
  REQUIRE(j.size() == mbrl::planner_registry().size());
  CHECK(j[0]["name"] == mbrl::planner_registry()[0].name);
  CHECK(j[0].contains("kind"));
  CHECK(j[0].contains("display_name"));
}

TEST_CASE("bench refuses a non-finite --seconds and an --only that matches no case, runs the one it names") {
  int status = -1;
  for (const char* bad : {"nan", "NaN", "inf", "-inf", "0", "1e9", "abc"}) {
    CAPTURE(bad);
    CHECK(run_cli({"bench", "--seconds", bad, "--only", "sweep_mppi_k100_h100"}) == 2);
  }
  const std::string err = run_cli_output({"bench", "--only", "nosuch"}, status, stderr);
  CHECK(status == 2);
  CHECK(err.find("--only 'nosuch' matches no case") != std::string::npos);
  CHECK(err.find("mcts_gridworld20_depth50") != std::string::npos);  // the cases are listed
  const std::string out = run_cli_output({"bench", "--only", "sweep_mppi_k100_h100", "--seconds", "0.01"}, status);
  CHECK(status == 0);
  const auto j = nlohmann::json::parse(out);  // exactly one JSON line
  CHECK(j["case"] == "sweep_mppi_k100_h100");
}

TEST_CASE("integer flags take decimal digits only: a negative, octal, hexadecimal or 65-bit seed exits 2") {
  for (const char* bad : {"-1", "0x10", "1e3", "1.5", "18446744073709551616", " ", "+-3"}) {
    CAPTURE(bad);
    CHECK(run_cli({"run", "--seed", bad, "--steps", "1", "--quiet"}) == 2);
  }
  CHECK(run_cli({"run", "--threads", "-2", "--steps", "1", "--quiet"}) == 2);
  CHECK(run_cli({"run", "--steps", "0x10", "--quiet"}) == 2);
  CHECK(run_cli({"lesson", "check", "--all", "--seeds", "-1"}) == 2);
  // The largest seed and a zero-padded one are whole numbers (010 is ten, not octal eight).
  const std::string path = temp_file("mbrl_test_cli_seed.json");
  REQUIRE(run_cli({"run", "--seed", "18446744073709551615", "--steps", "1", "--quiet", "--metrics", path}) == 0);
  {
    std::ifstream f(path);
    CHECK(nlohmann::json::parse(f)["seed"] == 18446744073709551615ull);
  }
  REQUIRE(run_cli({"run", "--seed", "010", "--steps", "1", "--quiet", "--metrics", path}) == 0);
  std::ifstream f(path);
  CHECK(nlohmann::json::parse(f)["seed"] == 10);
}

TEST_CASE("run refuses a plan that would not fit in memory with one line naming the product and the cap") {
  int status = -1;
  const std::string err =
      run_cli_output({"run", "--env", "cartpole", "--set", "samples=1000000", "--set", "horizon=1000", "--steps", "1"},
                     status, stderr);
  CHECK(status == 2);
  CHECK(err.find("samples x horizon x action dims = 1000000 x 1000 x 1") != std::string::npos);
  CHECK(err.find("cap of 2.0 GiB") != std::string::npos);
}
