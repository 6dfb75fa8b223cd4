// The exports' GL-free parts: which frames an export draws, the provenance it writes, the GIF
// palette's hint colours, the default folder; and the lesson session played on the caller's thread
// (lesson play --export), which ends where the headless player ends, one stepped tick per env step.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "app/gui/export/export_plan.hpp"
#include "app/gui/lesson_session.hpp"
#include "engine/lesson/lesson_library.hpp"

using namespace mbrl;
using namespace mbrl::gui;

namespace {

// Sets an environment variable for the scope (restored after).
struct ScopedEnv {
  std::string name, old;
  bool had = false;
  ScopedEnv(const char* n, const char* value) : name(n) {
    if (const char* v = std::getenv(n)) had = true, old = v;
    if (value)
      setenv(n, value, 1);
    else
      unsetenv(n);
  }
  ~ScopedEnv() {
    if (had)
      setenv(name.c_str(), old.c_str(), 1);
    else
      unsetenv(name.c_str());
  }
};

}  // namespace

TEST_CASE("export range: by default every step, one frame each (a 100-step run gives 100 / every frames)") {
  ExportSettings s;
  FrameRange r;
  REQUIRE(resolve_range(s, 100, r) == "");
  CHECK(r.first == 0);
  CHECK(r.last == 99);
  CHECK(r.count() == 100);
  s.every = 2;
  REQUIRE(resolve_range(s, 100, r) == "");
  CHECK(r.count() == 50);
  CHECK(r.at(0) == 0);
  CHECK(r.at(49) == 98);
  s.every = 3;
  REQUIRE(resolve_range(s, 100, r) == "");
  CHECK(r.count() == 34);  // 0, 3, ..., 99
  CHECK(r.at(r.count() - 1) == 99);
  // A recording without steps: its one frame.
  s.every = 1;
  REQUIRE(resolve_range(s, 0, r) == "");
  CHECK(r.count() == 1);
}

TEST_CASE("export range: an explicit range is inclusive, a bad one is refused naming it") {
  ExportSettings s;
  s.first = 10;
  s.last = 20;
  s.every = 5;
  FrameRange r;
  REQUIRE(resolve_range(s, 100, r) == "");
  CHECK(r.count() == 3);  // 10, 15, 20
  CHECK(r.at(2) == 20);
  s.last = 101;
  CHECK(resolve_range(s, 100, r).find("101") != std::string::npos);
  s.first = 30;
  s.last = 20;
  CHECK(resolve_range(s, 100, r).find("nothing to export") != std::string::npos);
  s.first = -1;
  CHECK(resolve_range(s, 100, r) != "");
  s = ExportSettings{};
  s.every = 0;
  CHECK(resolve_range(s, 100, r).find("--every") != std::string::npos);
  CHECK(resolve_range(ExportSettings{}, -1, r) != "");
}

TEST_CASE("export provenance: version, build, a setup hash that follows the setup, the step range") {
  EngineSetup a;
  a.sets = {{"samples", "200"}};
  EngineSetup b = a;
  CHECK(setup_hash(a) == setup_hash(b));
  CHECK(setup_hash(a).size() == 16);
  b.seed = 1;
  CHECK(setup_hash(a) != setup_hash(b));
  b = a;
  b.sets[0].second = "201";
  CHECK(setup_hash(a) != setup_hash(b));
  b = a;
  b.env = "pendulu";
  b.planner = "mmppi";  // the fields are kept apart: moving a letter across them changes the hash
  CHECK(setup_hash(a) != setup_hash(b));

  FrameRange r;
  r.first = 0, r.last = 98, r.every = 2;
  const media::Metadata m = provenance(a, r, "recording");
  auto value = [&](const std::string& key) {
    for (const auto& [k, v] : m)
      if (k == key) return v;
    return std::string("(none)");
  };
  CHECK(value("Software").rfind("mbrl-playground ", 0) == 0);
  CHECK(value("build") != "(none)");
  CHECK(value("setup_hash") == setup_hash(a));
  CHECK(value("steps") == "0-98");
  CHECK(value("every") == "2");
  CHECK(value("env") == "pendulum");
  CHECK(value("sets") == "samples=200");
  for (const auto& [k, v] : m) {  // PNG keywords: 1 to 79 characters, no '='
    CHECK(!k.empty());
    CHECK(k.size() < 80);
    CHECK(k.find('=') == std::string::npos);
    CHECK(v.find('\n') == std::string::npos);
  }
}

TEST_CASE("export palette hints: the background first, the overlay colours and the trajectory ramp, distinct") {
  for (Theme t : {Theme::Dark, Theme::Projector}) {
    const std::vector<media::Rgb8> h = palette_hints(t, {Rgba{1.f, 0.f, 0.f, 1.f}});
    REQUIRE(h.size() >= 10);
    CHECK(h.size() <= 256);
    const Rgba bg = palette(t).background;
    CHECK(int(h[0].r) == int(std::lround(bg.r * 255.f)));
    CHECK(int(h[0].g) == int(std::lround(bg.g * 255.f)));
    CHECK(int(h[0].b) == int(std::lround(bg.b * 255.f)));
    for (size_t i = 0; i < h.size(); ++i)
      for (size_t j = i + 1; j < h.size(); ++j) CHECK_FALSE(h[i] == h[j]);
    CHECK(std::find(h.begin(), h.end(), media::Rgb8{255, 0, 0}) != h.end());  // the extra colour
  }
}

TEST_CASE("export folder: $XDG_VIDEOS_DIR, else user-dirs.dirs, else ~/Videos, else ./exports") {
  namespace fs = std::filesystem;
  const fs::path home = fs::temp_directory_path() / "mbrl-export-home";
  fs::remove_all(home);
  fs::create_directories(home / ".config");
  ScopedEnv h("HOME", home.c_str());
  ScopedEnv cfg("XDG_CONFIG_HOME", nullptr);
  {
    ScopedEnv v("XDG_VIDEOS_DIR", "/media/films");
    CHECK(default_export_dir() == "/media/films/mbrl-playground");
  }
  ScopedEnv v("XDG_VIDEOS_DIR", nullptr);
  CHECK(default_export_dir() == (fs::current_path() / "exports").string());  // no Videos folder
  fs::create_directories(home / "Videos");
  CHECK(default_export_dir() == (home / "Videos/mbrl-playground").string());
  std::ofstream(home / ".config/user-dirs.dirs") << "# comment\nXDG_VIDEOS_DIR=\"$HOME/Filme\"\n";
  CHECK(default_export_dir() == (home / "Filme/mbrl-playground").string());
  // A videos folder that is $HOME itself (no such folder set up) is not used.
  std::ofstream(home / ".config/user-dirs.dirs") << "XDG_VIDEOS_DIR=\"$HOME/\"\n";
  CHECK(default_export_dir() == (home / "Videos/mbrl-playground").string());
  const std::string p = default_export_path("/x", "pendulum", "mppi", "gif");
  CHECK(p.rfind("/x/pendulum-mppi-", 0) == 0);
  CHECK(p.size() == std::string("/x/pendulum-mppi-YYYYmmdd-HHMMSS.gif").size());
  fs::remove_all(home);
}

TEST_CASE("lesson session without a worker: play_tick() plays to the end, one stepped tick per env step") {
  Lesson l;
  REQUIRE(find_lesson("mppi-lambda", l) == "");
  int run_steps = 0;
  for (const LessonStep& st : l.timeline)
    if (st.op == LessonStep::Op::Run) run_steps += st.steps;
  LessonSession s(l, 2, 50, /*autoplay=*/true, /*threaded=*/false);
  int stepped_ticks = 0, ticks = 0;
  bool stepped = false;
  LessonView v;
  while (s.play_tick(stepped)) {
    ++ticks;
    stepped_ticks += stepped;
    if (stepped) {
      s.sync(v);
      CHECK(!v.waiting);  // pauses and questions go on by themselves
    }
  }
  CHECK(stepped_ticks == run_steps);
  CHECK(ticks > stepped_ticks);  // the captions, pauses, questions and checks were played too
  s.sync(v);
  CHECK(v.finished);
  LessonPlayer p(l);
  while (!p.finished()) p.advance();
  REQUIRE(v.lanes.size() == p.lanes());
  for (size_t i = 0; i < p.lanes(); ++i) CHECK(hash_state(v.lanes[i].state) == hash_state(p.lane(i).state()));
  CHECK_FALSE(s.play_tick(stepped));
}
