#pragma once
// What the window draws at a past frame of a recording: a SessionView made from the stored
// frames (no re-simulation, so scrubbing is instant) with the env, names and parameters as they
// were then, the episode's path up to the frame and the plan made there when it is still kept.
#include <cstdint>

#include "app/gui/session.hpp"
#include "engine/record/recording.hpp"

namespace mbrl::gui {

// Fills `v` with frame `frame` of `rec` (clamped to its frames). Locks `rec` itself. Returns false
// when the frame has no stored state (dropped by the memory cap): `v` is then unchanged.
bool recording_view(const Recording& rec, int64_t frame, SessionView& v);

}  // namespace mbrl::gui
