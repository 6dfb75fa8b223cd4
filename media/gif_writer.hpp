#pragma once
// GIF recordings through giflib's streaming (EGif) API: GIF89a, one global palette
// (media/gif_palette.hpp), a NETSCAPE2.0 looping extension, the metadata as a comment
// extension, and each frame after the first only as the rectangle that changed since the one
// before (disposal "do not dispose": the rest of the picture stays). Frames go to disk as they
// come.
#include <memory>
#include <string>

#include "media/encoder.hpp"
#include "media/frame.hpp"

namespace mbrl::media {

// The frame delay in centiseconds for `fps`, or 0 when 100/fps is not a whole number >= 2.
int gif_delay_cs(double fps);

// Checks the GIF-specific options (fps) and starts "<path>.part": null with one line naming
// the path in `err` on failure. The options are already checked by check_options().
std::unique_ptr<Encoder> open_gif(const std::string& path, const VideoOptions& options, std::string& err);

}  // namespace mbrl::media
