// The window's lesson session (GL-free): played by its worker, the lanes end where the headless
// player ends them, bit for bit; back() lands on the previous stop with the states of playing
// forward to it; a pause waits for next(); an edit of one lane goes to that lane only.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "app/gui/lesson_session.hpp"
#include "engine/lesson/lesson_library.hpp"

using namespace mbrl;
using namespace mbrl::gui;

namespace {

Lesson bundled(const char* name) {
  Lesson l;
  const std::string err = find_lesson(name, l);
  REQUIRE_MESSAGE(err.empty(), err);
  return l;
}

// Waits (bounded) until `done` holds for the synced view.
template <class F>
LessonView wait_for(LessonSession& s, F done) {
  LessonView v;
  for (int i = 0; i < 6000; ++i) {
    s.advance(0.05, 1.0, true);
    s.sync(v);
    if (done(v)) return v;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  FAIL("timed out");
  return v;
}

}  // namespace

TEST_CASE("lesson session: played in the window, the lanes end where the headless player ends them") {
  const Lesson l = bundled("mppi-lambda");
  LessonSession s(l, 2, 50, /*autoplay=*/true);
  const LessonView v = wait_for(s, [](const LessonView& v) { return v.finished && !v.busy; });
  LessonPlayer p(l);
  while (!p.finished()) p.advance();
  REQUIRE(v.lanes.size() == p.lanes());
  for (size_t i = 0; i < p.lanes(); ++i) CHECK(hash_state(v.lanes[i].state) == hash_state(p.lane(i).state()));
  CHECK(v.checks.size() == p.checks().size());
  CHECK_FALSE(v.caption.empty());
}

TEST_CASE("lesson session: a pause waits for next(), back() replays to the previous stop, an edit reaches one lane") {
  const Lesson l = bundled("mppi-lambda");
  LessonSession s(l, 2, 50, /*autoplay=*/false);
  LessonView v = wait_for(s, [](const LessonView& v) { return v.waiting; });
  const size_t first_stop = v.position;
  REQUIRE(l.timeline[first_stop].op == LessonStep::Op::Pause);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  s.sync(v);
  CHECK(v.position == first_stop);  // still waiting
  s.next();
  v = wait_for(s, [&](const LessonView& v) { return v.waiting && v.position > first_stop; });
  const size_t second_stop = v.position;  // the question
  REQUIRE(l.timeline[second_stop].op == LessonStep::Op::Question);
  s.back();
  v = wait_for(s, [&](const LessonView& v) { return !v.busy && v.position == first_stop; });
  LessonPlayer p(l);
  p.play_to(first_stop);
  for (size_t i = 0; i < p.lanes(); ++i) CHECK(hash_state(v.lanes[i].state) == hash_state(p.lane(i).state()));
  // A student's edit of lane 1 only.
  s.apply(1, Event::set("planner.samples", "50"));
  v = wait_for(s, [](const LessonView& v) { return v.lanes[1].planner_params.get("samples") == 50; });
  CHECK(v.lanes[0].planner_params.get("samples") == 200);
  s.apply(0, Event::set("planner.samples", "-1"));
  v = wait_for(s, [](const LessonView& v) { return !v.message.empty(); });
  CHECK(v.message.find("planner.samples") != std::string::npos);
}
