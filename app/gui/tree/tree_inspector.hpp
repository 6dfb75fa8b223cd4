#pragma once
// The MCTS tree inspector: draws an MctsTrace (core/mcts/mcts_trace.hpp) as a tidy layered tree
// on a pan/zoom canvas (node size by visits, colour by Q in viridis with a legend, action labels,
// the best path and the last simulation highlighted), a node inspector (N, Q, the UCB score split
// into its exploitation and exploration terms with the numbers in the formula), the root's visit
// distribution, and the stepping controls (one phase, one simulation, run, pause).
//
// The inspector only draws what the trace says; it never touches the planner. Its controls
// return a TreeCommand that the caller passes on to the session owning the planner (see the
// wiring note in tree_inspector.cpp's header comment or the issue note). Draws into the current
// ImGui window (the caller does Begin/End), filling the available region.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "app/gui/tree/tree_layout.hpp"
#include "app/gui/tree/tree_view.hpp"
#include "core/mcts/mcts_trace.hpp"
#include "core/types.hpp"

namespace mbrl::gui {

// What the user asked for this frame.
enum class TreeCommand {
  None,
  Phase,       // run the next phase of the stepped search (begin one from the current state if none)
  Simulation,  // finish the current simulation, or run one whole simulation (same begin rule)
  Run,         // keep running simulations (TreeInspectorState::run_rate per second) until Pause
  Pause,       // stop running
  NewSearch,   // drop the stepped search and begin a fresh one from the current state
};
const char* tree_command_name(TreeCommand c);

// What the caller knows about the session, for the controls' labels and state.
struct TreeInspectorContext {
  int64_t trace_version = -1;  // bumps whenever the trace changes (SessionView::trace_version);
                               // -1: detected from the trace's address and counts
  bool running = false;        // simulations are running continuously (shows Pause instead of Run)
  bool can_step = true;        // stepping is possible now (e.g. false while a full plan runs)
  const std::vector<std::string>* state_names = nullptr;  // names of the state's components
};

// Everything the inspector remembers between frames. Plain data; default-constructible.
struct TreeInspectorState {
  // User settings.
  int min_visits = 0;       // prune: nodes with fewer visits are hidden with their subtrees
  bool show_best = true;    // highlight the most-visited path
  bool show_last = true;    // highlight the last simulation's path
  bool show_labels = true;  // action labels on edges (when zoomed in enough)
  float run_rate = 20.f;    // simulations per second while running (the caller reads it)

  // Selection: a trace node index, re-found by its action path when the trace changes.
  int selected = -1;
  std::vector<int> selected_actions;

  // Canvas.
  TreeCamera camera;
  bool auto_fit = true;  // refit when the tree changes, until the user pans or zooms

  // Caches (internal): the layout of the last trace seen.
  TreeLayout layout;
  const MctsTrace* laid_trace = nullptr;
  int64_t laid_version = -2;
  size_t laid_nodes = 0;
  int laid_root_visits = -1, laid_min_visits = -1;
  size_t laid_phases = 0;
  float color_lo = 0.f, color_hi = 0.f;  // Q range of the colour map (5th-95th percentile shown)
  bool color_clipped_lo = false, color_clipped_hi = false;
  std::vector<TreeMark> marks;  // scratch
  // Last frame's figures (for the perf harness and the status line).
  int drawn_marks = 0, visited_nodes = 0;
};

// Draws the inspector for `trace` (null: a hint that the planner has no tree yet) and returns
// the command the user gave this frame.
TreeCommand draw_tree_inspector(TreeInspectorState& s, const MctsTrace* trace, const Theme& theme,
                                const TreeInspectorContext& ctx = {});

// The state stored at the selected node (state_dim values) so the world view can draw it, or
// nothing when no node is selected or the selection is not in this trace.
std::optional<Vec> selected_state(const TreeInspectorState& s, const MctsTrace* trace);

}  // namespace mbrl::gui
