#pragma once
// Parameter panels as events: every edit of a widget becomes one Event::set("SCOPE.KEY", value)
// for the session's engine, the same event a lesson or a recording makes.
#include "app/gui/session.hpp"

namespace mbrl::gui {

// The widgets of one scope ("planner", "env", "mpc", "model", "loop"); an edit is posted as an event.
// Returns true when something was edited.
bool edit_params(Session& session, ParamSet& set, const char* scope);

// Posts every parameter of `set` that is not at its default back to the default.
void reset_params(Session& session, const ParamSet& set, const char* scope);

}  // namespace mbrl::gui
