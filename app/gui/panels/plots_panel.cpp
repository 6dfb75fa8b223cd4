// The plots panel: the trace plots over the last plan and the episode history.
#include "app/gui/panels/panels.hpp"
#include "app/gui/plots/trace_plots.hpp"

namespace mbrl::gui {

void plots_panel(const SessionView& v, UiState& ui) {
  if (!v.env) return;
  PlotStyle style;
  style.theme = ui.theme;
  const PlanTrace* trace = v.has_trace ? &v.trace : nullptr;
  draw_trace_plots(trace, ui.history, v.env->action_bounds(), v.env->action_names(), ui.plots, style);
}

}  // namespace mbrl::gui
