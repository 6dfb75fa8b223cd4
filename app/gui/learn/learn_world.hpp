#pragma once
// What the learned-model views draw into the world view (GL-free: into a Batch).
#include "app/gui/render/batch.hpp"
#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

// Ghost rollouts (the compounding-error lecture made visible): from the chosen held-out start
// state, every member's open-loop prediction under the recorded actions (one colour per
// member) over the true path (thick, neutral), mapped by env.world_points.
void draw_ghosts(const SessionView& v, const Env& env, const LearnViewState& s, Theme theme, float line_scale,
                 Batch& b);

// The ensemble fan: every member's open-loop prediction of the current plan's actions from the
// current state (one colour per member, as in the plots' legends).
void draw_fan(const SessionView& v, const Env& env, const LearnViewState& s, Theme theme, float line_scale, Batch& b);

}  // namespace mbrl::gui
