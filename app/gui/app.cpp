#include "app/gui/app.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>

#include "app/gui/learn/learn_panels.hpp"
#include "app/gui/learn/learn_world.hpp"
#include "app/gui/panels/file_dialogs.hpp"
#include "app/gui/panels/panels.hpp"
#include "app/gui/panels/timeline_bar.hpp"
#include "app/gui/recording_view.hpp"
#include "core/mcts/mcts_trace.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "app/gui/render/screenshot.hpp"
#include "app/gui/panels/style.hpp"
#include "core/planners/registry.hpp"
#include "envs/registry.hpp"

namespace mbrl::gui {

namespace {
ImU32 imcol(Rgba c) { return pack_abgr(c); }
}  // namespace

App::App(GLFWwindow* window, std::unique_ptr<Session> session, UiState ui)
    : window_(window), session_(std::move(session)), ui_(std::move(ui)) {
  session_->sync(view_);
  session_->set_trace_cap(ui_.trace_cap);
}

bool App::init(std::string& err) { return renderer_.init(err); }

std::string App::screenshot(const std::string& path) {
  int w = 0, h = 0;
  glfwGetFramebufferSize(window_, &w, &h);
  return save_screenshot(path, w, h);
}

void App::update_history(const SessionView& view) {
  if (hist_episode_ != view.episode || hist_steps_ > view.costs.size()) {
    hist_episode_ = view.episode;
    hist_steps_ = 0;
    ui_.history.clear();
  }
  for (; hist_steps_ < view.costs.size(); ++hist_steps_) ui_.history.record_step(view.costs[hist_steps_]);
  if (view.has_trace && hist_trace_ != view.trace_version) {
    hist_trace_ = view.trace_version;
    ui_.history.record_plan(view.trace);
  }
}

void App::handle_input() {
  ImGuiIO& io = ImGui::GetIO();
  if (scrubbing()) {
    scrub_input();
  } else if (!io.WantCaptureKeyboard) {
    if (ImGui::IsKeyPressed(GLFW_KEY_LEFT, false))
      show_frame(std::max<int64_t>(0, session_->recording()->last_frame() - 1));
    if (ImGui::IsKeyPressed(GLFW_KEY_B, false)) session_->add_bookmark(session_->recording()->last_frame(), "");
    if (ImGui::IsKeyPressed(GLFW_KEY_F9, false)) {
      TimelineState& t = ui_.timeline;
      t.capturing = !t.capturing;
      if (t.capturing)
        t.capture_from = session_->recording()->last_frame(), t.capture_to = -1;
      else
        t.capture_to = session_->recording()->last_frame();
    }
    auto pressed = [](int key) { return ImGui::IsKeyPressed(key, false); };
    if (pressed(GLFW_KEY_P) || pressed(GLFW_KEY_SPACE)) session_->set_playing(!session_->playing());
    if (pressed(GLFW_KEY_O)) {
      session_->set_playing(false);
      session_->step_once();
    }
    if (pressed(GLFW_KEY_I)) session_->apply(Event::plan());
    if (pressed(GLFW_KEY_R)) session_->apply(Event::reset(view_.seed));
    if (pressed(GLFW_KEY_TAB)) ui_.hide_ui = !ui_.hide_ui;
    if (pressed(GLFW_KEY_H) || pressed(GLFW_KEY_F1)) ui_.show_help = !ui_.show_help;
    if (pressed(GLFW_KEY_F)) ui_.fit_view = true;
    if (pressed(GLFW_KEY_T)) {
      ui_.theme = ui_.theme == Theme::Dark ? Theme::Projector : Theme::Dark;
      ui_.fonts_dirty = true;
    }
    if (pressed(GLFW_KEY_F12)) ui_.screenshot_requested = true;
    if (io.KeyCtrl && pressed(GLFW_KEY_E)) open_export_dialog(ui_, 0, -1);  // Export the whole recording
    if (io.KeyCtrl && (pressed(GLFW_KEY_EQUAL) || pressed(GLFW_KEY_KP_ADD))) {
      ui_.ui_scale = std::min(2.5f, ui_.ui_scale + 0.125f);
      ui_.fonts_dirty = true;
    }
    if (io.KeyCtrl && (pressed(GLFW_KEY_MINUS) || pressed(GLFW_KEY_KP_SUBTRACT))) {
      ui_.ui_scale = std::max(0.75f, ui_.ui_scale - 0.125f);
      ui_.fonts_dirty = true;
    }
    const int iters = view_.has_trace ? view_.trace.iterations_used : 0;
    if (iters > 1) {
      int& it = ui_.overlays.cem_iteration;
      const int cur = it < 0 ? iters - 1 : it;
      if (pressed(GLFW_KEY_LEFT_BRACKET)) it = std::max(0, cur - 1);
      if (pressed(GLFW_KEY_RIGHT_BRACKET)) it = cur + 1 >= iters - 1 ? -1 : cur + 1;
    }
  }
  // Mouse in the world view (not over a panel).
  const P2 m(io.MousePos.x, io.MousePos.y);
  const bool over_world = !io.WantCaptureMouse && camera_.contains_screen(m);
  if (over_world && io.MouseWheel != 0.f) camera_.zoom_at(std::pow(1.15f, io.MouseWheel), m);
  if (over_world &&
      (ImGui::IsMouseDragging(ImGuiMouseButton_Right, 0.f) || ImGui::IsMouseDragging(ImGuiMouseButton_Middle, 0.f)))
    camera_.pan_pixels(io.MouseDelta.x, io.MouseDelta.y);
  if (over_world && ImGui::IsMouseClicked(ImGuiMouseButton_Left)) {
    left_down_ = true;
    dragging_ = false;
    press_screen_ = m;
    last_world_ = camera_.to_world(m);
  }
  if (left_down_ && scrubbing()) {  // the scene is read-only at a recorded step
    left_down_ = dragging_ = false;
    ask_continue("a click or drag in the world");
  }
  if (left_down_) {
    const P2 w = camera_.to_world(m);
    if (!dragging_ && (m - press_screen_).norm() > 4.f) dragging_ = true;
    if (dragging_ && (w - last_world_).norm() > 0.f) {
      session_->apply(Event::drag(last_world_, w));
      last_world_ = w;
    }
    if (ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
      if (!dragging_) session_->apply(Event::click(camera_.to_world(press_screen_)));
      left_down_ = dragging_ = false;
    }
  }
}

void App::layout_and_panels() {
  ImGuiIO& io = ImGui::GetIO();
  const float W = io.DisplaySize.x, H = io.DisplaySize.y, fs = ImGui::GetFontSize();
  int fb_w = 0, fb_h = 0;
  framebuffer_size(fb_w, fb_h);
  const float sx = W > 0 ? float(fb_w) / W : 1.f, sy = H > 0 ? float(fb_h) / H : 1.f;
  float left = 0.f, right = 0.f;
  if (!ui_.hide_ui) {
    // Side columns grow with the UI scale but always leave the world view at least 44%.
    left = std::clamp(fs * 23.f, 260.f, W * 0.28f);
    right = std::clamp(fs * 24.f, 280.f, W * 0.28f);
    if (view_.has_trace && view_.trace.mcts) right = std::max(right, W * 0.36f);  // the tree needs room
  }
  // The world view: everything between the two columns (framebuffer pixels, bottom-left origin).
  const float bar = ui_.hide_ui ? 0.f : timeline_height(W - left - right);
  Viewport vp{left * sx, bar * sy, std::max(1.f, (W - left - right) * sx), std::max(1.f, (H - bar) * sy)};
  camera_.set_viewport(vp, float(fb_h));
  if (ui_.fit_view && view_.env) {
    camera_.frame(view_.env->world_view());
    ui_.fit_view = false;
  }
  if (ui_.hide_ui) return;
  timeline(left, H - bar, W - left - right, bar);

  const ImGuiWindowFlags fixed = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoMove |
                                 ImGuiWindowFlags_NoCollapse | ImGuiWindowFlags_NoBringToFrontOnFocus |
                                 ImGuiWindowFlags_NoSavedSettings;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ImVec2(left, H));
  if (ImGui::Begin("##side", nullptr, fixed)) {
    // The title only when it fits beside File and ? (UI scale 2 in a small window: it does not).
    const float buttons = ImGui::GetFrameHeight() + ImGui::CalcTextSize("File").x +
                          ImGui::GetStyle().ItemSpacing.x * 3.f + ImGui::GetStyle().FramePadding.x * 2.f;
    const float avail = ImGui::GetContentRegionAvail().x;
    if (ImGui::CalcTextSize("mbrl-playground").x + buttons < avail)
      ImGui::TextUnformatted("mbrl-playground");
    else
      ImGui::TextUnformatted("");
    ImGui::SameLine(std::max(0.f, avail - buttons + ImGui::GetStyle().ItemSpacing.x));
    file_menu(ui_);
    ImGui::SameLine();
    if (ImGui::SmallButton("?")) ui_.show_help = true;
    item_tooltip("Help: keys, mouse and what each overlay means (H)");
    ImGui::Separator();
    if (scrubbing()) scrub_banner();
    // At a recorded step the scene is read-only: the controls show what was, Continue changes it.
    ImGui::BeginDisabled(scrubbing());
    controls_panel(*session_, view_, ui_);
    if (!view_.message.empty()) {
      ImGui::PushTextWrapPos(0.f);
      ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s", view_.message.c_str());
      ImGui::PopTextWrapPos();
    }
    if (!ui_.notice.empty()) {
      ImGui::PushTextWrapPos(0.f);
      ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s", ui_.notice.c_str());
      ImGui::PopTextWrapPos();
      if (ImGui::SmallButton("dismiss")) ui_.notice.clear();
    }
    ImGui::Spacing();
    if (ImGui::CollapsingHeader("Planner", ImGuiTreeNodeFlags_DefaultOpen)) planner_panel(*session_, view_, ui_);
    if (ImGui::CollapsingHeader("Model", view_.learned ? ImGuiTreeNodeFlags_DefaultOpen : 0))
      model_panel(*session_, view_, ui_);
    if (ImGui::CollapsingHeader("Environment", ImGuiTreeNodeFlags_DefaultOpen))
      environment_panel(*session_, view_, ui_);
    if (ImGui::CollapsingHeader("Overlays")) overlays_panel(*session_, view_, ui_);
    if (ImGui::CollapsingHeader("Classroom")) view_panel(ui_);
    if (ImGui::CollapsingHeader("Lessons"))
      if (const std::string file = lessons_panel(ui_); !file.empty()) open_lesson(file);
    ImGui::EndDisabled();
  }
  ImGui::End();
  if (file_dialogs(*session_, ui_)) show_frame(0);  // an opened recording, from its first step
  continue_dialog();

  ImGui::SetNextWindowPos(ImVec2(W - right, 0));
  ImGui::SetNextWindowSize(ImVec2(right, H));
  if (ImGui::Begin("##plots", nullptr, fixed)) {
    const MctsTrace* tree = view_.has_trace ? view_.trace.mcts.get() : nullptr;
    if (!tree && view_.learned) {
      // A learned model: its own views first, the planner's plots one tab away.
      if (ImGui::BeginTabBar("##right_learned")) {
        if (ImGui::BeginTabItem("Learned model")) {
          learned_plots(view_, ui_);
          ImGui::EndTabItem();
        }
        if (ImGui::BeginTabItem("Plots")) {
          plots_panel(view_, ui_);
          ImGui::EndTabItem();
        }
        ImGui::EndTabBar();
      }
    } else if (!tree) {
      ImGui::TextUnformatted("Plots");
      ImGui::Separator();
      plots_panel(view_, ui_);
    } else if (ImGui::BeginTabBar("##right")) {
      // MCTS: its search tree is what there is to see; the plots stay one tab away.
      if (ImGui::BeginTabItem("Search tree")) {
        tree_panel(tree);
        ImGui::EndTabItem();
      }
      if (ImGui::BeginTabItem("Plots")) {
        plots_panel(view_, ui_);
        ImGui::EndTabItem();
      }
      ImGui::EndTabBar();
    }
  }
  ImGui::End();
  world_overlays_ui();
}

// The MCTS tree inspector (app/gui/mcts) wired to the session: its stepping commands run the
// search phase by phase on the worker; "run" posts simulations at the inspector's rate.
void App::tree_panel(const MctsTrace* tree) {
  const std::vector<std::string> names = view_.env ? view_.env->state_names() : std::vector<std::string>{};
  TreeInspectorContext ctx;
  ctx.trace_version = view_.trace_version;
  ctx.running = mcts_running_;
  ctx.can_step = !view_.planning;
  ctx.state_names = &names;
  switch (draw_tree_inspector(tree_, tree, ui_.theme, ctx)) {
    case TreeCommand::Phase:
      session_->mcts_step(0);
      break;
    case TreeCommand::Simulation:
      session_->mcts_step(1);
      break;
    case TreeCommand::NewSearch:
      session_->mcts_step(2);
      break;
    case TreeCommand::Run:
      mcts_running_ = true;
      session_->set_playing(false);
      break;
    case TreeCommand::Pause:
      mcts_running_ = false;
      break;
    case TreeCommand::None:
      break;
  }
}

// Title, status and legend drawn over the world view.
void App::world_overlays_ui() {
  const ThemePalette& pal = palette(ui_.theme);
  const Viewport& vp = camera_.viewport();
  ImGuiIO& io = ImGui::GetIO();
  const float sx = io.DisplayFramebufferScale.x > 0 ? io.DisplayFramebufferScale.x : 1.f;
  const float x0 = vp.x / sx;
  const float pad = ImGui::GetFontSize() * 0.8f;
  const ImGuiWindowFlags overlay = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_AlwaysAutoResize |
                                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoFocusOnAppearing |
                                   ImGuiWindowFlags_NoNav | ImGuiWindowFlags_NoMove;
  // Title and status, top-left.
  ImGui::SetNextWindowPos(ImVec2(x0 + pad, pad));
  ImGui::SetNextWindowBgAlpha(0.0f);
  if (ImGui::Begin("##status", nullptr, overlay | ImGuiWindowFlags_NoInputs)) {
    const EnvEntry* e = find_env(view_.env_name);
    const PlannerEntry* p = find_planner(view_.planner_name);
    ImGui::SetWindowFontScale(1.25f);
    ImGui::Text("%s  \xC2\xB7  %s", e ? e->display_name.c_str() : view_.env_name.c_str(),
                p ? p->display_name.c_str() : view_.planner_name.c_str());
    ImGui::SetWindowFontScale(1.f);
    float total = 0.f;
    for (float c : view_.costs) total += c;
    ImGui::TextDisabled("step %lld   t = %.2f s   cost so far %.1f", (long long)view_.step,
                        double(view_.step) * double(view_.dt), double(total));
    // The task's own verdict once a full episode has run (the demo keeps going afterwards).
    if (view_.env && view_.step >= view_.env->default_steps() && view_.states.size() == view_.actions.size() + 1) {
      if (outcome_step_ != view_.step / 10) {  // re-evaluated every 10 steps, not every frame
        outcome_step_ = view_.step / 10;
        outcome_ = view_.env->evaluate(EpisodeView{&view_.states, &view_.actions});
      }
      ImGui::TextColored(outcome_.success ? ImVec4(0.f, 0.62f, 0.45f, 1.f) : ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s: %s",
                         outcome_.success ? "success" : "not solved", outcome_.detail.c_str());
    }
    if (view_.learned) {
      // Wrapped to the world view: it must not run under the right-hand panels.
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + std::max(200.f, vp.w / sx - 3.f * pad));
      ImGui::TextUnformatted(learn_status_line(view_).c_str());
      if (!view_.learn.warning.empty())
        ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f), "%s", view_.learn.warning.c_str());
      ImGui::PopTextWrapPos();
    }
    const bool live = !exporting_;  // an exported frame: the live session's status is not its
    if (live && session_->behind())
      ImGui::TextColored(ImVec4(0.9f, 0.37f, 0.f, 1.f),
                         "planner is behind real time: a plan takes %.0f ms, a step %.0f ms",
                         std::max(view_.last_plan_ms, view_.planning_for_s * 1000.0), double(view_.dt) * 1000.0);
    else if (live && !session_->playing())
      ImGui::TextDisabled("paused: P or Space to play");
  }
  ImGui::End();

  // Legend, bottom-left: what each overlay is, with its toggle.
  if (!view_.has_trace) return;
  const float bar = ui_.hide_ui ? 0.f : timeline_height(vp.w / sx);
  ImGui::SetNextWindowPos(ImVec2(x0 + pad, io.DisplaySize.y - bar - pad), ImGuiCond_Always, ImVec2(0.f, 1.f));
  ImGui::SetNextWindowBgAlpha(0.82f);
  if (ImGui::Begin("##legend", nullptr, overlay)) {
    Overlays& o = ui_.overlays;
    const float fs = ImGui::GetFontSize();
    auto swatch = [&](Rgba c, float thick) {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float y = p.y + ImGui::GetFrameHeight() * 0.5f;
      dl->AddLine(ImVec2(p.x, y), ImVec2(p.x + fs * 1.6f, y), imcol(c), thick);
      ImGui::Dummy(ImVec2(fs * 1.6f, ImGui::GetFrameHeight()));
      ImGui::SameLine();
    };
    const int it_i = shown_iteration(view_.trace, o);
    const SampleSet* it = it_i >= 0 ? &view_.trace.iterations[size_t(it_i)] : nullptr;
    const bool by_weight = colors_by_weight(view_.trace, o);
    // Samples: a gradient bar from light to heavy.
    {
      ImDrawList* dl = ImGui::GetWindowDrawList();
      const ImVec2 p = ImGui::GetCursorScreenPos();
      const float y0 = p.y + ImGui::GetFrameHeight() * 0.3f, y1 = p.y + ImGui::GetFrameHeight() * 0.7f;
      const int n = 24;
      for (int i = 0; i < n; ++i) {
        const float t0 = float(i) / n;
        const Rgba c = trajectory_color(t0, ui_.theme);
        dl->AddRectFilled(ImVec2(p.x + fs * 1.6f * t0, y0), ImVec2(p.x + fs * 1.6f * (t0 + 1.f / n) + 0.5f, y1),
                          imcol(c));
      }
      ImGui::Dummy(ImVec2(fs * 1.6f, ImGui::GetFrameHeight()));
      ImGui::SameLine();
    }
    char label[128];
    const MctsTrace* tree = view_.trace.mcts.get();
    if (tree)
      std::snprintf(label, sizeof label, "simulation paths (%d), by return: faint = worst", tree->paths());
    else if (view_.trace.particles > 1)
      std::snprintf(label, sizeof label, "samples (%d of %d, %d particles each), %s", it ? int(it->states.cols()) : 0,
                    it ? it->population : 0, view_.trace.particles,
                    by_weight ? "by weight: faint = low" : "by cost rank: faint = costly");
    else
      std::snprintf(label, sizeof label, "samples (%d of %d), %s", it ? int(it->states.cols()) : 0,
                    it ? it->population : 0, by_weight ? "by weight: faint = low" : "by cost rank: faint = costly");
    ImGui::Checkbox(label, &o.samples);
    item_tooltip(
        "Every sampled action sequence rolled through the model. MPPI weight exp(-S/lambda), relative to "
        "the heaviest over 3 decades; or cost rank for shooting and CEM. With several particles per "
        "candidate (model.particles, or expectation: one per ensemble member) a candidate's cost is the "
        "mean over its particles and the line drawn is its first particle.");
    if (it && has_elites(*it)) {
      swatch(pal.elite, 2.5f);
      ImGui::Checkbox("CEM elites (the refit's targets)", &o.elites);
    }
    if (tree) {
      swatch(pal.elite, 2.f);
      ImGui::TextUnformatted("last rollout (default policy)");
    } else {
      swatch(pal.best_sample, 3.f);
      ImGui::Checkbox("best sample", &o.best);
    }
    swatch(pal.mean_plan, 3.f);
    ImGui::Checkbox(view_.trace.planner == "mppi" ? "plan (weighted mean)"
                    : tree                        ? "plan (most visited path)"
                                                  : "plan returned",
                    &o.mean_plan);
    swatch(pal.executed, 3.f);
    ImGui::Checkbox("executed path", &o.trail);
    if (view_.trace.iterations_used > 1) {
      ImGui::TextDisabled("refit %d of %d   ([ and ] to step)", it_i + 1, view_.trace.iterations_used);
    }
  }
  ImGui::End();
}

void App::build_world() {
  const MctsTrace* tree = view_.has_trace ? view_.trace.mcts.get() : nullptr;
  std::optional<Vec> ghost;
  if (tree && !ui_.hide_ui) ghost = selected_state(tree_, tree);
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  pane_.build(view_, ui_, camera_, fb_h, ghost, glfwGetTime());
}

void App::render_world(int fb_w, int fb_h) {
  const ThemePalette& pal = palette(ui_.theme);
  glViewport(0, 0, fb_w, fb_h);
  glClearColor(pal.panel.r, pal.panel.g, pal.panel.b, 1.f);
  glClear(GL_COLOR_BUFFER_BIT);
  pane_.render(renderer_, camera_, fb_w, fb_h, pal.background, glfwGetTime());
}

void App::begin_frame() {
  if (ui_.fonts_dirty) {
    load_fonts(ui_.ui_scale);
    apply_style(ui_.theme, ui_.ui_scale);
    ui_.fonts_dirty = false;
  }
  ImGui_ImplOpenGL3_NewFrame();
  ImGui_ImplGlfw_NewFrame();
  ImGui::NewFrame();
}

void App::frame(double frame_dt) {
  if (leave_lesson_) {
    leave_lesson_ = false;
    close_lesson();
  }
  if (lesson_) {
    lesson_frame(frame_dt);
    return;
  }
  begin_frame();

  session_->advance(frame_dt, ui_.speed, ui_.max_speed);
  session_->sync(scrubbing() ? live_ : view_);
  if (pending_live_ && !session_->rebuild_status().running) {
    pending_live_ = false;
    show_frame(-1);
  }
  advance_playback(frame_dt);
  if (scrubbing() && (scrub_built_ != ui_.timeline.frame || scrub_of_ != session_->recording().get())) {
    const auto rec = session_->recording();
    scrub_of_ = rec.get();  // an opened file is replaced by its re-simulation (with the plans)
    if (!recording_view(*rec, ui_.timeline.frame, view_))
      ui_.timeline.frame = std::max(ui_.timeline.frame, rec->first_detailed());
    else
      scrub_built_ = ui_.timeline.frame;
  }
  if (mcts_running_) {
    const bool is_mcts = view_.has_trace && view_.trace.mcts;
    if (!is_mcts || session_->playing()) {
      mcts_running_ = false;
    } else if (!view_.planning) {
      mcts_acc_ = std::min(mcts_acc_ + frame_dt * double(tree_.run_rate), 200.0);
      const int n = int(mcts_acc_);
      if (n > 0 && mcts_posted_ != view_.trace_version) {  // one batch in flight at a time
        session_->mcts_step(1, n);
        mcts_acc_ -= n;
        mcts_posted_ = view_.trace_version;
      }
    }
  }
  update_history(view_);
  handle_input();
  layout_and_panels();
  help_window(view_, ui_);
  export_dialog(*this);  // the Export dialog and its running export (app/gui/panels/export_dialog.cpp)
  build_world();

  // World text (env labels) under the panels.
  ImDrawList* bg = ImGui::GetBackgroundDrawList();
  for (const WorldText& t : pane_.texts()) {
    const P2 s = camera_.to_screen(t.at);
    bg->AddText(ImGui::GetFont(), t.size_px * ui_.ui_scale, ImVec2(s.x(), s.y() - t.size_px * ui_.ui_scale),
                imcol(t.color), t.text.c_str());
  }
  if (!ui_.screenshot_msg.empty() && glfwGetTime() < ui_.screenshot_msg_until) {
    // Top-right corner of the world view, clear of the title and the legend.
    const Viewport& vp = camera_.viewport();
    const float sx = ImGui::GetIO().DisplayFramebufferScale.x > 0 ? ImGui::GetIO().DisplayFramebufferScale.x : 1.f;
    const ImVec2 size = ImGui::CalcTextSize(ui_.screenshot_msg.c_str());
    const float x = (vp.x + vp.w) / sx - size.x - ImGui::GetFontSize();
    ImGui::GetForegroundDrawList()->AddText(ImVec2(x, ImGui::GetFontSize()), imcol(palette(ui_.theme).text),
                                            ui_.screenshot_msg.c_str());
  }
  ImGui::Render();
  int fb_w = 0, fb_h = 0;
  glfwGetFramebufferSize(window_, &fb_w, &fb_h);
  render_world(fb_w, fb_h);
  ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
  if (ui_.screenshot_requested) {
    ui_.screenshot_requested = false;
    const std::string name = timestamped_screenshot_name();
    const std::string err = screenshot(name);
    ui_.screenshot_msg = err.empty() ? "saved " + name : err;
    ui_.screenshot_msg_until = glfwGetTime() + 3.0;
    std::fprintf(stderr, "%s\n", ui_.screenshot_msg.c_str());
  }
}

}  // namespace mbrl::gui
