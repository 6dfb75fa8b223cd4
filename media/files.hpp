#pragma once
// Paths and files as the writers need them: checking an output path before anything is written,
// writing to "<path>.part" and renaming it into place, removing what an abandoned recording wrote.
#include <string>

namespace mbrl::media {

// "" when `path` can be created: not a folder itself, in a folder that exists and is writable.
// Otherwise one line naming the path.
std::string check_output_path(const std::string& path);

// The extension with its dot, lower-cased ("out.GIF" -> ".gif"; "" when there is none).
std::string extension_of(const std::string& path);
// The path without its extension ("dir/out.mp4" -> "dir/out").
std::string stem_of(const std::string& path);

// Where a writer puts a file until it is complete.
std::string part_path(const std::string& path);
// Renames `part` to `path`: "" or a line naming both.
std::string publish(const std::string& part, const std::string& path);
// Removes a file if it is there; errors are of no use to anyone cleaning up.
void remove_file(const std::string& path);
// The size in bytes; -1 when there is no such file.
long long file_size(const std::string& path);
// strerror(errno_value) as a string.
std::string errno_text(int errno_value);

}  // namespace mbrl::media
