#include "app/gui/gui_main.hpp"

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "engine/setup.hpp"
#include "app/gui/app.hpp"
#include "engine/lesson/lesson.hpp"
#include "engine/record/recording_io.hpp"
#include "app/gui_params.hpp"
#include "app/gui/frame_stats.hpp"
#include "app/gui/settings.hpp"
#include "app/gui/window.hpp"

namespace mbrl::gui {
namespace {

// Ctrl+C / SIGTERM close the window the normal way (settings are saved), not mid-frame.
volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

// "gui.KEY=VALUE" items of --set are the window's own (GuiParams, the tree's gui scope); the rest
// go to the engine. "" or one line naming the key.
std::string apply_gui_sets(const GuiOptions& o, UiState& ui, bool& start_paused, int64_t& stop_at) {
  GuiParams g;
  g.trace_cap = ui.trace_cap;
  g.scale = ui.ui_scale;
  g.line_scale = ui.line_scale;
  g.speed = ui.speed;
  g.help = ui.show_help;
  g.theme = ui.theme == Theme::Dark ? GuiTheme::Dark : GuiTheme::Projector;
  ParamTree tree;
  tree.add("gui", describe(g));
  for (const auto& [k, v] : o.sets) {
    if (k.rfind("gui.", 0) != 0) continue;
    if (std::string err = tree.set(k, v); !err.empty()) return "--set " + k + "=" + v + ": " + err;
  }
  g = load<GuiParams>(*tree.find("gui"));
  ui.trace_cap = g.trace_cap;
  ui.ui_scale = g.scale;
  ui.line_scale = g.line_scale;
  ui.speed = g.speed;
  ui.max_speed = g.max_speed;
  ui.show_help = g.help;
  ui.theme = g.theme == GuiTheme::Dark ? Theme::Dark : Theme::Projector;
  start_paused = g.paused;
  stop_at = g.stop_at > 0 ? int64_t(g.stop_at) : -1;
  return "";
}

double total_cost(const SessionView& v) {
  double sum = 0;
  for (float c : v.costs) sum += double(c);
  return sum;
}

// FILE.png.json beside a --screenshot: where the world view is in the image (top-left origin)
// and what the overlay drew, so the GUI tests can check the right region.
void write_sidecar(const std::string& path, App& app) {
  FILE* f = std::fopen(path.c_str(), "w");
  if (!f) return;
  if (app.lesson_mode()) {  // where the lesson is, and each lane's progress
    const LessonView& v = app.lesson_view();
    int passed = 0;
    for (const CheckOutcome& c : v.checks) passed += c.pass;
    std::string lane_steps;
    for (const SessionView& lane : v.lanes) lane_steps += (lane_steps.empty() ? "" : ", ") + std::to_string(lane.step);
    std::fprintf(f,
                 "{\"lesson_position\": %zu, \"lesson_steps\": %zu, \"lesson_finished\": %d, \"lanes\": %zu, "
                 "\"lane_steps\": [%s], \"caption_chars\": %zu, \"checks\": %zu, \"checks_passed\": %d}\n",
                 v.position, v.steps, int(v.finished), v.lanes.size(), lane_steps.c_str(), v.caption.size(),
                 v.checks.size(), passed);
    std::fclose(f);
    return;
  }
  const Viewport& vp = app.camera().viewport();
  int w = 0, h = 0;
  glfwGetFramebufferSize(glfwGetCurrentContext(), &w, &h);
  const Rgba bg = palette(app.ui().theme).background;
  std::string state;  // the shown state, exactly (%.9g round-trips a float)
  for (int i = 0; i < app.view().state.size(); ++i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%.9g", i ? ", " : "", double(app.view().state(i)));
    state += buf;
  }
  std::fprintf(f,
               "{\"world\": [%d, %d, %d, %d], \"image\": [%d, %d], \"background\": [%d, %d, %d], "
               "\"trajectories\": %d, \"segments\": %d, \"steps\": %lld, \"learned\": %d, \"model_version\": %d, "
               "\"dataset\": %d, \"train_epochs\": %d, \"kstep_windows\": %d, \"kstep_horizon\": %d, \"ghosts\": %d, "
               "\"fan_members\": %d, \"fan_steps\": %d, \"coverage_grid\": %d, \"coverage_points\": %d, "
               "\"shown_step\": %lld, \"recorded_steps\": %lld, \"has_plan\": %d, \"state\": [%s]}\n",
               int(vp.x), int(float(h) - vp.y - vp.h), int(vp.w), int(vp.h), w, h, int(bg.r * 255.f + 0.5f),
               int(bg.g * 255.f + 0.5f), int(bg.b * 255.f + 0.5f), app.overlay_stats().trajectories,
               app.overlay_stats().segments, (long long)app.view().step, int(app.view().learned),
               app.view().learn.version, app.view().learn.dataset, int(app.view().learn.history.size()),
               app.view().learn.eval ? app.view().learn.eval->error.windows : 0,
               app.view().learn.eval ? app.view().learn.eval->horizon : 0,
               app.view().learn.eval ? int(app.view().learn.eval->ghosts.size()) : 0,
               app.view().fan ? int(app.view().fan->member.size()) : 0,
               app.view().fan ? int(app.view().fan->variance.size()) : 0,
               app.view().learn.eval ? app.view().learn.eval->coverage.grid : 0,
               app.view().learn.eval ? int(app.view().learn.eval->coverage.px.size()) : 0, (long long)app.shown_step(),
               (long long)app.session().recording()->last_frame(), int(app.view().has_trace), state.c_str());
  std::fclose(f);
}

// A parameter set as `--set` items: PREFIX + KEY = its value.
void append_as_sets(SetItems& out, const std::string& prefix, const ParamSet& p) {
  for (size_t i = 0; i < p.infos.size(); ++i) out.emplace_back(prefix + p.infos[i].key, p.value_string(int(i)));
}

SetItems params_as_sets(const SessionView& v) {
  SetItems out;
  append_as_sets(out, "planner.", v.planner_params);
  append_as_sets(out, "mpc.", v.mpc_params);
  append_as_sets(out, "env.", v.env_params);
  return out;
}

// The learned model's and the loop's parameters as model.KEY / loop.KEY items (none while off:
// the session takes them only with the learned model).
SetItems learn_params_as_sets(const SessionView& v) {
  SetItems out;
  if (!v.learned) return out;
  append_as_sets(out, "model.", v.model_params);
  append_as_sets(out, "loop.", v.loop_params);
  return out;
}

// `cfg` turned into the last session's setup, or nullopt when its env or planner no longer
// exists. Saved parameters the current build rejects are dropped one by one (lines in `notes`).
std::optional<SessionConfig> restored_config(const SessionConfig& cfg, const Settings& settings,
                                             const std::string& path, std::vector<std::string>& notes) {
  SessionConfig r = cfg;
  r.setup.env = settings.env;
  r.setup.planner = settings.planner;
  RunSetup probe;
  if (const std::string err = build_setup(r.setup.env, r.setup.planner, {}, probe); !err.empty()) {
    notes.push_back("could not restore the last session (" + err + "); using defaults");
    return std::nullopt;
  }
  auto check_setup = [&](const SetItems& items) { return build_setup(r.setup.env, r.setup.planner, items, probe); };
  r.setup.sets = keep_valid_items(settings.params, path, check_setup, notes);
  const SavedModel model = saved_model(settings, path, describe(ModelParams{}), describe(LoopParams{}), notes);
  r.setup.model = model.learned ? "ensemble" : "true";
  r.setup.sets.insert(r.setup.sets.end(), model.sets.begin(), model.sets.end());
  return r;
}

}  // namespace
}  // namespace mbrl::gui

namespace mbrl {

int gui_main(const GuiOptions& opts) {
  using namespace gui;
  const bool scripted = !opts.screenshot.empty() || opts.perf_frames > 0;
  const bool use_settings = !opts.no_settings;
  const std::string settings_path = opts.settings_path.empty() ? default_settings_path() : opts.settings_path;

  Settings settings;
  UiState ui;
  if (use_settings) {
    const std::string err = load_settings(settings_path, settings);
    if (!err.empty()) {
      std::fprintf(stderr, "mbrl-playground: %s\n", err.c_str());
      ui.notice = err;
    }
  }
  ui.theme = settings.theme;
  ui.ui_scale = settings.ui_scale;
  ui.line_scale = settings.line_scale;
  ui.speed = settings.speed;
  ui.help_seen = settings.help_seen;
  ui.show_help = opts.show_help && !settings.help_seen && !scripted;
  bool start_paused = false;
  int64_t stop_at = -1;
  if (std::string err = apply_gui_sets(opts, ui, start_paused, stop_at); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground: %s\n", err.c_str());
    return 2;
  }

  // The setup: explicit options win; otherwise the last session's env, planner, dynamics model
  // and parameters (a saved item that is no longer valid is dropped, the rest applied).
  SessionConfig cfg;
  cfg.setup.env = opts.env;
  cfg.setup.planner = opts.planner;
  cfg.setup.model = opts.model.empty() ? "true" : opts.model;
  cfg.setup.seed = opts.seed;
  cfg.threads = opts.threads;
  cfg.trace_cap = ui.trace_cap;
  for (const auto& kv : opts.sets)
    if (kv.first.rfind("gui.", 0) != 0) cfg.setup.sets.push_back(kv);
  const bool explicit_setup = opts.explicit_setup || opts.env != "pendulum" || opts.planner != "mppi" ||
                              !cfg.setup.sets.empty() || !opts.model.empty();
  std::unique_ptr<Session> session;
  std::unique_ptr<LessonSession> lesson;
  if (!opts.lesson.empty()) {  // a lesson: its own setup, nothing restored
    Lesson l;
    if (const std::string e = load_lesson(opts.lesson, l); !e.empty()) {
      std::fprintf(stderr, "mbrl-playground: %s\n", e.c_str());
      return 2;
    }
    // Scripted runs (screenshots, timings) play through pauses and questions by themselves.
    lesson = std::make_unique<LessonSession>(l, opts.threads, std::min(ui.trace_cap, 300), scripted);
  } else if (!explicit_setup && !settings.env.empty() && !settings.planner.empty()) {
    std::vector<std::string> notes;
    if (std::optional<SessionConfig> restored = restored_config(cfg, settings, settings_path, notes)) {
      try {
        session = std::make_unique<Session>(*restored);
      } catch (const std::exception& e) {
        notes.push_back(std::string("could not restore the last session (") + e.what() + "); using defaults");
      }
    }
    for (const std::string& n : notes) {
      std::fprintf(stderr, "mbrl-playground: %s\n", n.c_str());
      ui.notice += (ui.notice.empty() ? "" : "\n") + n;
    }
  }

  int width = opts.width > 0 ? opts.width : settings.width;
  int height = opts.height > 0 ? opts.height : settings.height;
  std::string err;
  bool no_display = false;
  GLFWwindow* window = nullptr;
  // Validate the setup before touching the display, so bad flags fail the same way everywhere.
  if (!session && !lesson) {
    try {
      session = std::make_unique<Session>(cfg);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "mbrl-playground: %s\n", e.what());
      return 2;
    }
  }
  std::unique_ptr<Recording> opened;
  if (!opts.recording.empty() && session) {
    if (const std::string e = load_recording(opts.recording, opened); !e.empty()) {
      std::fprintf(stderr, "mbrl-playground: --recording %s\n", e.c_str());
      return 2;
    }
  }
  window = open_window(width, height, !scripted, err, no_display);
  if (!window) {
    if (no_display)
      std::fprintf(stderr,
                   "mbrl-playground: %s; the window needs a display. For headless use run "
                   "`mbrl-playground run --env %s --planner %s` (or start under xvfb-run).\n",
                   err.c_str(), opts.env.c_str(), opts.planner.c_str());
    else
      std::fprintf(stderr, "mbrl-playground: %s\n", err.c_str());
    return 2;
  }

  int exit_code = 0;
  {
    if (session && start_paused) session->set_playing(false);
    if (session && stop_at > 0) session->set_stop_at(stop_at);
    App app = lesson ? App(window, std::move(lesson), std::move(ui)) : App(window, std::move(session), std::move(ui));
    if (!app.init(err)) {
      std::fprintf(stderr, "mbrl-playground: %s\n", err.c_str());
      close_window(window);
      return 3;
    }
    if (opened) app.open_recording(std::move(opened), opts.recording, opts.at_step);
    const int frames = !opts.screenshot.empty() ? (opts.frames > 0 ? opts.frames : 120) : 0;
    const int limit = std::max(frames, opts.perf_frames);
    FrameStats stats, cpu_stats;
    double last = glfwGetTime();
    const double t_begin = last;
    int frame = 0, behind_frames = 0;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    while (!glfwWindowShouldClose(window) && !g_stop) {
      glfwPollEvents();
      const double now = glfwGetTime();
      const double dt = std::min(now - last, 0.25);
      last = now;
      const auto c0 = std::chrono::steady_clock::now();
      const double cpu0 = thread_cpu_ms();
      app.frame(dt);
      const double cpu1 = thread_cpu_ms();
      const auto c1 = std::chrono::steady_clock::now();
      ++frame;
      if (!app.lesson_mode() && app.session().behind()) ++behind_frames;
      if (frame > 1) {  // the first frame builds the font atlas and compiles shaders
        stats.add(std::chrono::duration<double, std::milli>(c1 - c0).count());
        cpu_stats.add(cpu1 - cpu0);
      }
      if (limit > 0 && frame >= limit) {
        if (!opts.screenshot.empty()) {
          glFinish();
          const std::string e = app.screenshot(opts.screenshot);
          if (!e.empty()) {
            std::fprintf(stderr, "mbrl-playground: %s\n", e.c_str());
            exit_code = 1;
          } else {
            write_sidecar(opts.screenshot + ".json", app);
          }
        }
        break;
      }
      glfwSwapBuffers(window);
    }
    const double wall = glfwGetTime() - t_begin;
    if (!opts.save_recording.empty() && !app.lesson_mode()) {
      if (const std::string e = save_recording(*app.session().recording(), opts.save_recording); !e.empty()) {
        std::fprintf(stderr, "mbrl-playground: --save-recording %s\n", e.c_str());
        exit_code = 2;
      }
    }
    if (opts.perf_frames > 0) {
      const SessionView& v = app.view();
      std::printf(
          "{\"frames\": %d, \"p50_ms\": %.3f, \"p95_ms\": %.3f, \"max_ms\": %.3f, \"cpu_p50_ms\": %.3f, "
          "\"cpu_p95_ms\": %.3f, \"cpu_max_ms\": %.3f, \"fps\": %.1f, "
          "\"behind_frames\": %d, \"last_plan_ms\": %.1f, \"trajectories\": %d, \"segments\": %d, \"steps\": %lld, "
          "\"plans\": %lld, \"env\": \"%s\", "
          "\"planner\": \"%s\", \"total_cost\": %.3f}\n",
          frame, stats.percentile(0.5), stats.percentile(0.95), stats.max(), cpu_stats.percentile(0.5),
          cpu_stats.percentile(0.95), cpu_stats.max(), double(frame) / std::max(wall, 1e-9), behind_frames,
          app.view().last_plan_ms, app.overlay_stats().trajectories, app.overlay_stats().segments, (long long)v.step,
          (long long)(v.trace_version + 1), v.env_name.c_str(), v.planner_name.c_str(), total_cost(v));
      std::fflush(stdout);
    }
    if (use_settings && !scripted && !app.lesson_mode()) {  // a lesson's setup is the lesson's, not the user's
      Settings out = settings;
      glfwGetWindowSize(window, &out.width, &out.height);
      const UiState& u = app.ui();
      out.theme = u.theme;
      out.ui_scale = u.ui_scale;
      out.line_scale = u.line_scale;
      out.speed = u.speed;
      out.help_seen = u.help_seen || !u.show_help;
      out.env = app.view().env_name;
      out.planner = app.view().planner_name;
      out.params = params_as_sets(app.view());
      out.model = app.view().learned ? "ensemble" : "true";
      out.learn_params = learn_params_as_sets(app.view());
      if (const std::string e = save_settings(settings_path, out); !e.empty())
        std::fprintf(stderr, "mbrl-playground: %s\n", e.c_str());
    }
  }
  close_window(window);
  return exit_code;
}

}  // namespace mbrl
