// Lessons (engine/lesson): a lesson plays bit for bit the same twice and with 1 vs 2 threads, going
// back a step equals playing from the start to it, and every kind of malformed lesson is refused
// with one line naming the file, the JSON pointer and what was expected.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "engine/lesson/lesson_player.hpp"

using namespace mbrl;
namespace fs = std::filesystem;

namespace {

// A small lesson with two lanes, a set in one lane, a reset, and checks of both kinds.
const char* kLesson = R"({
  "format": "mbrl-playground-lesson", "format_version": 1,
  "meta": {"id": "t", "title": "Test", "lecture": "000", "topic": "MPPI", "goal": "g", "minutes": 1},
  "setup": {"env": "pendulum", "planner": "mppi", "seed": 3,
            "params": {"planner.samples": 64, "mpc.process_noise": 0.02}},
  "lanes": [
    {"id": "a", "label": "lambda 0.1", "params": {"planner.lambda": 0.1}},
    {"id": "b", "label": "shooting", "planner": "shooting"}
  ],
  "timeline": [
    {"op": "caption", "text": "go"},
    {"op": "run", "steps": 12},
    {"op": "set", "key": "planner.horizon", "value": 20, "lane": "a"},
    {"op": "pause"},
    {"op": "run", "steps": 9},
    {"op": "expect", "name": "ess small", "metric": "ess_fraction", "lane": "a", "cmp": "<", "value": 0.5},
    {"op": "expect", "name": "costs compare", "metric": "cost", "lane": "a", "cmp": "<",
     "value": {"lane": "b", "metric": "cost", "scale": 100}},
    {"op": "reset"},
    {"op": "run", "steps": 5}
  ]
})";

Lesson parsed(const std::string& text = kLesson) {
  Lesson l;
  const std::string err = parse_lesson(text, "test.json", l);
  REQUIRE_MESSAGE(err.empty(), err);
  return l;
}

// The hash of every lane after every env step of the whole lesson.
std::vector<uint64_t> hashes(const Lesson& l, int threads) {
  LessonPlayer p(l, 0, threads);
  std::vector<uint64_t> h;
  while (!p.finished()) {
    p.tick();
    h.push_back(p.hash());
  }
  return h;
}

std::string error_of(const std::string& text) {
  Lesson l;
  return parse_lesson(text, "bad.json", l);
}

std::string with(const std::string& from, const std::string& to) {
  std::string s = kLesson;
  const size_t at = s.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, from);
  return s.replace(at, from.size(), to);
}

}  // namespace

TEST_CASE("lesson: played twice, and with 1 vs 2 threads, every step's state is bit-identical") {
  const Lesson l = parsed();
  const auto a = hashes(l, 2), b = hashes(l, 2), c = hashes(l, 1);
  REQUIRE(a.size() > 20);
  CHECK(a == b);
  CHECK(a == c);
}

TEST_CASE("lesson: going back a step equals playing from the start to that step") {
  const Lesson l = parsed();
  LessonPlayer forward(l);
  std::vector<uint64_t> at;  // hash at each timeline position
  while (!forward.finished()) {
    at.push_back(forward.hash());
    forward.advance();
  }
  LessonPlayer back(l);
  for (size_t k = at.size(); k-- > 0;) {
    back.play_to(k);
    CHECK(back.position() == k);
    CHECK_MESSAGE(back.hash() == at[k], "timeline step " << k);
  }
}

TEST_CASE("lesson: expects are measured on their lanes and a reset returns to the lesson's start") {
  const Lesson l = parsed();
  LessonPlayer p(l);
  while (!p.finished()) p.advance();
  REQUIRE(p.checks().size() == 2);
  CHECK(p.checks()[0].pass);
  CHECK(p.checks()[0].actual < 0.5);
  CHECK(p.checks()[1].expected > 0);
  // After the reset the lanes restarted from the start state and ran 5 steps.
  CHECK(p.lane(0).step_index() == 5);
  CHECK(p.lane(0).params().find("planner")->get("horizon") == 30);  // the set was undone by the reset
  const LessonReport rep = check_lesson(l);
  CHECK(rep.passed() == 2);
  CHECK(rep.required_ok());
}

TEST_CASE("lesson: malformed lessons give one line naming the file, the JSON pointer and what was expected") {
  struct Case {
    std::string text;
    std::vector<std::string> says;
  };
  const Case cases[] = {
      {"{", {"bad.json", "not valid JSON"}},
      {"[]", {"bad.json", "expected an object"}},
      {with("\"format_version\": 1", "\"format_version\": 99"), {"/format_version", "version 99"}},
      {with("\"format_version\": 1", "\"format_version\": \"1\""), {"/format_version", "expected a number"}},
      {with("\"op\": \"pause\"", "\"op\": \"dance\""), {"/timeline/3/op", "expected one of", "dance"}},
      {with("\"planner.samples\": 64", "\"planner.nosuch\": 64"),
       {"/setup/params/planner.nosuch", "unknown parameter"}},
      {with("\"value\": 20, \"lane\": \"a\"", "\"value\": 5000, \"lane\": \"a\""),
       {"/timeline/2/value", "horizon", "out of range"}},
      {with("\"lane\": \"a\"}", "\"lane\": \"zz\"}"), {"/timeline/2/lane", "no lane 'zz'", "a, b"}},
      {with("\"metric\": \"ess_fraction\"", "\"metric\": \"happiness\""), {"/timeline/5/metric", "unknown metric"}},
      {with("\"steps\": 12", "\"steps\": -3"), {"/timeline/1/steps", "[1, 100000]"}},
      {with("\"caption\", \"text\": \"go\"", "\"caption\", \"txt\": \"go\""), {"/timeline/0/text", "required"}},
      {with("\"id\": \"b\", \"label\"", "\"id\": \"a\", \"label\""), {"/lanes/1/id", "used twice"}},
      {with("\"env\": \"pendulum\"", "\"env\": \"moon\""), {"/setup/env", "unknown environment 'moon'"}},
      {std::string(100000, '[') + std::string(100000, ']'), {"bad.json", "nested deeper than"}},
      {with("\"lanes\": [", "\"ui\": {\"camera\": [1, 0, 0, 1]}, \"lanes\": ["), {"/ui/camera", "x1 > x0"}},
      {with("\"lanes\": [", "\"ui\": {\"overlays\": [\"rainbow\"]}, \"lanes\": ["), {"/ui/overlays", "rainbow"}},
  };
  for (const Case& c : cases) {
    const std::string err = error_of(c.text);
    CAPTURE(c.text.substr(0, 80));
    CHECK_MESSAGE(!err.empty(), "accepted");
    CHECK(err.find('\n') == std::string::npos);
    for (const std::string& s : c.says) CHECK_MESSAGE(err.find(s) != std::string::npos, err);
  }
}

TEST_CASE("lesson: missing, folder, huge and unreadable files are refused by name, and nothing is loaded") {
  const fs::path dir = fs::temp_directory_path() / "mbrl_lesson_files";
  fs::create_directories(dir);
  Lesson l = parsed();
  const std::string id = l.meta.id;
  CHECK(load_lesson((dir / "none.json").string(), l).find("no such lesson file") != std::string::npos);
  CHECK(load_lesson(dir.string(), l).find("is a folder") != std::string::npos);
  {
    std::ofstream big(dir / "big.json", std::ios::binary);
    big.seekp(100 * 1000 * 1000);
    big.put(' ');
  }
  const std::string err = load_lesson((dir / "big.json").string(), l);
  CHECK_MESSAGE(err.find("larger than any lesson") != std::string::npos, err);
  CHECK(load_lesson("/dev/zero", l).find("not a regular file") != std::string::npos);
  CHECK(l.meta.id == id);  // untouched
  fs::remove_all(dir);
}

TEST_CASE("lesson metrics: an MCTS root is visited once per simulation, replans' predicted costs spread") {
  const Lesson l = parsed(R"({
    "format": "mbrl-playground-lesson", "format_version": 1,
    "meta": {"id": "m", "title": "Metrics", "lecture": "001", "topic": "UCT", "goal": "g"},
    "setup": {"env": "pendulum_discrete", "planner": "mcts", "seed": 1,
              "params": {"planner.simulations": 60, "planner.reuse_tree": false}},
    "timeline": [
      {"op": "run", "steps": 6},
      {"op": "expect", "name": "visits", "metric": "tree_visits", "cmp": "==", "value": 60},
      {"op": "expect", "name": "spread", "metric": "plan_cost_std", "cmp": ">", "value": 0},
      {"op": "expect", "name": "one plan per step", "metric": "plans", "cmp": "==", "value": 6}
    ]})");
  LessonPlayer p(l);
  while (!p.finished()) p.advance();
  REQUIRE(p.checks().size() == 3);
  for (const CheckOutcome& c : p.checks()) CHECK_MESSAGE(c.pass, c.name << ": " << c.actual);
}

TEST_CASE("lesson metrics: distance to the goal and collisions come from the environment's verdict") {
  const Lesson l = parsed(R"({
    "format": "mbrl-playground-lesson", "format_version": 1,
    "meta": {"id": "d", "title": "Distance", "lecture": "001", "topic": "MPC", "goal": "g"},
    "setup": {"env": "navigation", "planner": "mppi", "seed": 2, "params": {"planner.samples": 300}},
    "lanes": [{"id": "mppi"}, {"id": "blind", "params": {"planner.samples": 1, "planner.sigma": 3}}],
    "timeline": [
      {"op": "run", "steps": 150},
      {"op": "expect", "name": "near the goal", "metric": "distance", "lane": "mppi", "cmp": "<",
       "value": {"lane": "blind", "metric": "distance"}},
      {"op": "expect", "name": "no collision", "metric": "collisions", "lane": "mppi", "cmp": "==", "value": 0},
      {"op": "expect", "name": "pendulum has none", "metric": "collisions", "lane": "mppi", "cmp": ">=", "value": 0}
    ]})");
  LessonPlayer p(l);
  while (!p.finished()) p.advance();
  REQUIRE(p.checks().size() == 3);
  CHECK_MESSAGE(p.checks()[0].pass, p.checks()[0].actual << " vs " << p.checks()[0].expected);
  CHECK(p.checks()[0].actual == doctest::Approx(p.lane(0).outcome().distance));
  CHECK(p.checks()[1].pass);
  // The pendulum states no collisions: the metric is NaN with a reason, and the check fails.
  const Lesson pend = parsed(R"({
    "format": "mbrl-playground-lesson", "format_version": 1,
    "meta": {"id": "p", "title": "P", "lecture": "001", "topic": "MPC", "goal": "g"},
    "setup": {"env": "pendulum", "planner": "mppi", "params": {"planner.samples": 200}},
    "timeline": [{"op": "run", "steps": 150},
                 {"op": "expect", "name": "upright", "metric": "distance", "cmp": "<", "value": 0.1},
                 {"op": "expect", "name": "no such thing", "metric": "collisions", "cmp": "==", "value": 0}]})");
  LessonPlayer q(pend);
  while (!q.finished()) q.advance();
  CHECK(q.checks()[0].pass);
  CHECK_FALSE(q.checks()[1].pass);
  CHECK(q.checks()[1].note.find("no collisions") != std::string::npos);
}
