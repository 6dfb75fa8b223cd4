#pragma once
// What an export is made of, GL-free: which frames of a recording it draws, the provenance it
// writes into the files (app version, build, setup hash, step range), the GIF palette's hint
// colours (the theme and the trajectory colour ramp) and where files go by default.
//
// Frames: frame k of a recording is the scene before step k + 1: state k and the plan made from
// it (the one whose first action step k + 1 executed). An export of the frames first, first +
// every, ... <= last therefore shows each chosen step with the plan that chose its action; the
// default range (ExportSettings::last = -1) is every step, frames 0 .. last_frame() - 1, so a
// 100-step run gives 100 / every frames.
#include <cstdint>
#include <string>
#include <vector>

#include "app/cli/commands.hpp"
#include "app/gui/render/colormap.hpp"
#include "engine/engine.hpp"
#include "media/frame.hpp"

namespace mbrl::gui {

struct FrameRange {
  int64_t first = 0, last = -1;  // inclusive
  int every = 1;
  int64_t count() const { return last < first ? 0 : (last - first) / every + 1; }
  int64_t at(int64_t i) const { return first + i * every; }  // the i-th exported frame
};

// The frames an export of a recording with frames 0 .. last_frame draws: ExportSettings' first,
// last (-1: the last step, last_frame - 1; a recording without steps: frame 0) and every. "" or
// one line (an empty or out-of-range selection).
std::string resolve_range(const ExportSettings& s, int64_t last_frame, FrameRange& out);

// FNV-1a (64 bit) of the setup (env, planner, model, loop, seed and every --set item in order),
// as 16 hex digits: two exports of the same setup carry the same hash.
std::string setup_hash(const EngineSetup& setup);

// The provenance pairs written into PNG text chunks, the GIF comment and the MP4 comment:
// program and version, build fingerprint, setup hash, env / planner / model / seed, the step
// range and every; `what`: "recording" or "lesson <id>".
media::Metadata provenance(const EngineSetup& setup, const FrameRange& range, const std::string& what);

// The GIF palette's hint colours for a theme: the world background first, then the overlay
// colours (plan, best sample, trail, elites, grid, text, the envs' roles), the trajectory colour
// ramp as it shows over the background, and `extra` (e.g. a lesson's lane colours).
std::vector<media::Rgb8> palette_hints(Theme theme, const std::vector<Rgba>& extra = {});

// Where the window's Export dialog puts files: $XDG_VIDEOS_DIR/mbrl-playground (the variable,
// or its line in $XDG_CONFIG_HOME/user-dirs.dirs), else ~/Videos/mbrl-playground when ~/Videos
// exists, else ./exports (relative to the working directory).
std::string default_export_dir();
// DIR/ENV-PLANNER-YYYYmmdd-HHMMSS.EXT
std::string default_export_path(const std::string& dir, const std::string& env, const std::string& planner,
                                const std::string& ext);

}  // namespace mbrl::gui
