#pragma once
// The window's persisted settings (window size, theme, scale, last env / planner / parameters,
// the dynamics model and its parameters) as JSON in $XDG_CONFIG_HOME/mbrl-playground/settings.json
// (or ~/.config/...). A missing file is normal; a corrupt one is reported once and ignored (the
// app opens with defaults). A saved parameter that is no longer valid (a key renamed or a range
// narrowed by an upgrade) drops only that item, with one line naming the file and the key.
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "core/params.hpp"

namespace mbrl::gui {

using SetItems = std::vector<std::pair<std::string, std::string>>;  // "KEY=VALUE" in `run --set` form

struct Settings {
  int width = 1600, height = 1000;
  Theme theme = Theme::Dark;
  float ui_scale = 1.f, line_scale = 1.f;
  float speed = 1.f;
  bool help_seen = false;
  std::string env, planner;  // empty: not saved yet
  SetItems params;           // planner.KEY, env.KEY, mpc.KEY (older files: planner keys bare)
  std::string model;         // as gui.model: "true" or "ensemble" (empty: not saved yet)
  SetItems learn_params;     // model.KEY and loop.KEY, saved while the learned model is on
};

std::string default_settings_path();

// Reads `path`. Returns "" on success or when the file does not exist (settings untouched);
// otherwise a one-line message naming the file and the problem (settings left at defaults).
std::string load_settings(const std::string& path, Settings& s);

// Writes `s` (creating the directory). Returns "" or a message.
std::string save_settings(const std::string& path, const Settings& s);

// Keeps the saved `items` that `check` accepts ("" = valid, else why not), in order. All of them
// are tried first; if that fails, one at a time, each together with those kept before it (so
// cross-key rules still see their partners), and every rejected item is dropped with one line in
// `dropped` naming `path`, the item and the reason.
SetItems keep_valid_items(const SetItems& items, const std::string& path,
                          const std::function<std::string(const SetItems&)>& check, std::vector<std::string>& dropped);

// The dynamics model the last session planned through, as the session takes it (learned on or
// off, and when on its model.KEY / loop.KEY items). `model` / `loop` are the parameter sets the
// session checks those keys against (describe(ModelParams{}), describe(LoopParams{})): no key
// name is known here. Invalid items, and an unknown model kind, are dropped into `dropped`.
struct SavedModel {
  bool learned = false;
  SetItems sets;
};
SavedModel saved_model(const Settings& s, const std::string& path, const ParamSet& model, const ParamSet& loop,
                       std::vector<std::string>& dropped);

}  // namespace mbrl::gui
