// Entry point: `run` and `bench` are headless (app/cli); with no subcommand the window opens
// (app/gui) when the app is built with it.
#include "app/cli/cli.hpp"

#ifdef MBRL_WITH_GUI
#include "app/gui/export/headless_export.hpp"
#include "app/gui/gui_main.hpp"
#endif

int main(int argc, char** argv) {
#ifdef MBRL_WITH_GUI
  // run/replay --export: the window's code draws the recording offscreen (a hidden window).
  const mbrl::RecordingExporter exporter = [](const mbrl::Recording& rec, const mbrl::ExportSettings& s) {
    return mbrl::export_recording(rec, s);
  };
  const mbrl::GuiEntry gui = [](const mbrl::LaunchOptions& o) {
    // `lesson play NAME --export FILE`: the lesson drawn offscreen, then exit (no window shown).
    if (!o.lesson_export.empty()) return mbrl::export_lesson(o.lesson, o.export_, o.setup.threads);
    mbrl::GuiOptions g;
    g.env = o.setup.env;
    g.planner = o.setup.planner;
    g.seed = o.setup.seed;
    g.threads = o.setup.threads;
    g.model = o.gui_model;
    g.lesson = o.lesson;
    g.sets = o.setup.sets;
    g.screenshot = o.screenshot;
    g.frames = o.frames;
    g.perf_frames = o.perf_frames;
    g.settings_path = o.settings_path;
    g.explicit_setup = o.explicit_setup;
    g.recording = o.recording;
    g.at_step = o.at_step;
    g.save_recording = o.save_recording;
    return mbrl::gui_main(g);
  };
#else
  const mbrl::RecordingExporter exporter;
  const mbrl::GuiEntry gui;
#endif
  return mbrl::cli_main(argc, argv, gui, exporter);
}
