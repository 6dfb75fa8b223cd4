#pragma once
// One window's worth of state and its frame: input, session sync, panels, world view.
// gui_main owns the loop (and the screenshot / perf modes); App draws one frame at a time.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/gui/render/camera.hpp"
#include "app/gui/tree/tree_inspector.hpp"
#include "app/gui/render/overlays.hpp"
#include "app/gui/render/renderer.hpp"
#include "app/gui/render/sample_raster.hpp"
#include "app/gui/lesson_session.hpp"
#include "app/gui/session.hpp"
#include "app/gui/ui_state.hpp"
#include "app/gui/render/world_draw_list.hpp"
#include "app/gui/render/world_pane.hpp"

struct GLFWwindow;

namespace mbrl::gui {

// How an offscreen frame looks (exports): its size, the panels or the world view alone, a
// lesson's caption band.
struct ExportLook {
  int width = 960, height = 540;
  bool panels = false;
  bool captions = true;
};

class App {
 public:
  App(GLFWwindow* window, std::unique_ptr<Session> session, UiState ui);
  // The window playing a lesson (app_lesson.cpp): one pane per lane, captions, the timeline.
  App(GLFWwindow* window, std::unique_ptr<LessonSession> lesson, UiState ui);
  bool init(std::string& err);  // shaders
  // Builds and renders one frame into the back buffer (does not swap).
  void frame(double frame_dt);
  // Saves the back buffer now (after frame()).
  std::string screenshot(const std::string& path);

  UiState& ui() { return ui_; }
  const SessionView& view() const { return view_; }
  Session& session() { return *session_; }  // (not in lesson mode)
  bool lesson_mode() const { return lesson_ != nullptr; }
  // Plays a lesson file in this window (the episode pauses behind it); a bad file is refused with
  // one line in the notice and nothing changes. close_lesson() returns to the episode.
  void open_lesson(const std::string& file);
  void close_lesson();
  const LessonView& lesson_view() const { return lesson_view_; }
  // Shows `rec` at step `at` (-1: live once it is re-simulated) and re-simulates it (Session).
  void open_recording(std::unique_ptr<Recording> rec, const std::string& name, int64_t at);
  int64_t shown_step() const { return ui_.timeline.frame; }  // -1: live
  const OverlayStats& overlay_stats() const { return pane_.stats(); }
  const Camera& camera() const { return camera_; }

  // ---- offscreen frames for exports (app_export.cpp) ----
  // Starts a series of offscreen frames: the live UI's choices (theme, overlays, scale) are copied
  // for it and its plots' history starts empty.
  void begin_offscreen();
  // Draws `view` in place of the live one into the bound framebuffer (an OffscreenTarget) of
  // look.width x look.height pixels: the world view alone framing the env's world_view(), or with
  // look.panels the window's whole layout at that size. Its own ImGui context (no input; the live
  // UI's windows, camera, history and tree inspector untouched), so it may run inside a frame.
  void render_offscreen(const SessionView& view, const ExportLook& look);
  // Lesson mode: the lesson as it is now (lanes side by side, the caption band unless !captions).
  void render_lesson_offscreen(const ExportLook& look);

 private:
  void begin_frame();  // fonts (after a scale change), then a new ImGui frame
  void update_history(const SessionView& view);
  void handle_input();
  void layout_and_panels();
  void world_overlays_ui();
  void tree_panel(const MctsTrace* tree);
  // The timeline (every session records): show a recorded frame, go live, continue from here.
  bool scrubbing() const { return ui_.timeline.frame >= 0; }
  void show_frame(int64_t frame);  // -1: live
  void timeline(float x, float y, float w, float h);
  void advance_playback(double frame_dt);
  void scrub_input();
  void ask_continue(const std::string& what);  // an edit while scrubbed back
  void continue_dialog();
  void scrub_banner();
  void build_world();
  void render_world(int fb_w, int fb_h);
  // Lesson mode.
  void start_lesson(std::unique_ptr<LessonSession> lesson);
  void lesson_frame(double frame_dt);
  void lesson_input();
  UiState lesson_ui() const;
  void lesson_column(float width, float height);
  void lesson_parameters();
  void lesson_band(float x, float y, float w, float h);
  void lesson_draw(bool gl = true);  // the lesson's layout and panes into the bound framebuffer (gl: draw them)
  // Exports (app_export.cpp).
  struct ExportFrame;
  void framebuffer_size(int& w, int& h) const;  // the window's, or the offscreen frame's while exporting
  void render_imgui();                          // the current ImGui draw data, by the window's backend
  void offscreen_frame(ExportFrame& x, const std::function<void(bool gl)>& draw);

  GLFWwindow* window_;
  std::unique_ptr<Session> session_;
  UiState ui_;
  SessionView view_;                     // what is drawn: the live session, or a recorded frame while scrubbing
  SessionView live_;                     // while scrubbing: the live session (swapped with view_ on the way in and out)
  int64_t scrub_built_ = -2;             // the frame view_ holds
  const Recording* scrub_of_ = nullptr;  // ... of this recording
  bool pending_live_ = false;            // continue-from-here: go live when the rebuild is done
  Renderer renderer_;
  Camera camera_;
  WorldPane pane_;
  // History bookkeeping.
  int64_t hist_episode_ = -1;
  size_t hist_steps_ = 0;
  int64_t hist_trace_ = -1;
  TreeInspectorState tree_;
  bool mcts_running_ = false;
  double mcts_acc_ = 0;
  int64_t mcts_posted_ = -2;
  int64_t outcome_step_ = -1;
  Outcome outcome_;
  // Mouse.
  bool left_down_ = false, dragging_ = false;
  P2 press_screen_{0, 0}, last_world_{0, 0};
  bool have_world_rect_ = false;
  // Lesson mode (null: the normal window).
  std::unique_ptr<LessonSession> lesson_;
  LessonView lesson_view_;
  std::vector<WorldPane> lane_panes_;
  std::vector<Camera> lane_cameras_;
  size_t lesson_lane_ = 0;        // the lane whose parameters the column shows
  bool lesson_unlocked_ = false;  // the student unlocked the lesson's locked controls
  bool leave_lesson_ = false;     // "Leave the lesson" was clicked: back to the episode next frame
  // Offscreen frames (exports): their own ImGui context, pane and UI copy; set while one is drawn.
  std::shared_ptr<ExportFrame> export_;
  bool exporting_ = false;
  ExportLook export_look_;
};

}  // namespace mbrl::gui
