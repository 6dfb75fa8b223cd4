#pragma once
// Reading a file the user named (a lesson, a recording, a settings file): what it is is checked
// before a byte is read, so a folder, a device (/dev/zero), a missing file or one larger than any
// valid file of its kind gives one line naming the path, and nothing is allocated for it.
#include <cstdint>
#include <string>

namespace mbrl {

// "" and the file's bytes in `out`, or one line: "PATH: is a folder, expected a WHAT".
std::string read_user_file(const std::string& path, const std::string& what, uintmax_t max_bytes, std::string& out);

}  // namespace mbrl
