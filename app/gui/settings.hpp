#pragma once
// The window's persisted settings (window size, theme, scale, last env / planner / parameters)
// as JSON in $XDG_CONFIG_HOME/mbrl-playground/settings.json (or ~/.config/...). A missing file
// is normal; a corrupt one is reported once and ignored (the app opens with defaults).
#include <string>
#include <utility>
#include <vector>

#include "app/gui/colormap.hpp"

namespace mbrl::gui {

struct Settings {
  int width = 1600, height = 1000;
  Theme theme = Theme::Dark;
  float ui_scale = 1.f, line_scale = 1.f;
  float speed = 1.f;
  bool help_seen = false;
  std::string env, planner;  // empty: not saved yet
  // "KEY=VALUE" in `run --set` form: planner keys bare, env.KEY, mpc.KEY.
  std::vector<std::pair<std::string, std::string>> params;
};

std::string default_settings_path();

// Reads `path`. Returns "" on success or when the file does not exist (settings untouched);
// otherwise a one-line message naming the file and the problem (settings left at defaults).
std::string load_settings(const std::string& path, Settings& s);

// Writes `s` (creating the directory). Returns "" or a message.
std::string save_settings(const std::string& path, const Settings& s);

}  // namespace mbrl::gui
