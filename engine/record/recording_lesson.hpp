#pragma once
// Save as lesson: a recording's setup and what happened in it become a lesson file, so an
// instructor prepares a demo by doing it once and adds captions by hand afterwards. The timeline
// is `run` for the steps between events, each event in its op's words, `plan` where a plan was
// made apart from a step (after an edit while paused), `inspect` for MCTS inspector steps; it ends
// with an `expect` that the last episode's cost equals the recorded one, so `lesson check` proves
// the lesson still plays the recorded session. A learned model trains synchronously in lessons:
// a recording whose training ran in the background (the window) gets the same events but its
// models arrive at other steps, so that check is left out and a caption says why.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/record/recording.hpp"

namespace mbrl {

// `id`: the lesson id (lower case, digits, '-'); `title`: its title.
nlohmann::json recording_to_lesson(const Recording& rec, const std::string& id, const std::string& title);
// Writes it to `path` (.json); the id is the file's stem, made valid. "" or one line.
std::string save_recording_as_lesson(const Recording& rec, const std::string& path);

}  // namespace mbrl
