#pragma once
// Saves the current framebuffer (back buffer, before the swap) as a PNG, flipped to top-down.
#include <string>

namespace mbrl::gui {

// Returns "" or a message naming the file.
std::string save_screenshot(const std::string& path, int fb_width, int fb_height);

// "screenshot-YYYYmmdd-HHMMSS.png" in the current directory.
std::string timestamped_screenshot_name();

}  // namespace mbrl::gui
