// Save as lesson: the recording's setup and events become a lesson whose play gives the recorded
// states, and whose own check (the last episode's cost) holds under `lesson check`.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <filesystem>

#include <unistd.h>

#include "engine/lesson/lesson.hpp"
#include "engine/lesson/lesson_player.hpp"
#include "engine/record/recording.hpp"
#include "engine/record/recording_lesson.hpp"

using namespace mbrl;

namespace {
std::unique_ptr<Engine> make(const EngineSetup& s) {
  EngineOptions o;
  o.threads = 1;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(s, o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  return e;
}

// The window's worker: events, a plan as soon as one is due, a step.
void act(Engine& e, const Event& ev) {
  REQUIRE(e.apply(ev).empty());
  if (e.plan_due()) e.plan();
}
void steps(Engine& e, int n) {
  for (int i = 0; i < n; ++i) {
    if (e.plan_due()) e.plan();
    REQUIRE(e.step());
  }
}
}  // namespace

TEST_CASE("recording: save as lesson, then the lesson plays the recorded states and its check holds") {
  EngineSetup s;
  s.env = "pendulum";
  s.planner = "mppi";
  s.seed = 4;
  s.sets = {{"planner.samples", "48"}, {"mpc.process_noise", "0.02"}};
  auto e = make(s);
  Recording rec;
  e->set_recording(&rec);
  steps(*e, 30);
  act(*e, Event::set("planner.lambda", "0.3"));
  act(*e, Event::set("planner.horizon", "18"));  // two edits while paused: two plans at one frame
  steps(*e, 40);
  act(*e, Event::drag(P2(0.f, 1.f), P2(0.5f, 1.f)));
  steps(*e, 50);
  act(*e, Event::reset(9));
  steps(*e, 60);
  act(*e, Event::planner("cem"));
  steps(*e, 20);

  const auto dir = std::filesystem::temp_directory_path() / ("mbrl_rl_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "My Demo.json").string();
  REQUIRE(save_recording_as_lesson(rec, path).empty());
  Lesson lesson;
  const std::string err = load_lesson(path, lesson);
  REQUIRE_MESSAGE(err.empty(), err);
  CHECK(lesson.meta.id == "my-demo");
  LessonPlayer player(lesson, 0, 1);
  while (!player.finished()) player.advance();
  const Engine& lane = player.lane(0);
  CHECK(lane.total_steps() == rec.last_frame());
  CHECK(lane.state() == rec.frames().back().state);
  // The last episode, step by step.
  const int64_t start = rec.episode_start(rec.last_frame());
  REQUIRE(int64_t(lane.states().size()) == rec.last_frame() - start + 1);
  for (size_t k = 0; k < lane.states().size(); ++k) CHECK(lane.states()[k] == rec.frames()[size_t(start) + k].state);
  const LessonReport report = check_lesson(lesson);
  REQUIRE(report.checks.size() == 1);
  CHECK(report.checks[0].pass);
  CHECK(report.required_ok());
}
