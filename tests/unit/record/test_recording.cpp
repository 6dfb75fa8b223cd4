// Recordings: a session recorded through the engine replays bit for bit (replay --verify), a branch
// at frame k ("continue live from here") equals a fresh run with the same events, files round-trip
// and bad files give one clear message, memory stays under its caps.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <random>
#include <thread>

#include "engine/engine.hpp"
#include "engine/record/recording.hpp"
#include "engine/record/recording_io.hpp"
#include "engine/record/replay.hpp"

using namespace mbrl;

namespace {

std::unique_ptr<Engine> make(const EngineSetup& s, TrainingMode mode = TrainingMode::Synchronous, int threads = 1) {
  EngineOptions o;
  o.threads = threads;
  o.trace_cap = 16;
  o.training = mode;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(s, o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  return e;
}

EngineSetup pendulum() {
  EngineSetup s;
  s.env = "pendulum";
  s.planner = "mppi";
  s.seed = 7;
  s.sets = {{"planner.samples", "64"}, {"mpc.process_noise", "0.01"}};
  return s;
}

// A 300-step session with what a user does: parameter changes, a push, a reset, a replan while
// paused (two plans at one frame), an env parameter. Returns the events by the step they came at.
struct Scripted {
  int step;
  Event event;
};
std::vector<Scripted> script() {
  return {{0, Event::set("planner.lambda", "0.5")},          {40, Event::drag(P2(0.f, 1.f), P2(0.6f, 1.f))},
          {41, Event::set("planner.horizon", "20")},         {41, Event::plan()},
          {90, Event::set("env.max_torque", "1.5")},         {150, Event::reset(11)},
          {151, Event::set("mpc.process_noise", "0.05")},    {220, Event::set("planner.samples", "32")},
          {220, Event::drag(P2(0.f, -1.f), P2(-0.4f, -1.f))}};
}

// Drives an engine like the window's worker: events, then a plan when one is due, then a step.
void drive(Engine& e, int steps, const std::vector<Scripted>& events, int from = 0) {
  size_t next = 0;
  for (int t = from; t < steps; ++t) {
    for (; next < events.size() && events[next].step <= t; ++next) {
      if (events[next].step < from) continue;
      REQUIRE(e.apply(events[next].event).empty());
      if (e.plan_due()) e.plan();  // the worker plans at once after an edit, paused or not
    }
    if (e.plan_due()) e.plan();
    REQUIRE(e.step());
  }
}

std::filesystem::path temp_dir() {
  auto d = std::filesystem::temp_directory_path() / ("mbrl_rec_" + std::to_string(::getpid()));
  std::filesystem::create_directories(d);
  return d;
}

}  // namespace

TEST_CASE("recording: a 300-step session with edits, pushes and a reset replays identically") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  drive(*e, 300, script());
  REQUIRE(rec.last_frame() == 300);
  CHECK(rec.events().size() == script().size());
  // Frame k holds the state after k steps (the last one is the engine's own).
  CHECK(rec.frames().back().state == e->state());
  CHECK(rec.frames().back().hash == e->state_hash());
  const ReplayReport r = replay(rec, -1, EngineOptions{});
  CHECK_MESSAGE(r.identical(), r.error);
  CHECK(r.frames == 300);
  // Two threads plan the same: the recording does not depend on the thread count.
  EngineOptions two;
  two.threads = 2;
  CHECK(replay(rec, -1, two).identical());
}

TEST_CASE("recording: scrubbing to frame k shows the stored state of step k") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  std::vector<Vec> seen{e->state()};
  const auto events = script();
  size_t next = 0;
  for (int t = 0; t < 200; ++t) {
    for (; next < events.size() && events[next].step <= t; ++next) {
      REQUIRE(e->apply(events[next].event).empty());
      seen.back() = e->state();  // a push or reset changes what frame t shows
    }
    REQUIRE(e->step());
    seen.push_back(e->state());
  }
  for (int k : {0, 1, 39, 40, 41, 149, 150, 151, 199, 200}) {
    CAPTURE(k);
    CHECK(rec.frames()[size_t(k)].state == seen[size_t(k)]);
  }
  // The reset at frame 150 starts a new episode: the path shown from there starts at 150.
  CHECK(rec.episode_start(170) == 150);
  CHECK(rec.episode_start(149) == 0);
  CHECK(rec.frames()[150].ep_step == 0);
  // The plan shown at a past frame is the plan made there: its start is that frame's state.
  const auto plan = rec.plan_at(120);
  REQUIRE(plan != nullptr);
  CHECK(plan->start_state == seen[120]);
}

TEST_CASE("recording: continue live from frame k equals a fresh run with the same events up to k") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  drive(*e, 300, script());
  for (int k : {0, 41, 150, 187}) {
    CAPTURE(k);
    std::unique_ptr<Engine> branch;
    const ReplayReport r = replay(rec, k, EngineOptions{}, &branch);
    REQUIRE_MESSAGE(r.identical(), r.error);
    REQUIRE(branch);
    CHECK(branch->total_steps() == k);
    CHECK(branch->state() == rec.frames()[size_t(k)].state);
    // Then live: 60 steps with a new edit, against a fresh engine given the same events up to k.
    std::vector<Scripted> upto;
    for (const Scripted& s : script())
      if (s.step <= k) upto.push_back(s);
    auto fresh = make(pendulum());
    drive(*fresh, k, upto);
    for (const Scripted& s : upto)
      if (s.step == k) {  // events at frame k come before its step
        REQUIRE(fresh->apply(s.event).empty());
        if (fresh->plan_due()) fresh->plan();
      }
    // Live, the worker plans as soon as frame k is reached: the plan the scrubbed frame shows.
    if (fresh->plan_due()) fresh->plan();
    const std::vector<Scripted> after{{k, Event::set("planner.lambda", "2")}};
    drive(*branch, k + 60, after, k);
    drive(*fresh, k + 60, after, k);
    CHECK(branch->state() == fresh->state());
    CHECK(branch->states() == fresh->states());
  }
}

TEST_CASE("recording: a branch truncates the recording and records on from there") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  drive(*e, 120, script());
  std::unique_ptr<Engine> branch;
  REQUIRE(replay(rec, 60, EngineOptions{}, &branch).identical());
  rec.truncate_after(60);
  CHECK(rec.last_frame() == 60);
  branch->set_recording(&rec, false);
  drive(*branch, 100, {{60, Event::set("planner.lambda", "3")}}, 60);
  CHECK(rec.last_frame() == 100);
  const ReplayReport r = replay(rec, -1, EngineOptions{});
  CHECK_MESSAGE(r.identical(), r.error);
  CHECK(r.frames == 100);
}

TEST_CASE("recording: background training replays bit for bit whenever the runs finished") {
  EngineSetup s;
  s.env = "pendulum";
  s.model = "ensemble";
  s.loop = "v1.5";
  s.seed = 5;
  s.sets = {{"model.width", "16"},         {"model.members", "2"},      {"model.epochs", "3"},
            {"loop.random_episodes", "1"}, {"loop.random_steps", "30"}, {"loop.retrain_every", "25"},
            {"loop.episode_steps", "60"},  {"planner.samples", "32"},   {"loop.iterations", "100"}};
  auto e = make(s, TrainingMode::Background);
  Recording rec;
  e->set_recording(&rec);
  std::mt19937 jitter(1);
  int stepped = 0;
  for (int i = 0; i < 4000 && stepped < 150; ++i) {
    e->poll();  // when a run is taken depends on timing: the recording notes where
    if (e->plan_due()) e->plan();
    if (e->can_step() && jitter() % 3 != 0) {
      REQUIRE(e->step());
      ++stepped;
    } else {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    if (stepped == 70 && i % 2 == 0) REQUIRE(e->apply(Event::train_now()).empty());
  }
  REQUIRE(stepped == 150);
  int takes = 0;
  for (const RecordEntry& en : rec.entries()) takes += en.kind == RecordEntry::Kind::Take;
  CHECK(takes >= 2);
  const ReplayReport r = replay(rec, -1, EngineOptions{});
  CHECK_MESSAGE(r.identical(), r.error);
  CHECK(r.frames == 150);
}

TEST_CASE("recording: files round-trip and replay the same") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  drive(*e, 120, script());
  rec.bookmarks.push_back({40, "the push"});
  const auto path = (temp_dir() / "session.mbrlrec").string();
  REQUIRE(save_recording(rec, path).empty());
  std::unique_ptr<Recording> back;
  const std::string err = load_recording(path, back);
  REQUIRE_MESSAGE(err.empty(), err);
  REQUIRE(back->frames().size() == rec.frames().size());
  for (size_t k = 0; k < rec.frames().size(); ++k) {
    CHECK(back->frames()[k].state == rec.frames()[k].state);
    CHECK(back->frames()[k].hash == rec.frames()[k].hash);
  }
  CHECK(back->entries().size() == rec.entries().size());
  CHECK(back->events().size() == rec.events().size());
  CHECK(back->setup.sets == rec.setup.sets);
  REQUIRE(back->bookmarks.size() == 1);
  CHECK(back->bookmarks[0].label == "the push");
  CHECK(back->snapshot_at(100).env->params().get("max_torque") == doctest::Approx(1.5));
  CHECK(back->build == rec.build);
  const ReplayReport r = replay(*back, -1, EngineOptions{});
  CHECK_MESSAGE(r.identical(), r.error);
}

TEST_CASE("recording: corrupt, truncated and foreign files give one clear message and change nothing") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  drive(*e, 30, script());
  const auto dir = temp_dir();
  const auto good = (dir / "good.mbrlrec").string();
  REQUIRE(save_recording(rec, good).empty());
  std::string bytes;
  {
    std::ifstream f(good, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  struct Case {
    std::string name, bytes, expect;
  };
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x10;
  std::string newer = bytes;
  newer[8] = 9;
  std::vector<Case> cases{{"truncated", bytes.substr(0, bytes.size() - 100), "truncated"},
                          {"flipped", flipped, "checksum"},
                          {"newer", newer, "newer"},
                          {"empty", "", "not an mbrl-playground recording"},
                          {"json", "{\"format\": \"mbrl-playground-lesson\"}", "not an mbrl-playground recording"},
                          {"png", std::string("\x89PNG\r\n\x1a\n", 8) + std::string(64, '\0'), "not an mbrl"}};
  for (const Case& c : cases) {
    CAPTURE(c.name);
    std::unique_ptr<Recording> out;
    const std::string err = parse_recording(c.bytes, "x.mbrlrec", out);
    CHECK(err.find(c.expect) != std::string::npos);
    CHECK(err.find("x.mbrlrec") == 0);
    CHECK(err.find('\n') == std::string::npos);
    CHECK(out == nullptr);
  }
  std::unique_ptr<Recording> out;
  CHECK(load_recording(dir.string(), out).find("is a folder") != std::string::npos);
  CHECK(load_recording("/dev/zero", out).find("not a regular file") != std::string::npos);
  CHECK(load_recording((dir / "none.mbrlrec").string(), out).find("no such") != std::string::npos);
  CHECK(out == nullptr);
  CHECK(!save_recording(rec, (dir / "no" / "such" / "dir.mbrlrec").string()).empty());
}

TEST_CASE("recording: memory stays under its caps, the log and hashes survive and still replay") {
  RecordLimits lim;
  lim.frame_bytes = 3000;  // about 250 frames of a pendulum (2 state, 1 action floats)
  lim.trace_bytes = 200000;
  auto e = make(pendulum());
  Recording rec(lim);
  e->set_recording(&rec);
  drive(*e, 600, script());
  CHECK(rec.frame_bytes() <= lim.frame_bytes);
  CHECK(!rec.full());
  CHECK(rec.trace_bytes() <= lim.trace_bytes);
  CHECK(rec.first_detailed() > 0);
  CHECK(!rec.frames().front().detail);
  CHECK(rec.frames().back().detail);
  CHECK(rec.note().find("memory cap") != std::string::npos);
  CHECK(rec.plan_at(10) == nullptr);
  CHECK(rec.plan_at(599) != nullptr);
  const ReplayReport r = replay(rec, -1, EngineOptions{});
  CHECK_MESSAGE(r.identical(), r.error);
}

TEST_CASE("recording: past the log cap the recording stops cleanly and what it has replays") {
  RecordLimits lim;
  lim.log_bytes = 100 * (sizeof(RecordFrame) + 2 * sizeof(RecordEntry));
  auto e = make(pendulum());
  Recording rec(lim);
  e->set_recording(&rec);
  drive(*e, 200, script());
  CHECK(rec.full());
  CHECK(rec.last_frame() < 200);
  CHECK(rec.last_frame() > 50);
  CHECK(rec.note().find("stopped at frame") != std::string::npos);
  const ReplayReport r = replay(rec, -1, EngineOptions{});
  CHECK_MESSAGE(r.identical(), r.error);
  CHECK(r.frames == rec.last_frame());
}

TEST_CASE("recording: a changed engine is caught at the first differing frame") {
  auto e = make(pendulum());
  Recording rec;
  e->set_recording(&rec);
  drive(*e, 50, {});
  // The same log on another seed's setup diverges at once (the pendulum starts hanging down
  // whatever the seed: the planner's samples differ from the first step).
  rec.setup.seed = 8;
  const ReplayReport r = replay(rec, -1, EngineOptions{});
  CHECK(!r.identical());
  CHECK(r.first_diff == 1);
  rec.setup.seed = 7;
  rec.setup.sets.emplace_back("planner.lambda", "0.9");
  const ReplayReport r2 = replay(rec, -1, EngineOptions{});
  CHECK(r2.first_diff == 1);
  CHECK(r2.error.find("frame 1 differs") != std::string::npos);
}
