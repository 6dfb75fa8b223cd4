#pragma once
// The checks every writer shares: sizes, frames, metadata. Each returns "" or the reason without
// the file's name (the caller puts it in front).
#include <string>

#include "media/frame.hpp"

namespace mbrl::media {

// 1 <= width, height <= kMaxSide.
std::string check_size(int width, int height);
// The frame has the expected size and exactly width * height * 4 bytes.
std::string check_frame(const Frame& frame, int width, int height);
// Keys and values as documented at Metadata.
std::string check_metadata(const Metadata& metadata);
// Size, fps in (0, 1000], metadata and at most 256 palette hints: what every sink needs.
std::string check_options(const VideoOptions& options);

// The pairs as "key=value" joined by `separator` (GIF comments: lines, MP4 comments: "; ").
std::string metadata_text(const Metadata& metadata, const std::string& separator);
// The shortest text that reads back as `x` ("25", "29.97"): for messages and ffmpeg's -framerate.
std::string number_text(double x);

}  // namespace mbrl::media
