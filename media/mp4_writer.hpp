#pragma once
// MP4 (H.264, yuv420p) recordings by piping raw RGBA frames to the ffmpeg program
// (VideoOptions::ffmpeg). ffmpeg is run, never linked: libavcodec with x264 is GPL.
//
//   ffmpeg -hide_banner -nostats -loglevel error -y -f rawvideo -pix_fmt rgba -s WxH -framerate FPS -i -
//          -c:v libx264 -pix_fmt yuv420p -preset veryfast -crf 20 -movflags +faststart
//          [-metadata comment="key=value; ..."] -f mp4 <path>.part
//
// finish() checks ffmpeg's exit status and that it wrote a non-empty file before renaming it into
// place; a failure names ffmpeg's last line on stderr. When the program cannot be started (not
// installed), the recording still succeeds: the frames become <stem>_frames/frame-000000.png, ...
// and finish()'s note says so, with the ffmpeg command that makes the video from them.
#include <memory>
#include <string>

#include "media/encoder.hpp"
#include "media/frame.hpp"

namespace mbrl::media {

// Checks the MP4-specific options (even width and height) and starts ffmpeg, or the PNG
// fallback: null with one line naming the path in `err` on failure. The options are already
// checked by check_options().
std::unique_ptr<Encoder> open_mp4(const std::string& path, const VideoOptions& options, std::string& err);

}  // namespace mbrl::media
