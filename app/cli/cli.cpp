#include "app/cli/cli.hpp"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "engine/lesson/lesson_library.hpp"

namespace mbrl {

namespace {

// CLI11 reads integers with strtoull/strtoll in base 0: "--seed -1" wrapped to 2^64-1, "010" was
// octal 8, "0x10" hexadecimal, and a seed past 2^64-1 saturated silently. Every integer flag takes
// plain decimal digits within 64 bits (leading zeros dropped before CLI11 converts; the option's
// own type and range checks follow).
const CLI::Validator& decimal_integer() {
  static const CLI::Validator v(
      [](std::string& s) -> std::string {
        const bool digits = !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
        if (!digits) return "'" + s + "' is not a whole number >= 0 (decimal digits only)";
        uint64_t value = 0;
        if (std::from_chars(s.data(), s.data() + s.size(), value).ec != std::errc())
          return s + " is larger than " + std::to_string(UINT64_MAX);
        s = std::to_string(value);
        return "";
      },
      "UINT");
  return v;
}

// CLI::Range lets NaN through (every comparison with it is false): numbers must be finite first.
const CLI::Validator& finite_number() {
  static const CLI::Validator v(
      [](std::string& s) -> std::string {
        char* end = nullptr;
        const double x = std::strtod(s.c_str(), &end);
        if (s.empty() || end != s.c_str() + s.size()) return "'" + s + "' is not a number";
        if (!std::isfinite(x)) return "'" + s + "' is not a finite number";
        return "";
      },
      "FLOAT");
  return v;
}

void add_setup_options(CLI::App* app, RunArgs& a, std::vector<std::string>& sets) {
  app->add_option("--env", a.env, "Environment (see the list below)")->capture_default_str();
  app->add_option("--planner", a.planner, "Planner (see the list below)")->capture_default_str();
  app->add_option("--seed", a.seed, "Scenario seed: every random draw derives from it")
      ->transform(decimal_integer())
      ->capture_default_str();
  app->add_option("--threads", a.threads, "Planning threads (results do not depend on it)")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  app->add_option("--set", sets, "KEY=VALUE: planner parameter, env.KEY or mpc.KEY (repeatable)");
}

// --export and the options that shape it; the size is parsed after the command line.
void add_export_options(CLI::App* app, ExportSettings& e, std::string& size) {
  app->add_option("--export", e.path,
                  "Render every step to an animation: .gif, .mp4 (through the ffmpeg program) or .png (numbered "
                  "frames); needs the window's build and a display (xvfb-run works)")
      ->type_name("FILE");
  app->add_option("--every", e.every, "--export: every Nth step")->check(CLI::Range(1, 100000));
  app->add_option("--size", size, "--export: picture size WIDTHxHEIGHT (default 960x540)")->type_name("WxH");
  app->add_option("--fps", e.fps, "--export: frames per second (GIF: 50, 25, 20, 10, ...)")
      ->check(CLI::Range(1.0, 120.0))
      ->capture_default_str();
  app->add_flag("--panels", e.panels, "--export: include the side panels (default: the world view alone)");
  app->add_flag(
      "--no-captions", [&e](int64_t) { e.captions = false; }, "--export: lessons without the caption band");
}

std::string collect_sets(const std::vector<std::string>& items, KeyValues& out) {
  for (const auto& item : items) {
    std::pair<std::string, std::string> kv;
    if (std::string err = parse_key_value(item, kv); !err.empty()) return err;
    out.push_back(kv);
  }
  return "";
}

}  // namespace

int cli_main(int argc, char** argv, const GuiEntry& gui, const RecordingExporter& exporter) {
  CLI::App app{
      "mbrl-playground: watch model-based planners think.\n"
      "With no subcommand the window opens on the given setup (default: pendulum under MPPI)."};
  app.footer(catalog_text());
  app.require_subcommand(0, 1);

  LaunchOptions launch;
  std::vector<std::string> gui_sets;
  add_setup_options(&app, launch.setup, gui_sets);
  app.add_option("--screenshot", launch.screenshot, "Save the window as PNG after --frames frames, then exit");
  app.add_option("--frames", launch.frames, "Frames to render before --screenshot")
      ->transform(decimal_integer())
      ->check(CLI::Range(0, 1000000));
  app.add_option("--perf-frames", launch.perf_frames, "Render N frames and print frame-time percentiles")
      ->transform(decimal_integer())
      ->check(CLI::Range(0, 1000000));
  std::string gui_model;
  app.add_option("--model", gui_model,
                 "Planning model in the window: true (the env's dynamics) or ensemble (learned live by MBRL v1.5; "
                 "--set model.KEY=VALUE, loop.KEY=VALUE)")
      ->check(CLI::IsMember({"true", "nn", "ensemble"}));
  app.add_option("--settings", launch.settings_path, "Settings JSON file (default: user config directory)");
  app.add_option("--recording", launch.recording, "Open a recording (.mbrlrec): scrub it, continue live from any step")
      ->type_name("FILE");
  app.add_option("--at-step", launch.at_step, "With --recording: show this recorded step (-1: live, once re-simulated)")
      ->check(CLI::Range(int64_t(-1), int64_t(1) << 40));
  app.add_option("--save-recording", launch.save_recording,
                 "When the window closes, save its recording here (scripted sessions; File > Save recording)")
      ->type_name("FILE");

  RunArgs run;
  std::vector<std::string> run_sets;
  CLI::App* run_cmd = app.add_subcommand("run", "Run one MPC episode headless (no display needed)");
  add_setup_options(run_cmd, run, run_sets);
  run_cmd
      ->add_option("--steps", run.steps,
                   "Episode length (default: the environment's; with a learned model: each model-based episode)")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 1000000));
  run_cmd->add_option("--metrics", run.metrics_path, "Write metrics JSON to this file");
  run_cmd->add_flag("--quiet", run.quiet, "Print nothing on success");
  run_cmd
      ->add_option("--model", run.model,
                   "Planning model: true (the env's dynamics), nn or ensemble (learned by "
                   "the MBRL loop; --set model.KEY=VALUE)")
      ->capture_default_str();
  run_cmd->add_option("--loop", run.loop,
                      "MBRL loop version with a learned model: v0.5, v1.0 or v1.5 "
                      "(--set loop.KEY=VALUE; default v1.5)");
  run_cmd
      ->add_option("--save-model", run.save_model,
                   "With --model nn|ensemble: save the final trained model to this file")
      ->type_name("PATH");
  run_cmd
      ->add_option("--load-model", run.load_model,
                   "With --model nn|ensemble: start the loop from this saved model (same env; its architecture "
                   "replaces model.members/layers/width/activation/head) instead of random weights. "
                   "Evaluate it without new data: --loop v0.5 --set loop.random_episodes=0")
      ->type_name("PATH");
  run_cmd->add_option("--record", run.record_path, "Save the session as a recording (.mbrlrec) for replay")
      ->type_name("FILE");
  run_cmd->add_option("--csv", run.csv_path, "Write every step as CSV (and FILE.json with the resolved setup)")
      ->type_name("FILE");
  std::string run_size;
  add_export_options(run_cmd, run.export_, run_size);
  run_cmd->footer(catalog_text());

  ReplayArgs replay_args;
  std::string replay_size;
  CLI::App* replay_cmd = app.add_subcommand(
      "replay", "Re-simulate a recording and report the first step whose state differs (exit 1), or identical");
  replay_cmd->add_option("file", replay_args.file, "A recording (.mbrlrec)")->required();
  bool verify = true;
  replay_cmd->add_flag("--verify", verify, "Re-simulate and compare every step's state hash (what replay always does)");
  replay_cmd->add_option("--threads", replay_args.threads, "Planning threads (results do not depend on it)")
      ->check(CLI::Range(1, 64));
  replay_cmd->add_option("--csv", replay_args.csv_path, "Write every recorded step as CSV (and FILE.json)")
      ->type_name("FILE");
  replay_cmd->add_flag("--quiet", replay_args.quiet, "Print only the verdict");
  add_export_options(replay_cmd, replay_args.export_, replay_size);

  BenchArgs bench;
  CLI::App* bench_cmd = app.add_subcommand("bench", "Planning-speed benchmark: one JSON object per line");
  bench_cmd->add_option("--only", bench.only, "Run only cases whose name contains this text");
  bench_cmd->add_option("--seconds", bench.seconds_per_case, "Time spent per case")
      ->transform(finite_number())
      ->check(CLI::Range(0.01, 60.0));

  LessonArgs lesson;
  CLI::App* lesson_cmd = app.add_subcommand(
      "lesson", "Bundled lessons: list, show NAME (the resolved setup), check [NAME|FILE|--all] (headless claims)");
  lesson_cmd
      ->add_option("action", lesson.action,
                   "list, show NAME, check [NAME|--all], or a lesson's name or file to play it in the window")
      ->required();
  lesson_cmd->add_option("name", lesson.name, "A bundled lesson's id or a lesson file");
  lesson_cmd->fallthrough();  // the window's own options (--screenshot, --frames, ...) may follow the lesson
  lesson_cmd->add_flag("--all", lesson.all, "check: every bundled lesson");
  lesson_cmd->add_option("--seeds", lesson.seeds, "check: evaluate every expect on at least N seeds")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 50));
  lesson_cmd->add_option("--threads", lesson.threads, "Planning threads per lane (results do not depend on it)")
      ->transform(decimal_integer())
      ->check(CLI::Range(1, 64));
  lesson_cmd->add_option("--json", lesson.json_path, "check: write the results as JSON");
  lesson_cmd->add_option("--junit", lesson.junit_path, "check: write the results as JUnit XML");
  lesson_cmd->add_option("--csv", lesson.csv_dir, "check: write every lane's steps as CSV into this folder")
      ->type_name("DIR");
  std::string lesson_size;
  add_export_options(lesson_cmd, launch.export_, lesson_size);

  ListArgs list;
  CLI::App* list_cmd = app.add_subcommand(
      "list", "Print the registered envs (continuous|discrete) or planners (sampling|tree), one per line");
  list_cmd->add_option("what", list.what, "envs or planners")->required()->check(CLI::IsMember({"envs", "planners"}));
  list_cmd->add_flag("--json", list.json, "Print a JSON array of {name, kind, display_name}");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::fprintf(stderr, "mbrl-playground: %s (see --help)\n", e.what());
    return 2;
  }

  auto size_error = [](const char* cmd, const std::string& text, ExportSettings& e) {
    if (text.empty()) return false;
    if (std::string err = parse_size(text, e); !err.empty()) {
      std::fprintf(stderr, "mbrl-playground %s: %s\n", cmd, err.c_str());
      return true;
    }
    return false;
  };
  if (*replay_cmd) {
    if (size_error("replay", replay_size, replay_args.export_)) return 2;
    replay_args.export_.quiet = replay_args.quiet;
    return replay_command(replay_args, exporter);
  }
  if (*run_cmd) {
    if (size_error("run", run_size, run.export_)) return 2;
    run.export_.quiet = run.quiet;
    if (std::string err = collect_sets(run_sets, run.sets); !err.empty()) {
      std::fprintf(stderr, "mbrl-playground run: %s\n", err.c_str());
      return 2;
    }
    // (An unknown --model is reported by run_command.)
    if ((!run.save_model.empty() || !run.load_model.empty()) && run.model == "true") {
      std::fprintf(stderr, "mbrl-playground run: %s: needs a learned model (--model nn or --model ensemble)\n",
                   run.save_model.empty() ? "--load-model" : "--save-model");
      return 2;
    }
    return run_command(run, exporter);
  }
  if (*bench_cmd) return bench_command(bench);
  if (*list_cmd) return list_command(list);
  if (*lesson_cmd) {
    if (size_error("lesson", lesson_size, launch.export_)) return 2;
    if (lesson.action == "list" || lesson.action == "show" || lesson.action == "check") return lesson_command(lesson);
    // `lesson play NAME --export FILE`: the lesson rendered to an animation.
    if (lesson.action == "play") {
      if (lesson.name.empty() || launch.export_.path.empty()) {
        std::fprintf(stderr,
                     "mbrl-playground lesson play: expected NAME|FILE and --export FILE (or play it in the "
                     "window: lesson NAME)\n");
        return 2;
      }
      lesson.action = lesson.name;
      lesson.name.clear();
      launch.lesson_export = launch.export_.path;
    }
    // `lesson NAME|FILE`: the window plays it.
    if (!lesson.name.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson: unexpected '%s' (play one lesson: lesson NAME|FILE)\n",
                   lesson.name.c_str());
      return 2;
    }
    Lesson probe;  // a bad name or file fails here, the same way with or without a display
    if (std::string err = find_lesson(lesson.action, probe); !err.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson: %s\n", err.c_str());
      return 2;
    }
    launch.lesson = probe.file;
    launch.setup.threads = lesson.threads;
    if (std::string err = collect_sets(gui_sets, launch.setup.sets); !err.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson: %s\n", err.c_str());
      return 2;
    }
    for (const auto& kv : launch.setup.sets)
      if (kv.first.rfind("gui.", 0) != 0) {
        std::fprintf(stderr, "mbrl-playground lesson: --set %s: a lesson's setup is in its file (only gui.KEY here)\n",
                     kv.first.c_str());
        return 2;
      }
    if (!gui) {
      std::fprintf(stderr,
                   "mbrl-playground: built without the window (MBRL_BUILD_APP=OFF); check a lesson headless with "
                   "'mbrl-playground lesson check %s'\n",
                   lesson.action.c_str());
      return 1;
    }
    return gui(launch);
  }

  if (std::string err = collect_sets(gui_sets, launch.setup.sets); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground: %s\n", err.c_str());
    return 2;
  }
  launch.gui_model = gui_model;
  launch.explicit_setup =
      app.count("--env") > 0 || app.count("--planner") > 0 || !launch.setup.sets.empty() || !gui_model.empty();
  if (!gui) {
    std::fprintf(stderr,
                 "mbrl-playground: built without the window (MBRL_BUILD_APP=OFF); use 'mbrl-playground run' "
                 "for a headless episode\n");
    return 1;
  }
  return gui(launch);
}

}  // namespace mbrl
