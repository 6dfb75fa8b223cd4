#pragma once
// The window's own settings as the parameter tree's gui.KEY scope (engine/param_tree.hpp): set with
// `--set gui.KEY=VALUE`, listed by --help (app/cli), checked like every other parameter. Shared by
// the app's two front ends, so it knows nothing of GL.
#include <string>

#include "core/params.hpp"

namespace mbrl {

enum class GuiTheme { Dark, Projector };

struct GuiParams {
  int trace_cap = 1000;    // sampled trajectories kept per iteration for drawing [16, 100000]
  float scale = 1.f;       // font and widget scale (classroom) [0.5, 4]
  float line_scale = 1.f;  // world-view line widths [0.5, 5]
  float speed = 1.f;       // x real time [0.01, 10]
  bool max_speed = false;  // step as fast as planning allows
  bool paused = false;     // start paused
  int stop_at = 0;         // stop stepping at this step (0: never) [0, 1e9]
  bool help = true;        // show the help window on first start
  GuiTheme theme = GuiTheme::Dark;

  template <class V>
  void visit(V& v) {
    v.field("trace_cap", trace_cap, 16, 100000, "Sampled trajectories kept per iteration for drawing", true);
    v.field("scale", scale, 0.5, 4.0, "Font and widget scale (classroom)");
    v.field("line_scale", line_scale, 0.5, 5.0, "World-view line widths");
    v.field("speed", speed, 0.01, 10.0, "Playback speed, x real time", true);
    v.flag("max_speed", max_speed, "Step as fast as planning allows");
    v.flag("paused", paused, "Start paused");
    v.field("stop_at", stop_at, 0, 1e9, "Stop stepping at this step (0: never)");
    v.flag("help", help, "Show the help window on first start");
    v.choice("theme", theme, {"dark", "projector"}, "Colour theme: dark, or light for a projector");
  }
  std::string validate() const { return ""; }
};

}  // namespace mbrl
