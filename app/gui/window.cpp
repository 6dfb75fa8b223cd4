#include "app/gui/window.hpp"

#include <cstdlib>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

namespace mbrl::gui {

namespace {
std::string g_glfw_error;
void on_glfw_error(int, const char* msg) { g_glfw_error = msg ? msg : "unknown GLFW error"; }
}  // namespace

GLFWwindow* open_window(int width, int height, bool vsync, std::string& err, bool& no_display, bool visible) {
  no_display = false;
  const char* x = std::getenv("DISPLAY");
  const char* wl = std::getenv("WAYLAND_DISPLAY");
  if ((!x || !*x) && (!wl || !*wl)) {
    no_display = true;
    err = "no display available (DISPLAY is not set)";
    return nullptr;
  }
  glfwSetErrorCallback(on_glfw_error);
  if (!glfwInit()) {
    no_display = true;
    err = "cannot open the display (" + g_glfw_error + ")";
    return nullptr;
  }
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  glfwWindowHint(GLFW_VISIBLE, visible ? GLFW_TRUE : GLFW_FALSE);
  GLFWwindow* w = glfwCreateWindow(width, height, "mbrl-playground", nullptr, nullptr);
  if (!w) {
    err = "cannot create an OpenGL 3.3 core window (" + g_glfw_error + ")";
    glfwTerminate();
    return nullptr;
  }
  glfwMakeContextCurrent(w);
  glfwSwapInterval(vsync ? 1 : 0);
  IMGUI_CHECKVERSION();
  ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;  // the layout is fixed; our own settings file keeps the rest
  ImGui_ImplGlfw_InitForOpenGL(w, true);
  ImGui_ImplOpenGL3_Init("#version 330 core");
  return w;
}

void close_window(GLFWwindow* w) {
  ImGui_ImplOpenGL3_Shutdown();
  ImGui_ImplGlfw_Shutdown();
  ImGui::DestroyContext();
  glfwDestroyWindow(w);
  glfwTerminate();
}

}  // namespace mbrl::gui
