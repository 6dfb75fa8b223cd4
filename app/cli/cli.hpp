#pragma once
// The command line. `run` and `bench` are headless; with no subcommand the window opens
// through `gui` (null when the app is built without the window).
#include <functional>

#include "app/cli/commands.hpp"

namespace mbrl {

struct LaunchOptions {
  RunArgs setup;           // env, planner, seed, threads, --set
  std::string gui_model;   // --model for the window ("" = not given)
  std::string lesson;      // `lesson NAME|FILE`: the window plays this lesson ("" = none)
  std::string screenshot;  // save a PNG after `frames` frames and exit
  int frames = 0;
  int perf_frames = 0;          // run N frames and print frame-time percentiles
  std::string settings_path;    // "" = the user's config directory
  bool explicit_setup = false;  // --env, --planner or --set given: start on exactly that setup
  std::string recording;        // open this recording (scrub it; continue live from any frame)
  int64_t at_step = 0;          // ... showing this recorded step (-1: live)
  std::string save_recording;   // at exit, save the window's recording here
  std::string lesson_export;    // `lesson play NAME --export`: render the lesson to this file and exit
  ExportSettings export_;
};

using GuiEntry = std::function<int(const LaunchOptions&)>;

// `exporter`: renders recordings (run/replay --export); null without the window.
int cli_main(int argc, char** argv, const GuiEntry& gui, const RecordingExporter& exporter = {});

}  // namespace mbrl
