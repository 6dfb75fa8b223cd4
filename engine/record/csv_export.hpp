#pragma once
// CSV of a recording, one row per frame that still has its state, for notebooks and papers:
//   frame, episode, step, time_s, env, one column per state and action component (by the env's
//   names), cost, success_so_far, plan_cost, ess, hash
// Numbers are written locale-independently with round-trip precision (std::to_chars: the
// shortest text that reads back to the same float). A JSON sidecar (FILE.json) holds what the
// numbers mean: the program and build, the setup and every resolved parameter, the columns with
// their units, the events by frame, and what the memory caps dropped.
#include <string>

#include "engine/record/recording.hpp"

namespace mbrl {

// Writes PATH and PATH.json. "" or one line naming the file.
std::string write_csv(const Recording& rec, const std::string& path);

}  // namespace mbrl
