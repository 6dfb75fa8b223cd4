#pragma once
// Streaming export of an animation: begin once, add one frame per simulation step, finish once.
// Frames are encoded as they come (never buffered), so a long recording costs no memory.
//
//   std::string err;
//   auto sink = media::make_sink("run.gif", err);        // by the extension: .gif, .mp4, .png
//   if (!sink) return err;                                // unknown extension, a folder, ...
//   if (auto e = sink->begin(opts); !e.empty()) return e;
//   for (...) if (auto e = sink->add(frame); !e.empty()) return e;
//   media::SinkResult r = sink->finish();                 // r.error, or r.note to show
//
// Every call returns "" or one line that names the file. The first error ends the recording:
// what was partly written is removed and every later call repeats that error. Destroying a sink
// without finish() abandons the recording the same way (ffmpeg is killed and reaped). GIF and
// MP4 are written to "<path>.part" and renamed on success, so an existing file is replaced only
// by a complete one. A sink is used from one thread.
#include <memory>
#include <string>

#include "media/frame.hpp"

namespace mbrl::media {

class FrameSink {
 public:
  virtual ~FrameSink() = default;
  // Checks the options (sizes, fps, metadata, palette) and opens the output.
  virtual std::string begin(const VideoOptions& options) = 0;
  // Encodes one frame of options' width x height.
  virtual std::string add(const Frame& frame) = 0;
  // Completes the file; an error when no frame was added.
  virtual SinkResult finish() = 0;
  // Frames accepted so far.
  virtual int frames() const = 0;
};

// A sink chosen by the path's extension (case-insensitive):
//   .gif  one GIF89a, one global palette, only the changed rectangle of each later frame;
//   .mp4  H.264 (yuv420p) by piping raw frames to the ffmpeg program (VideoOptions::ffmpeg). When
//         that program cannot be started, the frames are written as <stem>_frames/frame-%06d.png
//         and finish()'s note says so and gives the ffmpeg command that makes the video of them;
//   .png  a numbered sequence: out.png -> out-000000.png, out-000001.png, ...
// An unknown extension, a path that is a folder, a folder that does not exist or is not
// writable: null, with one line naming the path in `err`.
std::unique_ptr<FrameSink> make_sink(const std::string& path, std::string& err);

}  // namespace mbrl::media
