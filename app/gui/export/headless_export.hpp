#pragma once
// The command line's exports, drawn by the window's code in a hidden window (for its OpenGL
// context: any display works, e.g. xvfb-run -a): `run ... --export FILE` and `replay FILE --export
// OUT` (the RecordingExporter app/main.cpp hands to cli_main), and `lesson play NAME --export FILE`.
// Each prints "wrote FILE (N frames, WxH, F fps)" (or the encoder's note, e.g. PNG frames when
// ffmpeg is missing) unless quiet, and returns 0, or 2 with one line on stderr. With
// MBRL_EXPORT_TIMES=1 in the environment a second line says where the time went.
#include <string>

#include "app/cli/commands.hpp"

namespace mbrl {

class Recording;

// Every chosen frame of the recording, re-simulated with its plan (recording_export.hpp).
int export_recording(const Recording& rec, const ExportSettings& settings);

// Plays the lesson (a bundled name's file or a file) headless, through its pauses and questions,
// and draws one frame per env step of each `run` (every Nth): the lanes side by side as the
// window's lesson mode shows them, the caption band unless settings.captions is false.
int export_lesson(const std::string& lesson_file, const ExportSettings& settings, int threads);

}  // namespace mbrl
