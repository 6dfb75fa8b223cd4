// Offscreen frames for exports (app/gui/export/): the App draws a given SessionView, or the lesson
// as it is, into whatever framebuffer is bound, at a size of its own. Each such frame runs in an
// ImGui context of its own (sharing the window's font atlas and rendered by the window's OpenGL
// backend), with no input, so the live UI's windows, focus, active widget and popups are untouched
// and the frame can be drawn between two window frames or inside one. The world view gets its own
// pane (synchronous: the plan of this frame is drawn in this frame), camera, UI copy (plots'
// history, tree inspector), swapped in for the frame and back out after it.
#include <cfloat>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h>
#include <backends/imgui_impl_opengl3.h>

#include "app/gui/app.hpp"
#include "app/gui/engine_view.hpp"
#include "app/gui/panels/style.hpp"

namespace mbrl::gui {

struct App::ExportFrame {
  ImGuiContext* ctx = nullptr;   // the offscreen frames' ImGui context
  ImGuiContext* live = nullptr;  // the window's, while an offscreen frame is drawn
  WorldPane pane;
  Camera camera;
  UiState ui;
  SessionView view;
  TreeInspectorState tree;
  int64_t hist_episode = -1, hist_trace = -1, outcome_step = -1;
  size_t hist_steps = 0;
  Outcome outcome;

  ExportFrame() {
    ImGuiContext* cur = ImGui::GetCurrentContext();
    ctx = ImGui::CreateContext(ImGui::GetIO().Fonts);  // the window's font atlas, shared
    ImGui::SetCurrentContext(ctx);
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.LogFilename = nullptr;
    io.BackendFlags |= ImGuiBackendFlags_RendererHasVtxOffset;  // the window's GL 3.3 backend draws large lists
    ImGui::SetCurrentContext(cur);
    pane.set_synchronous(true);
  }
  ~ExportFrame() {
    ImGuiContext* cur = ImGui::GetCurrentContext();
    ImGui::DestroyContext(ctx);
    ImGui::SetCurrentContext(cur == ctx ? nullptr : cur);
  }
  ExportFrame(const ExportFrame&) = delete;
  ExportFrame& operator=(const ExportFrame&) = delete;
};

namespace {
ImU32 imcol(Rgba c) { return pack_abgr(c); }
}  // namespace

void App::framebuffer_size(int& w, int& h) const {
  if (exporting_) {
    w = export_look_.width;
    h = export_look_.height;
    return;
  }
  glfwGetFramebufferSize(window_, &w, &h);
}

void App::render_imgui() {
  ImDrawData* dd = ImGui::GetDrawData();
  ImGuiContext* cur = ImGui::GetCurrentContext();
  // An offscreen frame's draw data goes through the window's backend (its shader, buffers, fonts).
  if (export_ && cur == export_->ctx && export_->live) ImGui::SetCurrentContext(export_->live);
  ImGui_ImplOpenGL3_RenderDrawData(dd);
  ImGui::SetCurrentContext(cur);
}

void App::begin_offscreen() {
  // A headless export never ran a window frame: the fonts and the style are made here (in a
  // window, begin_frame() made them; a change pending inside a frame waits for the next one).
  if (ui_.fonts_dirty && !ImGui::GetCurrentContext()->WithinFrameScope) {
    load_fonts(ui_.ui_scale);
    apply_style(ui_.theme, ui_.ui_scale);
    ui_.fonts_dirty = false;
  }
  if (!export_) export_ = std::make_shared<ExportFrame>();
  ExportFrame& x = *export_;
  x.ui = ui_;
  x.ui.history.clear();
  x.ui.show_help = false;
  x.ui.hide_ui = false;
  x.ui.fonts_dirty = false;
  x.ui.notice.clear();
  x.ui.screenshot_msg.clear();
  x.ui.screenshot_requested = false;
  x.ui.export_dialog.reset();
  x.view = SessionView{};
  x.tree = TreeInspectorState{};
  x.hist_episode = x.hist_trace = x.outcome_step = -1;
  x.hist_steps = 0;
}

// Runs `draw` twice as an ImGui frame of the offscreen context (the export's size, no input): a
// layout pass (gl false: ImGui::Render() and nothing drawn), then the frame drawn (gl true). Each
// picture is one frame of its own, so the layout pass gives auto-sized windows (the status, the
// legend, the caption) the size of this frame's content, not the last one's. The live context is
// current again afterwards.
void App::offscreen_frame(ExportFrame& x, const std::function<void(bool gl)>& draw) {
  ImGuiContext* live = ImGui::GetCurrentContext();
  ImGui_ImplOpenGL3_NewFrame();  // the backend's shader and font texture exist
  x.live = live;
  ImGui::SetCurrentContext(x.ctx);
  apply_style(ui_.theme, ui_.ui_scale);
  exporting_ = true;
  for (int pass = 0; pass < 2; ++pass) {
    ImGuiIO& io = ImGui::GetIO();
    io.DisplaySize = ImVec2(float(export_look_.width), float(export_look_.height));
    io.DisplayFramebufferScale = ImVec2(1.f, 1.f);  // export pixels, whatever the window's HiDPI scale
    io.DeltaTime = 1.f / 30.f;
    io.MousePos = ImVec2(-FLT_MAX, -FLT_MAX);
    for (bool& b : io.MouseDown) b = false;
    io.MouseWheel = io.MouseWheelH = 0.f;
    io.KeyCtrl = io.KeyShift = io.KeyAlt = io.KeySuper = false;
    ImGui::NewFrame();
    draw(pass == 1);
  }
  exporting_ = false;
  ImGui::SetCurrentContext(live);
  x.live = nullptr;
  // The offscreen frame's end unlocked the shared font atlas: locked again while the window's frame goes on.
  if (live->WithinFrameScope) ImGui::GetIO().Fonts->Locked = true;
}

void App::render_offscreen(const SessionView& view, const ExportLook& look) {
  if (!session_) return;  // (lesson mode: render_lesson_offscreen)
  if (!export_) begin_offscreen();
  ExportFrame& x = *export_;
  export_look_ = look;
  sync_view(view, x.view);
  x.view.has_trace = view.has_trace;
  x.view.fan = view.fan;
  // The export's view, UI copy, camera, plots' history and tree inspector in place of the live ones
  // for this frame (and back after it).
  auto swap_in = [&] {
    std::swap(view_, x.view);
    std::swap(ui_, x.ui);
    std::swap(camera_, x.camera);
    std::swap(tree_, x.tree);
    std::swap(hist_episode_, x.hist_episode);
    std::swap(hist_steps_, x.hist_steps);
    std::swap(hist_trace_, x.hist_trace);
    std::swap(outcome_step_, x.outcome_step);
    std::swap(outcome_, x.outcome);
  };
  swap_in();
  const int w = look.width, h = look.height;
  offscreen_frame(x, [&](bool gl) {
    ui_.fit_view = true;  // every frame frames the env's view (layout_and_panels fits the camera)
    if (look.panels) {
      update_history(view_);
      layout_and_panels();
    } else {
      camera_.set_viewport(Viewport{0.f, 0.f, float(w), float(h)}, float(h));
      if (view_.env) camera_.frame(view_.env->world_view());
    }
    const double now = glfwGetTime();
    if (view_.env) {
      x.pane.build(view_, ui_, camera_, h, std::nullopt, now);
      // World text (env labels) under the panels, as the window draws it.
      ImDrawList* bg = ImGui::GetBackgroundDrawList();
      for (const WorldText& t : x.pane.texts()) {
        const P2 s = camera_.to_screen(t.at);
        bg->AddText(ImGui::GetFont(), t.size_px * ui_.ui_scale, ImVec2(s.x(), s.y() - t.size_px * ui_.ui_scale),
                    imcol(t.color), t.text.c_str());
      }
    }
    ImGui::Render();
    if (!gl) return;
    const ThemePalette& pal = palette(ui_.theme);
    glViewport(0, 0, w, h);
    glDisable(GL_SCISSOR_TEST);
    glClearColor(pal.panel.r, pal.panel.g, pal.panel.b, 1.f);
    glClear(GL_COLOR_BUFFER_BIT);
    if (view_.env) x.pane.render(renderer_, camera_, w, h, pal.background, now);
    render_imgui();
  });
  swap_in();
}

void App::render_lesson_offscreen(const ExportLook& look) {
  if (!lesson_) return;
  if (!export_) begin_offscreen();
  ExportFrame& x = *export_;
  export_look_ = look;
  lesson_->sync(lesson_view_);
  if (!lesson_view_.lanes.empty()) update_history(lesson_view_.lanes[0]);
  for (WorldPane& p : lane_panes_) p.set_synchronous(true);
  offscreen_frame(x, [&](bool gl) { lesson_draw(gl); });
}

}  // namespace mbrl::gui
