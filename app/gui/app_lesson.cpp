// The window playing a lesson: one world pane per lane side by side under one framing, the lane's
// label on each, a caption band (projector-sized) with the lanes' metrics table under the panes,
// and a lesson column: title, goal, a progress strip of the timeline, Back / Next / Restart,
// playback speed, the checks so far. Keys: Right / Space / PageDown next (a presentation clicker
// sends these), Left / PageUp back a stop, R the lesson's start, T theme, Tab hide the UI, F12 PNG.
#include <algorithm>
#include <cmath>
#include <cfloat>
#include <cstdio>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "app/gui/app.hpp"
#include "app/gui/learn/learn_panels.hpp"
#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "app/gui/panels/style.hpp"
#include "app/gui/render/screenshot.hpp"

namespace mbrl::gui {

Rgba lane_color(const std::string& hex, size_t i) {
  static const unsigned kOkabeIto[] = {0x0072B2, 0xE69F00, 0x009E73, 0xCC79A7};
  unsigned v = kOkabeIto[i % 4];
  if (hex.size() == 7 && hex[0] == '#') v = unsigned(std::strtoul(hex.c_str() + 1, nullptr, 16));
  return detail::hex(v);
}

namespace {
ImU32 imcol(Rgba c) { return pack_abgr(c); }

bool listed(const std::vector<std::string>& v, const std::string& name) {
  return std::find(v.begin(), v.end(), name) != v.end();
}
}  // namespace

App::App(GLFWwindow* window, std::unique_ptr<LessonSession> lesson, UiState ui) : window_(window), ui_(std::move(ui)) {
  start_lesson(std::move(lesson));
}

void App::start_lesson(std::unique_ptr<LessonSession> lesson) {
  lesson_ = std::move(lesson);
  if (!lesson_->lesson().ui.theme.empty()) {
    ui_.theme = lesson_->lesson().ui.theme == "dark" ? Theme::Dark : Theme::Projector;
    ui_.fonts_dirty = true;
  }
  lane_panes_ = std::vector<WorldPane>(lesson_->lesson().lanes.size());
  lane_cameras_.assign(lane_panes_.size(), Camera{});
  lesson_view_ = LessonView{};
  lesson_lane_ = 0;
  lesson_unlocked_ = false;
  hist_episode_ = -1;
}

void App::open_lesson(const std::string& file) {
  Lesson l;
  if (const std::string err = load_lesson(file, l); !err.empty()) {
    ui_.notice = err;  // the scene stays as it was
    return;
  }
  if (session_) session_->set_playing(false);
  start_lesson(std::make_unique<LessonSession>(l, 2, std::min(ui_.trace_cap, 300), false));
}

void App::close_lesson() {
  if (!session_) return;  // started on a lesson: there is no episode to return to
  lesson_.reset();
  lane_panes_.clear();
  lane_cameras_.clear();
  hist_episode_ = -1;
  ui_.fit_view = true;
}

void App::lesson_input() {
  ImGuiIO& io = ImGui::GetIO();
  if (io.WantCaptureKeyboard) return;
  auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
  if (pressed(GLFW_KEY_RIGHT) || pressed(GLFW_KEY_SPACE) || pressed(GLFW_KEY_PAGE_DOWN)) lesson_->next();
  if (pressed(GLFW_KEY_LEFT) || pressed(GLFW_KEY_PAGE_UP)) lesson_->back();
  if (pressed(GLFW_KEY_R)) lesson_->restart();
  if (pressed(GLFW_KEY_T)) {
    ui_.theme = ui_.theme == Theme::Dark ? Theme::Projector : Theme::Dark;
    ui_.fonts_dirty = true;
  }
  if (pressed(GLFW_KEY_TAB)) ui_.hide_ui = !ui_.hide_ui;
  if (pressed(GLFW_KEY_F12)) ui_.screenshot_requested = true;
}

// Overlays as the lesson sets them: its ui.overlays (all others off when it names any), then the
// overlay steps played so far.
UiState App::lesson_ui() const {
  UiState u = ui_;
  Overlays& o = u.overlays;
  auto set = [&](const std::string& name, bool on) {
    if (name == "samples") o.samples = on;
    if (name == "elites") o.elites = on;
    if (name == "mean_plan") o.mean_plan = on;
    if (name == "best") o.best = on;
    if (name == "trail") o.trail = on;
    if (name == "fan") u.learn.fan = on;
    if (name == "ghosts") u.learn.ghosts = on;
  };
  if (!lesson_->lesson().ui.overlays.empty())
    for (const char* n : {"samples", "elites", "mean_plan", "best", "trail", "fan", "ghosts"}) set(n, false);
  for (const std::string& n : lesson_view_.overlays_shown) set(n, true);
  for (const std::string& n : lesson_view_.overlays_hidden) set(n, false);
  return u;
}

void App::lesson_column(float width, float height) {
  const Lesson& l = lesson_->lesson();
  const LessonView& v = lesson_view_;
  const float fs = ImGui::GetFontSize();
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(width, height));
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin("##lesson", nullptr, fixed)) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::SetWindowFontScale(1.15f);
    ImGui::TextUnformatted(l.meta.title.c_str());
    ImGui::SetWindowFontScale(1.f);
    ImGui::TextDisabled("lecture %s: %s", l.meta.lecture.c_str(), l.meta.topic.c_str());
    ImGui::Spacing();
    ImGui::TextUnformatted(l.meta.goal.c_str());
    ImGui::PopTextWrapPos();
    ImGui::Separator();
    // The progress strip: one cell per timeline step, stops (pauses, questions) taller.
    {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float w = ImGui::GetContentRegionAvail().x, h = fs * 0.9f;
      const size_t n = std::max<size_t>(1, v.steps);
      const float cell = w / float(n);
      const ThemePalette& pal = palette(ui_.theme);
      for (size_t k = 0; k < n && k < l.timeline.size(); ++k) {
        const LessonStep::Op op = l.timeline[k].op;
        const bool stop = op == LessonStep::Op::Pause || op == LessonStep::Op::Question;
        const float x0 = p.x + cell * float(k), x1 = x0 + std::max(1.f, cell - 1.f);
        const float y0 = p.y + (stop ? 0.f : h * 0.35f);
        const Rgba c = k < v.position ? pal.executed : (k == v.position ? pal.best_sample : pal.grid);
        dl->AddRectFilled(ImVec2(x0, y0), ImVec2(x1, p.y + h), imcol(c));
      }
      ImGui::Dummy(ImVec2(w, h));
      ImGui::TextDisabled("step %zu of %zu%s", std::min(v.position + 1, v.steps), v.steps,
                          v.finished ? " (the end)"
                          : v.busy   ? " (replaying...)"
                                     : "");
    }
    const float bw = (ImGui::GetContentRegionAvail().x - 2.f * ImGui::GetStyle().ItemSpacing.x) / 3.f;
    if (ImGui::Button("< Back", ImVec2(bw, 0))) lesson_->back();
    item_tooltip("Left / PageUp: back to the previous stop (replayed from the lesson's start)");
    ImGui::SameLine();
    if (ImGui::Button(v.waiting ? "Next >" : "Skip >", ImVec2(bw, 0))) lesson_->next();
    item_tooltip("Right / Space / PageDown: on past a pause; during a run, finish it now");
    ImGui::SameLine();
    if (ImGui::Button("Restart", ImVec2(bw, 0))) lesson_->restart();
    item_tooltip("R: back to the lesson's start (its own setup, not the factory defaults)");
    if (session_ && ImGui::Button("Leave the lesson", ImVec2(-1.f, 0))) leave_lesson_ = true;  // after this frame
    item_tooltip("Back to the episode you left (it is paused)");
    ImGui::SetNextItemWidth(-1.f);
    ImGui::SliderFloat("##speed", &ui_.speed, 0.1f, 4.f, "%.2fx real time", ImGuiSliderFlags_Logarithmic);
    ImGui::Checkbox("as fast as planning allows", &ui_.max_speed);
    ImGui::Separator();
    ImGui::TextUnformatted("Lanes");
    for (size_t i = 0; i < l.lanes.size(); ++i) {
      const ImVec2 p = ImGui::GetCursorScreenPos();
      ImGui::GetWindowDrawList()->AddRectFilled(p, ImVec2(p.x + fs * 0.8f, p.y + fs * 0.8f),
                                                imcol(lane_color(l.lanes[i].color, i)));
      ImGui::Dummy(ImVec2(fs, fs * 0.8f));
      ImGui::SameLine();
      ImGui::TextWrapped("%s  (%s, %s)", l.lanes[i].label.c_str(), l.lanes[i].setup.planner.c_str(),
                         l.lanes[i].setup.model.c_str());
    }
    lesson_parameters();
    if (!v.checks.empty()) {
      ImGui::Separator();
      ImGui::TextUnformatted("Checks");
      for (const CheckOutcome& c : v.checks) {
        ImGui::PushTextWrapPos(0.f);
        ImGui::TextColored(c.pass ? ImVec4(0.f, 0.62f, 0.45f, 1.f) : ImVec4(0.84f, 0.37f, 0.f, 1.f), "%s %s",
                           c.pass ? "pass" : "FAIL", c.name.c_str());
        ImGui::TextDisabled("  %s %s %s", format_metric(c.actual).c_str(), compare_symbol(c.cmp),
                            format_metric(c.expected).c_str());
        ImGui::PopTextWrapPos();
      }
    }
  }
  ImGui::End();
}

// One lane's planner, MPC and environment parameters, live: keys the lesson hides are not shown, keys
// it locks are drawn disabled under a lock until the student unlocks them (a lesson is a starting
// point, not a cage). An edit goes to that lane's engine as an event.
void App::lesson_parameters() {
  const Lesson& l = lesson_->lesson();
  // Open from the start when the lesson shows the planner or environment panel.
  const bool open = listed(lesson_view_.panels_shown, "planner") || listed(lesson_view_.panels_shown, "environment");
  if (!ImGui::CollapsingHeader("Parameters", open ? ImGuiTreeNodeFlags_DefaultOpen : 0)) return;
  if (lesson_lane_ >= lesson_view_.lanes.size()) lesson_lane_ = 0;
  if (l.lanes.size() > 1) {
    ImGui::SetNextItemWidth(-1.f);
    if (ImGui::BeginCombo("##lane", l.lanes[lesson_lane_].label.c_str())) {
      for (size_t i = 0; i < l.lanes.size(); ++i)
        if (ImGui::Selectable(l.lanes[i].label.c_str(), i == lesson_lane_)) lesson_lane_ = i;
      ImGui::EndCombo();
    }
  }
  if (lesson_view_.lanes.empty()) return;
  SessionView& lane = lesson_view_.lanes[lesson_lane_];
  if (!l.ui.locked.empty()) ImGui::Checkbox("unlock the lesson's locked controls", &lesson_unlocked_);
  struct Scope {
    const char* name;
    ParamSet* set;
  };
  for (const Scope& sc :
       {Scope{"planner", &lane.planner_params}, Scope{"mpc", &lane.mpc_params}, Scope{"env", &lane.env_params}}) {
    ParamSet open, locked;
    for (size_t i = 0; i < sc.set->infos.size(); ++i) {
      const std::string key = std::string(sc.name) + "." + sc.set->infos[i].key;
      if (listed(l.ui.hidden, key)) continue;
      ParamSet& to = listed(l.ui.locked, key) && !lesson_unlocked_ ? locked : open;
      to.infos.push_back(sc.set->infos[i]);
      to.values.push_back(sc.set->values[i]);
    }
    section(sc.name);
    const std::string id = std::string(sc.name) + std::to_string(lesson_lane_);
    if (const int i = param_widgets(open, id.c_str()); i >= 0)
      lesson_->apply(lesson_lane_,
                     Event::set(std::string(sc.name) + "." + open.infos[size_t(i)].key, open.value_string(i)));
    if (!locked.infos.empty()) {
      ImGui::TextDisabled("locked by the lesson:");
      ImGui::BeginDisabled();
      param_widgets(locked, (id + "locked").c_str());
      ImGui::EndDisabled();
    }
  }
  if (!lesson_view_.message.empty()) {
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s", lesson_view_.message.c_str());
    ImGui::PopTextWrapPos();
  }
}

void App::lesson_band(float x, float y, float w, float h) {
  const Lesson& l = lesson_->lesson();
  const LessonView& v = lesson_view_;
  ImGui::SetNextWindowPos(ImVec2(x, y));
  ImGui::SetNextWindowSize(ImVec2(w, h));
  ImGui::SetNextWindowBgAlpha(0.92f);
  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings;
  if (ImGui::Begin("##caption", nullptr, fixed)) {
    // The metrics table of the lanes, then the caption in projector size.
    bool learned = false;  // a status column for the learned loops' headlines
    for (const SessionView& lane : v.lanes) learned = learned || lane.learned;
    if (ImGui::BeginTable("##lanes", learned ? 4 : 3, ImGuiTableFlags_SizingStretchProp)) {
      const float fs = ImGui::GetFontSize();
      ImGui::TableSetupColumn("lane", ImGuiTableColumnFlags_WidthStretch, 2.f);
      ImGui::TableSetupColumn("step", ImGuiTableColumnFlags_WidthFixed, fs * 7.5f);
      ImGui::TableSetupColumn("cost", ImGuiTableColumnFlags_WidthFixed, fs * 6.5f);
      if (learned) ImGui::TableSetupColumn("status", ImGuiTableColumnFlags_WidthStretch, 3.f);
      for (size_t i = 0; i < v.lanes.size() && i < l.lanes.size(); ++i) {
        const SessionView& lane = v.lanes[i];
        double cost = 0;
        for (float c : lane.costs) cost += c;
        ImGui::TableNextRow();
        ImGui::TableSetColumnIndex(0);
        const Rgba c = lane_color(l.lanes[i].color, i);
        ImGui::TextColored(ImVec4(c.r, c.g, c.b, 1.f), "%s", l.lanes[i].label.c_str());
        ImGui::TableSetColumnIndex(1);
        ImGui::Text("step %lld%s", (long long)lane.step, i < v.frozen.size() && v.frozen[i] ? " (done)" : "");
        ImGui::TableSetColumnIndex(2);
        ImGui::Text("cost %.1f", cost);
        if (learned) {
          ImGui::TableSetColumnIndex(3);
          ImGui::TextUnformatted(lane.learn.headline.c_str());
        }
      }
      ImGui::EndTable();
    }
    ImGui::Separator();
    if (!v.highlighted.empty()) {  // what the lesson points at right now
      std::string watch;
      for (const std::string& h : v.highlighted) watch += (watch.empty() ? "" : ", ") + h;
      ImGui::TextColored(ImVec4(0.84f, 0.37f, 0.f, 1.f), "Watch: %s", watch.c_str());
    }
    ImGui::PushTextWrapPos(0.f);
    ImGui::SetWindowFontScale(1.45f);
    ImGui::TextUnformatted(v.caption.empty() ? l.meta.goal.c_str() : v.caption.c_str());
    ImGui::SetWindowFontScale(1.f);
    // The last question's answer, once a run has followed it.
    if (v.question >= 0 && v.revealed && size_t(v.question) < l.timeline.size()) {
      const LessonStep& q = l.timeline[size_t(v.question)];
      const int chosen = size_t(v.question) < v.chosen.size() ? v.chosen[size_t(v.question)] : -1;
      ImGui::TextColored(ImVec4(0.f, 0.62f, 0.45f, 1.f), "Answer: %s%s", q.choices[size_t(q.answer)].c_str(),
                         chosen < 0           ? ""
                         : chosen == q.answer ? " (your prediction)"
                                              : " (not your prediction)");
      if (!q.explain.empty()) ImGui::TextUnformatted(q.explain.c_str());
    }
    if (v.waiting && v.position < l.timeline.size() && l.timeline[v.position].op == LessonStep::Op::Pause) {
      const LessonStep& p = l.timeline[v.position];
      ImGui::TextDisabled("%s%sSpace or Right to go on", p.text.c_str(), p.text.empty() ? "" : "  -  ");
    }
    ImGui::PopTextWrapPos();
  }
  ImGui::End();
  // A question: predict, then observe.
  if (v.waiting && v.position < l.timeline.size() && l.timeline[v.position].op == LessonStep::Op::Question) {
    const LessonStep& q = l.timeline[v.position];
    ImGui::SetNextWindowPos(ImVec2(x + w * 0.5f, y * 0.45f), ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(std::min(w * 0.8f, ImGui::GetFontSize() * 34.f), 0.f));
    if (ImGui::Begin("Predict", nullptr,
                     ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoResize |
                         ImGuiWindowFlags_NoMove)) {
      ImGui::PushTextWrapPos(0.f);
      ImGui::SetWindowFontScale(1.3f);
      ImGui::TextUnformatted(q.text.c_str());
      ImGui::SetWindowFontScale(1.f);
      ImGui::PopTextWrapPos();
      for (size_t c = 0; c < q.choices.size(); ++c) {
        ImGui::PushID(int(c));
        if (ImGui::Button(q.choices[c].c_str(), ImVec2(-1.f, 0.f))) lesson_->choose(int(c));
        ImGui::PopID();
      }
      ImGui::TextDisabled("The answer shows after the next run.");
    }
    ImGui::End();
  }
}

void App::lesson_frame(double frame_dt) {
  begin_frame();
  lesson_->advance(frame_dt, ui_.speed, ui_.max_speed);
  lesson_->sync(lesson_view_);
  if (!lesson_view_.lanes.empty()) update_history(lesson_view_.lanes[0]);  // the plots follow the first lane
  lesson_input();
  lesson_draw();
  if (ui_.screenshot_requested) {
    ui_.screenshot_requested = false;
    const std::string name = timestamped_screenshot_name();
    const std::string err = screenshot(name);
    std::fprintf(stderr, "%s\n", err.empty() ? ("saved " + name).c_str() : err.c_str());
  }
}

void App::lesson_draw(bool gl) {
  ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y, fs = ImGui::GetFontSize();
  int fb_w = 0, fb_h = 0;
  framebuffer_size(fb_w, fb_h);
  const float sx = W > 0 ? float(fb_w) / W : 1.f, sy = H > 0 ? float(fb_h) / H : 1.f;
  // An export shows the lesson column and the plots only with its panels, the band only with captions.
  const bool column = !ui_.hide_ui && (!exporting_ || export_look_.panels);
  const bool captions = !ui_.hide_ui && (!exporting_ || export_look_.captions);
  const float left = column ? std::clamp(fs * 21.f, 260.f, W * 0.28f) : 0.f;
  // The right column: the panels the lesson shows (the plots; the learned model's views).
  const auto& shown = lesson_view_.panels_shown;
  const bool learned_views = !lesson_view_.lanes.empty() && lesson_view_.lanes[0].learned &&
                             (listed(shown, "model") || listed(shown, "coverage"));
  const bool plots = column && (listed(shown, "plots") || learned_views);
  const float right = plots ? std::clamp(fs * 22.f, 260.f, W * 0.26f) : 0.f;
  // The band under the panes: a row per lane, then the caption in projector size, as tall as it
  // wraps to (at most half the window).
  const float world_w = std::max(1.f, W - left - right);
  const std::string& caption = lesson_view_.caption.empty() ? lesson_->lesson().meta.goal : lesson_view_.caption;
  const float caption_h = ImGui::GetFont()->CalcTextSizeA(fs * 1.45f, FLT_MAX, world_w - fs * 2.f, caption.c_str()).y;
  const float lanes_h = ImGui::GetFrameHeightWithSpacing() * float(lesson_->lesson().lanes.size());
  const float band = captions ? std::clamp(lanes_h + caption_h + fs * 4.5f, 120.f, H * 0.5f) : 0.f;
  const float world_h = std::max(1.f, H - band);
  if (column) lesson_column(left, H);
  if (plots && !lesson_view_.lanes.empty()) {
    ImGui::SetNextWindowPos(ImVec2(W - right, 0));
    ImGui::SetNextWindowSize(ImVec2(right, H));
    if (ImGui::Begin("##lesson_plots", nullptr,
                     ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                         ImGuiWindowFlags_NoSavedSettings)) {
      if (listed(lesson_view_.highlighted, "plots")) {  // the lesson points at the plots: a frame around them
        const ImVec2 p = ImGui::GetWindowPos(), s = ImGui::GetWindowSize();
        ImGui::GetForegroundDrawList()->AddRect(p, ImVec2(p.x + s.x, p.y + s.y), IM_COL32(213, 94, 0, 255), 0.f, 0,
                                                4.f);
      }
      ImGui::Text("%s", lesson_->lesson().lanes[0].label.c_str());
      ImGui::Separator();
      if (learned_views && ImGui::BeginTabBar("##lesson_right")) {
        if (ImGui::BeginTabItem("Learned model")) {
          learned_plots(lesson_view_.lanes[0], ui_);
          ImGui::EndTabItem();
        }
        if (listed(shown, "plots") && ImGui::BeginTabItem("Plots")) {
          plots_panel(lesson_view_.lanes[0], ui_);
          ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
      } else {
        plots_panel(lesson_view_.lanes[0], ui_);
      }
    }
    ImGui::End();
  }
  if (captions) lesson_band(left, world_h, world_w, band);

  // One pane per lane, side by side, each framing its env's default view.
  const UiState u = lesson_ui();
  const size_t n = lane_panes_.size();
  const float gap = 3.f, pane_w = (world_w - gap * float(n - 1)) / float(n);
  const double now = glfwGetTime();
  ImDrawList* fg = ImGui::GetForegroundDrawList();
  ImDrawList* bg = ImGui::GetBackgroundDrawList();
  // A header strip above the panes holds every lane's label and step, as tall as the longest
  // wrapped label, so no label covers its scene.
  const float label_px = fs * (n > 2 ? 1.1f : 1.35f), inner = std::max(fs, pane_w - fs * 1.2f);
  float header = 0.f;
  for (const LessonLane& info : lesson_->lesson().lanes)
    header = std::max(header, ImGui::GetFont()->CalcTextSizeA(label_px, FLT_MAX, inner, info.label.c_str()).y);
  header += fs * 2.f;
  const float scene_h = std::max(1.f, world_h - header);
  for (size_t i = 0; i < n && i < lesson_view_.lanes.size(); ++i) {
    const SessionView& lane = lesson_view_.lanes[i];
    const float x = left + float(i) * (pane_w + gap);
    Camera& cam = lane_cameras_[i];
    cam.set_viewport(Viewport{x * sx, band * sy, std::max(1.f, pane_w * sx), scene_h * sy}, float(fb_h));
    if (lesson_->lesson().ui.has_camera)
      cam.frame(lesson_->lesson().ui.camera);
    else if (lane.env)
      cam.frame(lane.env->world_view());
    lane_panes_[i].build(lane, u, cam, fb_h, std::nullopt, now);
    for (const WorldText& t : lane_panes_[i].texts()) {
      const P2 s = cam.to_screen(t.at);
      bg->AddText(ImGui::GetFont(), t.size_px * ui_.ui_scale, ImVec2(s.x(), s.y() - t.size_px * ui_.ui_scale),
                  imcol(t.color), t.text.c_str());
    }
    const LessonLane& info = lesson_->lesson().lanes[i];
    const Rgba c = lane_color(info.color, i);
    fg->AddRectFilled(ImVec2(x, 0), ImVec2(x + pane_w, fs * 0.3f), imcol(c));
    const ImVec2 at(x + fs * 0.6f, fs * 0.5f);
    fg->AddText(ImGui::GetFont(), label_px, at, imcol(c), info.label.c_str(), nullptr, inner);
    char status[96];
    std::snprintf(status, sizeof status, "step %lld%s", (long long)lane.step,
                  i < lesson_view_.frozen.size() && lesson_view_.frozen[i] ? "  (done)" : "");
    fg->AddText(ImVec2(at.x, header - fs * 1.3f), imcol(palette(ui_.theme).text_dim), status);
  }
  ImGui::Render();
  if (!gl) return;  // (an offscreen frame's layout pass)
  const ThemePalette& pal = palette(ui_.theme);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(pal.panel.r, pal.panel.g, pal.panel.b, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  for (size_t i = 0; i < n; ++i) lane_panes_[i].render(renderer_, lane_cameras_[i], fb_w, fb_h, pal.background, now);
  render_imgui();
}

}  // namespace mbrl::gui
