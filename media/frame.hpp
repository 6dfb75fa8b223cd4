#pragma once
// The media layer's plain data: a frame, a colour, metadata and the options of one recording.
// media/ encodes frames into files (PNG, GIF, MP4) and knows nothing of the simulation or of GL:
// the app renders a frame offscreen, reads it back into a Frame and hands it to a FrameSink
// (media/sink.hpp), one frame at a time.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mbrl::media {

// The largest width or height any writer accepts: a 8192x8192 RGBA frame is already 256 MiB.
inline constexpr int kMaxSide = 8192;

// One picture: top-down rows of RGBA8, tightly packed (rgba.size() == width * height * 4).
// PNG keeps the alpha channel; GIF and MP4 ignore it (the app's frames are opaque).
struct Frame {
  int width = 0, height = 0;
  std::vector<uint8_t> rgba;
};

struct Rgb8 {
  uint8_t r = 0, g = 0, b = 0;
  friend bool operator==(const Rgb8&, const Rgb8&) = default;
};

// Provenance (app version, setup hash, step range, ...) as ordered key/value pairs. Keys are
// 1 to 79 printable ASCII characters without '=' and without leading, trailing or double spaces
// (PNG's keyword rule); values are one line of text (UTF-8), without NUL bytes.
//   PNG: one tEXt chunk per pair (iTXt, UTF-8, when the value is not plain ASCII);
//   GIF: one comment extension of "key=value" lines;  MP4: -metadata comment="key=value; key=value"
using Metadata = std::vector<std::pair<std::string, std::string>>;

struct VideoOptions {
  int width = 0, height = 0;  // every frame must have this size; 1 to kMaxSide (MP4: even)
  // Frames per second. GIF stores delays in whole centiseconds, and browsers slow delays under
  // 2 cs down to 10 cs: GIF accepts only fps where 100/fps is a whole number >= 2 (50, 25, 20,
  // 10, ...). MP4 accepts any fps in (0, 1000]; PNG sequences ignore it.
  double fps = 25;
  bool loop = true;                // GIF: loop forever (NETSCAPE2.0 extension); else play once
  Metadata metadata;               // see Metadata
  std::vector<Rgb8> palette_hint;  // GIF: colours kept exact in the one global palette (at most
                                   // 256); the first is the background, to which the palette adds
                                   // ramps from each other hint (anti-aliased edges are such blends)
  std::string ffmpeg = "ffmpeg";   // MP4: the program, looked up on PATH (or a path)
};

// error: nothing usable was written (and what was partly written is removed); note: something
// the user should know although it worked (e.g. ffmpeg is missing: the frames are PNGs instead).
struct SinkResult {
  std::string error;
  std::string note;
};

}  // namespace mbrl::media
