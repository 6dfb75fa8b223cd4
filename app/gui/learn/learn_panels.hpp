#pragma once
// The learned-model panels (issue 4, views in the app): the Model panel in the left column and
// the learned-model plots in the right one. Free functions over the state they are handed.
#include <string>

#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

// True dynamics or learned ensemble, its parameters (tooltips in the lectures' terms), the
// loop's status, and "start over".
void model_panel(Session& session, SessionView& v, UiState& ui);
// Train and holdout loss per member over the epochs of the running (or last) training run.
void training_plot(const SessionView& v, UiState& ui);
// The right column's "Learned model" tab: every learned-model plot.
void learned_plots(const SessionView& v, UiState& ui);
// Dataset coverage: visited states by source over the disagreement heat map (state dims 0, 1).
void coverage_view(const SessionView& v, UiState& ui);
// One line for the world view's status: model version, dataset size, training progress.
std::string learn_status_line(const SessionView& v);

}  // namespace mbrl::gui
