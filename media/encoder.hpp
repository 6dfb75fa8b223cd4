#pragma once
// What each format's writer implements behind FrameSink (media/sink.cpp keeps the begin/add/
// finish order, checks each frame's size and remembers the first error). An encoder is made
// ready to take frames by its open_*() function; destroying it before finish() abandons the
// recording and removes what it wrote.
#include <string>

#include "media/frame.hpp"

namespace mbrl::media {

class Encoder {
 public:
  virtual ~Encoder() = default;
  // A frame of the recording's size (already checked): "" or one line naming the file.
  virtual std::string add(const Frame& frame) = 0;
  // After at least one frame: completes the output.
  virtual SinkResult finish() = 0;
};

}  // namespace mbrl::media
