#pragma once
// Recording files (.mbrlrec): an 8-byte magic, the format version, the payload's length, the
// payload (CBOR: setup, events, the entry log, frames as packed little-endian arrays, scene
// snapshots, bookmarks) and an FNV-1a checksum of the payload. Plan traces are not stored (they
// are large and replay remakes them). A bad, truncated or foreign file gives one line naming the
// file and what is wrong; the output is untouched then.
#include <memory>
#include <string>

#include "engine/record/recording.hpp"

namespace mbrl {

constexpr uintmax_t kMaxRecordingBytes = uintmax_t(2) << 30;

// "" or one line. Written to PATH.tmp, then renamed (a failed save never leaves half a file).
std::string save_recording(const Recording& rec, const std::string& path);
std::string load_recording(const std::string& path, std::unique_ptr<Recording>& out);
// The same from bytes (`source` names them in messages).
std::string parse_recording(const std::string& bytes, const std::string& source, std::unique_ptr<Recording>& out);

}  // namespace mbrl
