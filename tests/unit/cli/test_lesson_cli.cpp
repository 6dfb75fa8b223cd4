// `mbrl-playground lesson`: check exits 0 when every required claim holds, 1 when one fails and 2
// for a bad file (missing, a folder, malformed), and writes its JSON and JUnit reports.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "app/cli/cli.hpp"

namespace {

namespace fs = std::filesystem;

int run_cli(std::vector<std::string> args) {
  args.insert(args.begin(), "mbrl-playground");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return mbrl::cli_main(int(argv.size()), argv.data(), {});
}

// A one-lane lesson whose single check is `ess_fraction CMP 0.5` on MPPI with lambda 0.01.
std::string lesson_file(const fs::path& dir, const char* cmp) {
  const fs::path p = dir / (std::string("cmp") + (cmp[0] == '<' ? "lt" : "gt") + ".json");
  std::ofstream(p) << R"({"format": "mbrl-playground-lesson", "format_version": 1,
    "meta": {"id": "cli-test", "title": "t", "lecture": "000", "topic": "MPPI", "goal": "g"},
    "setup": {"env": "pendulum", "planner": "mppi", "params": {"samples": 100, "lambda": 0.01}},
    "timeline": [{"op": "run", "steps": 5},
                 {"op": "expect", "name": "greedy", "metric": "ess_fraction", "cmp": ")"
                   << cmp << R"(", "value": 0.5}]})";
  return p.string();
}

}  // namespace

TEST_CASE("lesson check: exit 0 when the claims hold, 1 when a required one fails, 2 for a bad file") {
  const fs::path dir = fs::temp_directory_path() / "mbrl_lesson_cli";
  fs::create_directories(dir);
  const std::string json = (dir / "report.json").string(), junit = (dir / "report.xml").string();
  CHECK(run_cli({"lesson", "check", lesson_file(dir, "<"), "--json", json, "--junit", junit}) == 0);
  const nlohmann::json j = nlohmann::json::parse(std::ifstream(json));
  CHECK(j["passed"] == 1);
  CHECK(j["lessons"][0]["checks"][0]["pass"] == true);
  CHECK(j["lessons"][0]["checks"][0]["actual"].get<double>() < 0.5);
  std::ifstream x(junit);
  const std::string xml((std::istreambuf_iterator<char>(x)), std::istreambuf_iterator<char>());
  CHECK(xml.find("<testcase classname=\"cli-test\" name=\"greedy\"/>") != std::string::npos);

  CHECK(run_cli({"lesson", "check", lesson_file(dir, ">")}) == 1);
  CHECK(run_cli({"lesson", "check", (dir / "none.json").string()}) == 2);
  CHECK(run_cli({"lesson", "check", dir.string() + "/"}) == 2);
  CHECK(run_cli({"lesson", "check", "no-such-bundled-lesson"}) == 2);
  CHECK(run_cli({"lesson", "check"}) == 2);
  CHECK(run_cli({"lesson", "show", "mppi-lambda"}) == 0);
  CHECK(run_cli({"lesson", "frobnicate"}) == 2);
  fs::remove_all(dir);
}
