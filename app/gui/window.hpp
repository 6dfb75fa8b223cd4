#pragma once
// The GLFW window with an OpenGL 3.3 core context (functions through libepoxy) and ImGui's
// GLFW + OpenGL3 backends. Without a display it fails with a one-line message, never a crash.
#include <string>

struct GLFWwindow;

namespace mbrl::gui {

// Opens the window; returns null and sets `err` (one line) on failure. `no_display` is set
// when the reason is that there is no display to open it on. `visible` false: a hidden window,
// only for its GL context (headless exports render offscreen).
GLFWwindow* open_window(int width, int height, bool vsync, std::string& err, bool& no_display, bool visible = true);
void close_window(GLFWwindow* w);

}  // namespace mbrl::gui
