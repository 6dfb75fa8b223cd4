#pragma once
// PNG files through libpng: one picture (a screenshot) or a numbered sequence of a recording.
#include <memory>
#include <string>

#include "media/encoder.hpp"
#include "media/frame.hpp"

namespace mbrl::media {

// Writes `frame` as an 8-bit RGBA PNG with each metadata pair as a text chunk (tEXt; iTXt when
// the value is not ASCII). The file appears complete or not at all (written to "<path>.part",
// then renamed). Returns "" or one line naming the file.
std::string write_png(const std::string& path, const Frame& frame, const Metadata& metadata);

// The index-th file of a sequence: prefix + six digits + ".png" ("out-" -> "out-000042.png").
std::string sequence_name(const std::string& prefix, int index);

// A recording as one PNG per frame, named by sequence_name(prefix, 0, 1, ...), each with the
// metadata. finish() removes files of an earlier, longer sequence that would follow the last
// frame (a tool reading "prefix%06d.png" would take them as more frames).
std::unique_ptr<Encoder> open_png_sequence(const std::string& prefix, const VideoOptions& options);

}  // namespace mbrl::media
