#pragma once
// The window's entry point. cli_main calls gui_main when no subcommand is given; the options
// mirror `run` (--env, --planner, --seed, --threads, --set KEY=VALUE) plus the window's own
// (--screenshot FILE --frames N, --perf-frames N, --settings FILE).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mbrl {

struct GuiOptions {
  std::string env = "pendulum", planner = "mppi";
  uint64_t seed = 0;
  int threads = 2;
  std::string model;   // --model true|nn|ensemble ("" = not given: true, or the last session's)
  std::string lesson;  // play this lesson (a bundled lesson's name or a file; "" = the normal window)
  std::vector<std::pair<std::string, std::string>> sets;  // --set KEY=VALUE (planner, env or mpc keys)
  std::string screenshot;                                 // save the window as PNG after `frames` frames and exit
  int frames = 0;               // frames to render before the screenshot (0: 120 when screenshot is set)
  int perf_frames = 0;          // run N frames, print frame-time percentiles as one JSON line, exit
  std::string settings_path;    // override $XDG_CONFIG_HOME/mbrl-playground/settings.json
  bool no_settings = false;     // do not read or write the settings file (tests, scripted runs)
  int width = 0, height = 0;    // window size override (0: from settings or 1600x1000)
  bool show_help = true;        // show the help window on first start (settings remember "seen")
  bool explicit_setup = false;  // --env/--planner/--set given: do not restore the last session's setup
  std::string recording;        // open this recording (.mbrlrec) at step `at_step`
  int64_t at_step = 0;          // -1: live (after it is re-simulated)
  std::string save_recording;   // at exit, save the session's recording here
};

// Returns the process exit code: 0 on normal exit, 2 when no display is available.
int gui_main(const GuiOptions& opts);

}  // namespace mbrl
