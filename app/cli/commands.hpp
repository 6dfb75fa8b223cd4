#pragma once
// The headless subcommands. Each returns the process exit status (0 ok, 1 failure, 2 bad input).
#include <cstdint>
#include <string>

#include "engine/setup.hpp"

namespace mbrl {

struct RunArgs {
  std::string env = "pendulum";
  std::string planner = "mppi";
  uint64_t seed = 0;
  int steps = 0;  // 0: the environment's default episode length
  int threads = 2;
  KeyValues sets;
  std::string metrics_path;  // JSON metrics file ("" = none)
  bool quiet = false;
  std::string model = "true";  // planning model: true dynamics, or a learned nn / ensemble (MBRL loop)
  std::string loop;            // MBRL loop version v0.5|v1.0|v1.5 ("" = loop.version, default v1.5)
  // Learned model only (cli_main refuses them with --model true):
  std::string save_model;  // save the loop's final ensemble here ("" = don't)
  std::string load_model;  // start the loop from this saved ensemble ("" = fresh random init)
};

int run_command(const RunArgs& args);

struct BenchArgs {
  std::string only;  // run only cases whose name contains this ("" = all)
  double seconds_per_case = 0.4;
};

// True when `--only` selects the case of this name (its printed "case").
bool bench_case_wanted(const BenchArgs& args, const std::string& name);
// Exit status 2 with one line listing the cases when `--only` matches none of them.
int bench_command(const BenchArgs& args);

struct ListArgs {
  std::string what;  // "envs" or "planners"
  bool json = false;
};

// One name per line with its kind ("pendulum continuous", "mcts tree"), or a JSON array.
int list_command(const ListArgs& args);

// `lesson list`, `lesson show NAME|FILE`, `lesson check [NAME|FILE|--all]` (engine/lesson/).
struct LessonArgs {
  std::string action;  // list | show | check
  std::string name;    // a bundled lesson's id or a file
  bool all = false;    // check: every bundled lesson
  int seeds = 1;       // check: at least this many seeds per expect
  int threads = 2;
  std::string json_path, junit_path;  // check: reports ("" = none)
};

int lesson_command(const LessonArgs& args);

// The catalogue printed under --help: every env, planner and parameter with default and range.
std::string catalog_text();

}  // namespace mbrl
