#pragma once
// The window's panels, as free functions over the state they are handed (ImGui demo style).
// Each draws its content into the current ImGui window; edits go to the Session as commands.
#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

// Play/pause, step, plan once, reset, speed, and the episode status line.
void controls_panel(Session& session, const SessionView& v, UiState& ui);
// Environment choice, seed, reset, process noise and MPC timing, the env's own parameters.
void environment_panel(Session& session, SessionView& v, UiState& ui);
// Planner choice, every parameter live (tooltips in the lectures' terms), reset to defaults.
void planner_panel(Session& session, SessionView& v, UiState& ui);
// Overlays and their colouring, CEM refit to show, samples kept for drawing.
void overlays_panel(Session& session, const SessionView& v, UiState& ui);
// Classroom: theme, UI scale (re-rasterises the font), line widths.
void view_panel(UiState& ui);
// h6's trace plots over the last plan and the episode history.
void plots_panel(const SessionView& v, UiState& ui);
// The bundled lessons by lecture; returns the file of the one the user chose to play ("" if none).
std::string lessons_panel(UiState& ui);
// The help window: shortcuts and what each overlay means (shown on first start).
void help_window(const SessionView& v, UiState& ui);

}  // namespace mbrl::gui
