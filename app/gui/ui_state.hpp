#pragma once
// What the user chose in the window (not the episode itself: that is SessionView): theme and
// classroom scale, playback speed, which overlays are on, plot choices. Persisted in part by
// settings.hpp.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "app/gui/plots/plot_history.hpp"
#include "app/gui/plots/trace_plots.hpp"
#include "engine/model_views.hpp"

namespace mbrl::gui {

struct Overlays {
  bool samples = true;     // every kept sampled trajectory, faded by weight / cost rank
  bool elites = true;      // CEM elites
  bool mean_plan = true;   // the plan the planner returned, rolled through the model
  bool best = true;        // the cheapest sample of the shown iteration
  bool trail = true;       // the executed path
  int color_mode = 0;      // 0: auto (weights for MPPI, cost rank otherwise), 1: weight, 2: cost rank
  int cem_iteration = -1;  // which refit to show (-1: the last)
};

// The learned-model views' choices (app/gui/learn).
struct LearnViewState {
  bool ghosts = false;  // the chosen window's open-loop predictions over the true path
  bool fan = true;      // every member's prediction of the current plan
  int ghost = -1;       // which held-out window (start state) the ghosts start from (-1: the newest)
  // A k-step error curve kept for comparison (e.g. a 1-step-trained model against a K-step one).
  std::shared_ptr<const ModelEvaluation> pinned;
  char model_file[512] = "mbrl-model.bin";  // the Save / Load model path field
};

// A bundled lesson as the Lessons panel lists it.
struct LessonEntry {
  std::string lecture, id, title, goal, file;
};

// The timeline under the world view (app/gui/panels/timeline_bar.cpp): every session records, so
// any past step can be shown again from its stored frame.
struct TimelineState {
  int64_t frame = -1;      // the recorded frame shown (-1: live)
  bool playing = false;    // playing recorded frames back
  float speed = 1.f;       // playback: 0.25x to 4x real time
  double owed = 0;         // frames playback owes
  bool capturing = false;  // the Record button: a range for export, from capture_from on
  int64_t capture_from = -1, capture_to = -1;
  bool ask_continue = false;  // "continue live from here?" (an edit while scrubbed back)
  std::string ask_reason;     // what the user tried to change
  // Event markers on the track, rebuilt when the recording grows.
  std::vector<std::pair<int64_t, std::string>> markers;
  size_t markers_entries = 0;
  const void* markers_of = nullptr;
};

// The File menu's dialogs (app/gui/panels/file_dialogs.cpp).
struct FileDialogState {
  int open = 0;  // 0 none, 1 open recording, 2 save recording, 3 save as lesson
  char path[1024] = "";
  std::string error, done;           // next to the path field
  std::vector<std::string> listing;  // recordings found in the folder (newest first)
};

struct ExportDialog;  // the Export dialog's state (app/gui/panels/export_dialog.cpp)

struct UiState {
  Theme theme = Theme::Dark;
  float ui_scale = 1.f;     // font + widget scale (classroom)
  float line_scale = 1.f;   // world-view line widths
  bool fonts_dirty = true;  // rebuild the font atlas before the next frame
  bool hide_ui = false;     // Tab: only the world view
  bool show_help = true;
  bool help_seen = false;
  float speed = 1.f;       // x real time
  bool max_speed = false;  // as fast as planning allows
  int trace_cap = 1000;    // sampled trajectories kept for drawing
  Overlays overlays;
  LearnViewState learn;
  TracePlotState plots;
  std::vector<LessonEntry> lessons;  // the Lessons panel's list (read when first opened)
  bool lessons_loaded = false;
  PlotHistory history;
  TimelineState timeline;
  FileDialogState files;
  std::string notice;          // one-time notice (e.g. corrupt settings file)
  std::string screenshot_msg;  // "saved screenshot-...png"
  double screenshot_msg_until = 0;
  bool screenshot_requested = false;
  bool fit_view = true;                         // frame the env's default view at the next frame
  std::shared_ptr<ExportDialog> export_dialog;  // null until first opened (open_export_dialog)
  // Widget scratch that outlives a frame.
  uint64_t seed_edit = 0;  // the seed field (re-read from the session on each new episode)
  int64_t seed_episode = -1;
  float scale_edit = 0.f;  // the UI scale slider while dragged (applied on release)
};

}  // namespace mbrl::gui
