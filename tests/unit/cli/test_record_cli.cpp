// run --record / --csv, replay, lesson check --csv: what a researcher scripts against. A recording
// replays identical; a tampered one reports the frame where it differs (exit 1); a bad file exits 2
// with one line; the CSV has one row per step with round-trip numbers and a sidecar.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "app/cli/cli.hpp"
#include "engine/record/recording_io.hpp"

namespace {

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() / ("mbrl_reccli_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

std::string run_cli(std::vector<std::string> args, int& status) {
  const std::string path = (temp_dir() / "stdout.txt").string();
  args.insert(args.begin(), "mbrl-playground");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  std::fflush(stdout);
  const int saved = dup(fileno(stdout));
  REQUIRE(std::freopen(path.c_str(), "w", stdout) != nullptr);
  status = mbrl::cli_main(int(argv.size()), argv.data(), {});
  std::fflush(stdout);
  dup2(saved, fileno(stdout));
  close(saved);
  std::ifstream f(path);
  return std::string(std::istreambuf_iterator<char>(f), {});
}

std::vector<std::string> lines(const std::string& path) {
  std::ifstream f(path);
  std::vector<std::string> out;
  for (std::string l; std::getline(f, l);) out.push_back(l);
  return out;
}

}  // namespace

TEST_CASE("cli: run --record then replay says identical, a tampered recording says where it differs") {
  const std::string rec = (temp_dir() / "a.mbrlrec").string();
  int status = -1;
  run_cli({"run", "--steps", "80", "--set", "samples=64", "--record", rec, "--quiet"}, status);
  REQUIRE(status == 0);
  std::string out = run_cli({"replay", rec, "--verify"}, status);
  CHECK(status == 0);
  CHECK(out.find("identical, 80 steps") != std::string::npos);
  // The same log on a changed setup: the first differing frame is named, exit 1.
  std::unique_ptr<mbrl::Recording> r;
  REQUIRE(mbrl::load_recording(rec, r).empty());
  r->setup.sets.emplace_back("planner.lambda", "3");
  const std::string tampered = (temp_dir() / "b.mbrlrec").string();
  REQUIRE(mbrl::save_recording(*r, tampered).empty());
  out = run_cli({"replay", tampered}, status);
  CHECK(status == 1);
  CHECK(out.find("differs: frame 1 differs") != std::string::npos);
}

TEST_CASE("cli: replay refuses bad files with exit 2 and one line") {
  int status = -1;
  for (const std::string& bad : {temp_dir().string(), std::string("/dev/zero"), std::string("/etc/hostname"),
                                 (temp_dir() / "none.mbrlrec").string()}) {
    CAPTURE(bad);
    run_cli({"replay", bad}, status);
    CHECK(status == 2);
  }
}

TEST_CASE("cli: run --csv writes one row per step with round-trip numbers and a sidecar") {
  const std::string csv = (temp_dir() / "run.csv").string();
  int status = -1;
  run_cli({"run", "--env", "cartpole", "--steps", "50", "--set", "samples=64", "--csv", csv, "--quiet"}, status);
  REQUIRE(status == 0);
  const auto rows = lines(csv);
  REQUIRE(rows.size() == 52);  // header, frames 0..50
  CHECK(rows[0].rfind("frame,episode,step,time_s,env,state.", 0) == 0);
  CHECK(rows[0].find("action.") != std::string::npos);
  CHECK(rows[0].find(",cost,success_so_far,plan_cost,ess,hash") != std::string::npos);
  CHECK(rows[51].rfind("50,", 0) == 0);
  // Round trip: the metrics' state, parsed from the CSV text, is the same float.
  const std::string metrics = (temp_dir() / "run.json").string();
  run_cli({"run", "--env", "cartpole", "--steps", "50", "--set", "samples=64", "--metrics", metrics, "--quiet"},
          status);
  std::ifstream mf(metrics);
  const auto m = nlohmann::json::parse(mf);
  std::stringstream row(rows[51]);
  std::vector<std::string> cells;
  for (std::string c; std::getline(row, c, ',');) cells.push_back(c);
  const auto last = m["states"].back();
  for (size_t i = 0; i < last.size(); ++i) CHECK(std::stof(cells[5 + i]) == last[i].get<float>());
  std::ifstream sf(csv + ".json");
  const auto side = nlohmann::json::parse(sf);
  CHECK(side["setup"]["env"] == "cartpole");
  CHECK(side["resolved_params"].contains("planner.samples"));
  CHECK(side["resolved_params"]["planner.samples"] == "64");
  CHECK(side["rows"] == 51);
}

TEST_CASE("cli: lesson check --csv writes a CSV per lane, and run refuses outputs it cannot write") {
  const auto dir = temp_dir() / "lesson_csv";
  std::filesystem::create_directories(dir);
  int status = -1;
  const std::string out = run_cli({"lesson", "check", "mppi-lambda", "--csv", dir.string()}, status);
  CHECK(status == 0);
  size_t csvs = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) csvs += f.path().extension() == ".csv";
  CHECK(csvs >= 2);
  run_cli({"lesson", "check", "mppi-lambda", "--csv", (dir / "nope").string()}, status);
  CHECK(status == 2);
  run_cli({"run", "--record", temp_dir().string()}, status);  // a folder
  CHECK(status == 2);
  run_cli({"run", "--csv", "/nonexistent/dir/x.csv"}, status);
  CHECK(status == 2);
  run_cli({"run", "--export", (temp_dir() / "x.gif").string()}, status);  // no window in this test
  CHECK(status == 2);
  run_cli({"run", "--export", (temp_dir() / "x.avi").string(), "--size", "960x540"}, status);
  CHECK(status == 2);
  run_cli({"run", "--size", "12x5000"}, status);
  CHECK(status == 2);
}
