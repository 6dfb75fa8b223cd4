// `mbrl-playground lesson list | show NAME | check [NAME|FILE|--all]`: the bundled lessons
// (assets/lessons), the setup a lesson resolves to, and its claims checked headless.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

#include <nlohmann/json.hpp>

#include "app/cli/commands.hpp"
#include "engine/lesson/lesson_library.hpp"
#include "engine/lesson/lesson_player.hpp"

namespace mbrl {

namespace {
namespace fs = std::filesystem;

nlohmann::json json_number(double x) { return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json(nullptr); }

std::string xml_escape(const std::string& s) {
  std::string o;
  for (char c : s) {
    switch (c) {
      case '&':
        o += "&amp;";
        break;
      case '<':
        o += "&lt;";
        break;
      case '>':
        o += "&gt;";
        break;
      case '"':
        o += "&quot;";
        break;
      default:
        o += c;
    }
  }
  return o;
}

int list() {
  std::map<std::string, std::vector<Lesson>> by_lecture;
  int bad = 0;
  for (const std::string& f : bundled_lesson_files()) {
    Lesson l;
    if (std::string err = load_lesson(f, l); !err.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson list: %s\n", err.c_str());
      ++bad;
      continue;
    }
    by_lecture[l.meta.lecture].push_back(std::move(l));
  }
  for (const auto& [lecture, lessons] : by_lecture) {
    std::printf("lecture %s\n", lecture.c_str());
    for (const Lesson& l : lessons)
      std::printf("  %-22s %s (%g min)\n  %-22s   %s\n", l.meta.id.c_str(), l.meta.title.c_str(), l.meta.minutes, "",
                  l.meta.goal.c_str());
  }
  return bad ? 2 : 0;
}

int show(const std::string& name) {
  Lesson l;
  if (std::string err = find_lesson(name, l); !err.empty()) {
    std::fprintf(stderr, "mbrl-playground lesson show: %s\n", err.c_str());
    return 2;
  }
  std::printf("%s: %s\n  lecture %s: %s\n  goal: %s\n  file: %s\n", l.meta.id.c_str(), l.meta.title.c_str(),
              l.meta.lecture.c_str(), l.meta.topic.c_str(), l.meta.goal.c_str(), l.file.c_str());
  LessonPlayer p(l, 0, 1);
  for (size_t i = 0; i < p.lanes(); ++i) {
    const Engine& e = p.lane(i);
    std::printf("lane %s (%s): env %s, planner %s, model %s, seed %llu\n", p.lane_info(i).id.c_str(),
                p.lane_info(i).label.c_str(), e.env_name().c_str(), e.planner_name().c_str(), e.model_kind().c_str(),
                (unsigned long long)e.seed());
    for (const auto& [k, v] : e.params().items()) {
      if (!e.learned() && (k.rfind("model.", 0) == 0 || k.rfind("loop.", 0) == 0)) continue;
      std::printf("  %s = %s\n", k.c_str(), v.c_str());
    }
  }
  std::printf("timeline: %zu steps\n", l.timeline.size());
  return 0;
}

}  // namespace

int lesson_command(const LessonArgs& args) {
  if (args.action == "list") return list();
  if (args.action == "show") {
    if (args.name.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson show: expected a lesson name or file\n");
      return 2;
    }
    return show(args.name);
  }
  // check
  std::vector<std::string> names;
  if (args.all) {
    names = bundled_lesson_files();
    if (names.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson check: no lessons in %s\n", lessons_dir().c_str());
      return 2;
    }
  } else if (!args.name.empty()) {
    names.push_back(args.name);
  } else {
    std::fprintf(stderr, "mbrl-playground lesson check: expected a lesson name, a file or --all\n");
    return 2;
  }
  std::vector<Lesson> lessons;
  for (const std::string& n : names) {
    Lesson l;
    if (std::string err = find_lesson(n, l); !err.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson check: %s\n", err.c_str());
      return 2;
    }
    lessons.push_back(std::move(l));
  }
  int passed = 0, failed = 0;
  bool required_ok = true;
  nlohmann::json out = nlohmann::json::object();
  out["lessons"] = nlohmann::json::array();
  std::string junit = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites>\n";
  if (!args.csv_dir.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(args.csv_dir, ec)) {
      std::fprintf(stderr, "mbrl-playground lesson check: --csv %s: expected an existing folder\n",
                   args.csv_dir.c_str());
      return 2;
    }
  }
  for (const Lesson& l : lessons) {
    const LessonReport rep = check_lesson(l, args.seeds, args.threads, args.csv_dir);
    if (!rep.csv_error.empty()) {
      std::fprintf(stderr, "mbrl-playground lesson check: --csv: %s\n", rep.csv_error.c_str());
      return 2;
    }
    for (const std::string& f : rep.csv_files) std::printf("wrote %s\n", f.c_str());
    nlohmann::json jl = {{"id", rep.id}, {"file", rep.file}, {"checks", nlohmann::json::array()}};
    junit += "  <testsuite name=\"" + xml_escape(rep.id) + "\" tests=\"" + std::to_string(rep.checks.size()) +
             "\" failures=\"" + std::to_string(rep.failed()) + "\">\n";
    for (const CheckReport& c : rep.checks) {
      char seeds[64] = "";
      if (c.seeds > 1) std::snprintf(seeds, sizeof seeds, " (%d of %d seeds, need %g)", c.passes, c.seeds, c.rate);
      std::printf("%s  %s: %s: actual %s, expected %s %s%s%s%s\n", c.pass ? "PASS" : (c.required ? "FAIL" : "warn"),
                  rep.id.c_str(), c.name.c_str(), format_metric(c.actual).c_str(), compare_symbol(c.cmp),
                  format_metric(c.expected).c_str(), seeds, c.note.empty() ? "" : " -- ", c.note.c_str());
      jl["checks"].push_back({{"name", c.name},
                              {"pointer", c.pointer},
                              {"actual", json_number(c.actual)},
                              {"cmp", compare_symbol(c.cmp)},
                              {"expected", json_number(c.expected)},
                              {"seeds", c.seeds},
                              {"passes", c.passes},
                              {"rate", c.rate},
                              {"required", c.required},
                              {"pass", c.pass},
                              {"note", c.note}});
      junit += "    <testcase classname=\"" + xml_escape(rep.id) + "\" name=\"" + xml_escape(c.name) + "\"";
      if (c.pass) {
        junit += "/>\n";
      } else {
        junit += "><failure message=\"actual " + xml_escape(format_metric(c.actual)) + ", expected " +
                 xml_escape(compare_symbol(c.cmp)) + " " + xml_escape(format_metric(c.expected)) + "\"/></testcase>\n";
      }
    }
    junit += "  </testsuite>\n";
    passed += rep.passed();
    failed += rep.failed();
    required_ok = required_ok && rep.required_ok();
    out["lessons"].push_back(jl);
  }
  junit += "</testsuites>\n";
  out["passed"] = passed;
  out["failed"] = failed;
  std::printf("%d passed, %d failed\n", passed, failed);
  auto write = [](const std::string& path, const std::string& text, const char* flag) {
    std::ofstream f(path);
    if (f) f << text;
    if (!f) {
      std::fprintf(stderr, "mbrl-playground lesson check: %s %s: cannot write the file\n", flag, path.c_str());
      return false;
    }
    return true;
  };
  if (!args.json_path.empty() && !write(args.json_path, out.dump(1) + "\n", "--json")) return 2;
  if (!args.junit_path.empty() && !write(args.junit_path, junit, "--junit")) return 2;
  return required_ok ? 0 : 1;
}

}  // namespace mbrl
