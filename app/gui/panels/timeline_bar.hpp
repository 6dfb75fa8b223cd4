#pragma once
// The timeline under the world view: every session records (engine/record/recording.hpp), so the
// user can go back to any step. Play / pause, step, speed 0.25x to 4x, a track over every recorded
// step with the events as ticks (hover names them) and the bookmarks, Live, Bookmark and Record
// (a range for export). Scrubbing shows stored frames (instant); editing while scrubbed back asks
// to continue live from there (a deterministic re-simulation).
#include <cstdint>

#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"

namespace mbrl::gui {

struct TimelineCommands {
  int64_t seek = -2;           // show this frame (-1: live; -2: nothing)
  bool continue_here = false;  // continue live from the shown frame
  bool bookmark = false;       // bookmark the shown (or live) frame
  bool cancel_rebuild = false;
  bool export_range = false;  // open the export dialog for the captured range
};

// Draws the bar as a fixed window at (x, y) of size (w, h), display pixels.
TimelineCommands timeline_bar(TimelineState& t, const Recording& rec, const RebuildStatus& rebuild, int64_t live_frame,
                              float x, float y, float w, float h);

// The bar's height for the current font at width `w` (display pixels).
float timeline_height(float w);

}  // namespace mbrl::gui
