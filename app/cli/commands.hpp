#pragma once
// The headless subcommands. Each returns the process exit status (0 ok, 1 failure, 2 bad input).
#include <cstdint>
#include <functional>
#include <string>

#include "engine/setup.hpp"

namespace mbrl {

// How frames are exported (run --export, replay --export, lesson play --export, the window's dialog).
struct ExportSettings {
  std::string path;               // .gif, .mp4 or .png (numbered frames); "" = no export
  int every = 1;                  // every Nth step
  int width = 960, height = 540;  // the picture's size, whatever the window's
  bool panels = false;            // the side panels too (else the world view alone)
  bool captions = true;           // lessons: the caption band
  double fps = 25;                // GIF: 50, 25, 20, 10, ... (whole hundredths of a second per frame)
  int64_t first = 0, last = -1;   // frames of a recording, inclusive (-1: its last step, frame
                                  // last_frame() - 1: app/gui/export/export_plan.hpp)
  bool quiet = false;
};
// "" or one line: --size WxH parsed into `e`.
std::string parse_size(const std::string& text, ExportSettings& e);

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
  // Recording and export (engine/record/): "" = none.
  std::string record_path;  // the session as a .mbrlrec recording
  std::string csv_path;     // every step as CSV (+ FILE.json sidecar)
  ExportSettings export_;   // rendered by the window's code (needs a display)
};

class Recording;
// Renders a recording's frames to an animation (the window's exporter; null without the window).
// Returns an exit status and prints what it wrote.
using RecordingExporter = std::function<int(const Recording&, const ExportSettings&)>;

int run_command(const RunArgs& args, const RecordingExporter& exporter = {});

// `mbrl-playground replay FILE`: re-simulates a recording and reports the first frame whose hash
// differs, or "identical, N steps". Exit 0 identical, 1 different, 2 a bad file.
struct ReplayArgs {
  std::string file;
  int threads = 2;
  std::string csv_path;  // as run's
  ExportSettings export_;
  bool quiet = false;
};

int replay_command(const ReplayArgs& args, const RecordingExporter& exporter = {});

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
  std::string csv_dir;                // check: every lane's steps as CSV in this folder
};

int lesson_command(const LessonArgs& args);

// The catalogue printed under --help: every env, planner and parameter with default and range.
std::string catalog_text();

}  // namespace mbrl
