#pragma once
// The planner plots of the app's "Plots" panel, as free functions over data they are handed:
// cost per step, the planned action sequence (mean +- sigma over the horizon), planning time per
// plan, MPPI's sorted weights with the effective sample size, and CEM's elite cost and sigma per
// refit. Each draws one plot (axes, ticks, legend, hover read-out) at the ImGui cursor with
// ImDrawList; call them inside any ImGui window. The app keeps a PlotHistory across plans and
// hands it in together with the last PlanTrace copied out of the planning thread.
#include <string>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "app/gui/plots/plot_history.hpp"
#include "core/plan_trace.hpp"
#include "core/types.hpp"

namespace mbrl::gui {

// Per-plot choices the user makes (the app keeps one instance alive across frames).
struct TracePlotState {
  int action_dim = 0;          // which action dimension the action plot shows (-1: all, one plot each)
  bool weights_log = true;     // MPPI weights on a log axis
  bool time_stacked = true;    // planning time: stacked sampling/rollout/update, or total only
  bool show_predicted = true;  // cost plot: also the planner's predicted plan cost
};

struct PlotStyle {
  Theme theme = Theme::Dark;
  float height = 0.f;  // plot height in pixels; 0: about 13 lines of the current font
  bool titles = true;  // draw each plot's title (draw_trace_plots uses headers instead)
};

// Cost per executed step (and, optionally, the predicted plan cost per plan, on the same axis).
void plot_cost_per_step(const char* id, const PlotHistory& h, TracePlotState& st, const PlotStyle& style);

// The plan over the horizon: mean/nominal plan (trace.plan_actions) with a +-sigma band from the
// last iteration's mean_after/sigma_after when present, the action bounds as reference lines.
// `action_names` (may be empty) labels the dimensions; a selector picks which one is shown.
void plot_action_plan(const char* id, const PlanTrace& trace, const ActionBounds& bounds,
                      const std::vector<std::string>& action_names, TracePlotState& st, const PlotStyle& style);

// Planning time per plan in ms: total, or sampling / rollout / update stacked.
void plot_planning_time(const char* id, const PlotHistory& h, TracePlotState& st, const PlotStyle& style);

// The last iteration's population weights sorted descending (log-scale option), with the
// effective sample size 1 / sum w^2 marked on the rank axis and written in the legend.
void plot_mppi_weights(const char* id, const PlanTrace& trace, TracePlotState& st, const PlotStyle& style);

// CEM per refit: elite mean cost, best cost and the mean sigma after each refit (second panel),
// so the distribution's shrinking is visible.
void plot_cem_iterations(const char* id, const PlanTrace& trace, const PlotStyle& style);

// All plots that apply to this trace (weights for MPPI-like traces, refits when there is more
// than one iteration), each under a collapsing header. `trace` may be null (no plan yet).
void draw_trace_plots(const PlanTrace* trace, const PlotHistory& h, const ActionBounds& bounds,
                      const std::vector<std::string>& action_names, TracePlotState& st, const PlotStyle& style);

}  // namespace mbrl::gui
