#include "app/gui/export/headless_export.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <epoxy/gl.h>
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "app/gui/app.hpp"
#include "app/gui/export/offscreen.hpp"
#include "app/gui/export/recording_export.hpp"
#include "app/gui/window.hpp"
#include "engine/lesson/lesson.hpp"

namespace mbrl {

namespace {

using Clock = std::chrono::steady_clock;

int fail(const std::string& e) {
  std::fprintf(stderr, "mbrl-playground: --export %s\n", e.c_str());
  return 2;
}

bool print_times() {
  const char* v = std::getenv("MBRL_EXPORT_TIMES");
  return v && *v && std::string(v) != "0";
}

// A hidden window for its GL context; null with the message printed.
GLFWwindow* hidden_window(const std::string& path) {
  std::string err;
  bool no_display = false;
  GLFWwindow* w = gui::open_window(640, 360, false, err, no_display, /*visible=*/false);
  if (!w) {
    if (no_display)
      fail(path + ": " + err + "; exports are drawn with OpenGL and need a display (run under xvfb-run -a)");
    else
      fail(path + ": " + err);
  }
  return w;
}

}  // namespace

int export_recording(const Recording& rec, const ExportSettings& s) {
  using namespace gui;
  const auto t0 = Clock::now();
  GLFWwindow* window = hidden_window(s.path);
  if (!window) return 2;
  int status = 0;
  {
    // The App draws the frames; its session is only there for the panels (paused, never shown).
    SessionConfig cfg;
    cfg.setup = rec.setup;
    cfg.threads = 1;
    std::unique_ptr<Session> session;
    try {
      session = std::make_unique<Session>(cfg);
    } catch (const std::exception& e) {
      close_window(window);
      return fail(s.path + ": the recording's setup does not build: " + e.what());
    }
    session->set_playing(false);
    UiState ui;
    ui.show_help = false;
    App app(window, std::move(session), std::move(ui));
    std::string err;
    if (!app.init(err)) {
      status = fail(s.path + ": " + err);
    } else {
      app.begin_offscreen();
      RecordingExport job;
      RecordingExportOptions o;
      o.trace_cap = app.ui().trace_cap;
      o.theme = app.ui().theme;
      const ExportLook look{s.width, s.height, s.panels, s.captions};
      err = job.start(rec, s, o, [&](const SessionView& v, int, int) { app.render_offscreen(v, look); });
      if (!err.empty()) {
        status = fail(err);
      } else {
        job.run_to_end();
        if (job.state() == RecordingExport::State::Done) {
          if (!s.quiet) std::printf("%s\n", job.summary().c_str());
        } else {
          status = fail(job.error());
        }
      }
      if (print_times()) {
        const ExportTimes& t = job.times();
        const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
        std::fprintf(stderr,
                     "export: %lld frames in %.2f s (%.1f fps): re-simulation %.2f s (worker), drawing and "
                     "read-back %.2f s, encoding %.2f s, finishing %.2f s, waiting for the worker %.2f s\n",
                     (long long)job.frames_done(), wall, double(job.frames_done()) / std::max(wall, 1e-9),
                     t.resimulate_s, t.render_s, t.encode_s, t.finish_s, t.wait_s);
      }
    }
  }
  close_window(window);
  return status;
}

int export_lesson(const std::string& lesson_file, const ExportSettings& s, int threads) {
  using namespace gui;
  const auto t0 = Clock::now();
  Lesson lesson;
  if (std::string e = load_lesson(lesson_file, lesson); !e.empty()) return fail(s.path + ": " + e);
  GLFWwindow* window = hidden_window(s.path);
  if (!window) return 2;
  int status = 0;
  {
    // Scripted: pauses and questions go on by themselves, and the lesson is played here, not on a worker.
    auto owned = std::make_unique<LessonSession>(lesson, threads, 300, /*autoplay=*/true, /*threaded=*/false);
    LessonSession& player = *owned;
    UiState ui;
    ui.show_help = false;
    App app(window, std::move(owned), std::move(ui));
    std::string err;
    std::unique_ptr<media::FrameSink> sink;
    OffscreenTarget target;
    media::Frame frame;
    double render_s = 0, encode_s = 0, play_s = 0;
    int64_t frames = 0;
    [&] {
      if (!app.init(err)) return void(status = fail(s.path + ": " + err));
      // The frames' range: every env step of every run (at most; `until` may end a run early).
      int64_t run_steps = 0;
      for (const LessonStep& st : lesson.timeline)
        if (st.op == LessonStep::Op::Run) run_steps += st.steps;
      FrameRange range;
      range.first = 0;
      range.last = std::max<int64_t>(0, run_steps - 1);
      range.every = std::max(1, s.every);
      std::vector<Rgba> lanes;
      for (size_t i = 0; i < lesson.lanes.size(); ++i) lanes.push_back(lane_color(lesson.lanes[i].color, i));
      media::VideoOptions vo;
      vo.width = s.width;
      vo.height = s.height;
      vo.fps = s.fps;
      vo.metadata = provenance(lesson.lanes.front().setup, range, "lesson " + lesson.meta.id);
      vo.metadata.emplace_back("lanes", std::to_string(lesson.lanes.size()));
      vo.palette_hint = palette_hints(app.ui().theme, lanes);
      const std::filesystem::path parent = std::filesystem::path(s.path).parent_path();
      std::error_code ec;
      if (!parent.empty() && !std::filesystem::exists(parent, ec)) std::filesystem::create_directories(parent, ec);
      sink = media::make_sink(s.path, err);
      if (!sink) return void(status = fail(err));
      if (err = target.resize(s.width, s.height); !err.empty()) return void(status = fail(s.path + ": " + err));
      if (err = sink->begin(vo); !err.empty()) return void(status = fail(err));
      app.begin_offscreen();
      const ExportLook look{s.width, s.height, s.panels, s.captions};
      int64_t ticks = 0;
      bool stepped = false;
      for (;;) {
        const auto p0 = Clock::now();
        const bool more = player.play_tick(stepped);
        play_s += std::chrono::duration<double>(Clock::now() - p0).count();
        if (!more) break;
        if (!stepped || ticks++ % range.every != 0) continue;
        const auto r0 = Clock::now();
        target.bind();
        app.render_lesson_offscreen(look);
        target.read(frame);
        target.unbind();
        const auto r1 = Clock::now();
        render_s += std::chrono::duration<double>(r1 - r0).count();
        err = sink->add(frame);
        encode_s += std::chrono::duration<double>(Clock::now() - r1).count();
        if (!err.empty()) return void(status = fail(err));
        ++frames;
      }
      const media::SinkResult r = sink->finish();
      if (!r.error.empty()) return void(status = fail(r.error));
      if (!s.quiet) {
        if (!r.note.empty())
          std::printf("%s\n", r.note.c_str());
        else
          std::printf("wrote %s (%lld frames, %dx%d, %g fps)\n", s.path.c_str(), (long long)frames, s.width, s.height,
                      s.fps);
      }
    }();
    sink.reset();  // a failed recording is abandoned (its partial file removed) while the GL context lives
    if (print_times()) {
      const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
      std::fprintf(stderr,
                   "export: %lld frames in %.2f s (%.1f fps): playing the lesson %.2f s, drawing and read-back "
                   "%.2f s, encoding %.2f s\n",
                   (long long)frames, wall, double(frames) / std::max(wall, 1e-9), play_s, render_s, encode_s);
    }
  }
  close_window(window);
  return status;
}

}  // namespace mbrl
