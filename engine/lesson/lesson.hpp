#pragma once
// A lesson: a scripted scenario that plays in the window with captions and that `lesson check`
// verifies headless (assets/lessons/README.md documents the file). In memory it is the file's
// meaning, already checked: every lane builds, every parameter is in range, every reference
// resolves. Loading never half-succeeds: a bad file gives one message naming the file, the JSON
// pointer of the bad value and what was expected.
#include <cstdint>
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace mbrl {

constexpr int kLessonFormatVersion = 1;

struct LessonMeta {
  std::string id, title;
  std::string lecture;  // the lecture material it teaches (seed file), e.g. "000"
  std::string topic;    // the slide idea, in the lecture's words
  std::string goal;     // the learning goal, one sentence
  double minutes = 5;
};

// What the window shows (ignored headless).
struct LessonUi {
  std::vector<std::string> panels, overlays;  // shown; an empty list keeps the defaults
  std::vector<std::string> locked, hidden;    // scoped parameter keys
  std::string theme;                          // "" | dark | projector
  bool has_camera = false;                    // frame this world rectangle (else the env's default view)
  Rect2 camera;
};

struct LessonLane {
  std::string id, label, color;  // color: "#RRGGBB" ("" = the palette's)
  EngineSetup setup;             // the lesson's setup with this lane's overrides
  // Where each of setup.sets and the names came from in the file (JSON pointers, for messages).
  std::vector<std::string> set_pointers;
  std::string env_pointer = "/setup/env", planner_pointer = "/setup/planner", model_pointer = "/setup/model";
};

// Comparators of an expect.
enum class Compare { Less, LessEqual, Greater, GreaterEqual, Equal };

struct MetricRef {
  std::string lane;    // "" = the step's lane (or the only one)
  std::string metric;  // see lesson_metrics.hpp
  int k = 0;           // metric argument (k-step error's k, probes of plan spread)
  int last = 0;        // window: the last N steps of the lane's episode (0: the whole episode)
};

struct LessonStep {
  // Event: any other engine event in its op's words (env, planner, model, reset with a seed,
  // replan, click, drag, defaults, train, cancel_training, load_model: engine/event_json.hpp).
  // Plan: plan now from the current state. Inspect: step the MCTS inspector.
  enum class Op { Caption, Pause, Run, Set, Overlay, Panel, Reset, Question, Expect, Event, Plan, Inspect };
  Op op = Op::Caption;
  std::string pointer;  // JSON pointer of this step (for messages)
  std::string text;     // caption text, question prompt, expect name
  std::string lane;     // set / run: one lane ("" = all)
  // run
  int steps = 0;      // run N steps (with until: the step limit)
  std::string until;  // "" | "success" | "done" (the learned loop has finished)
  // set
  std::string key, value;
  // event
  mbrl::Event event;
  // inspect: 0 = one phase, 1 = `count` simulations, 2 = a new search
  int inspect = 0, count = 1;
  // overlay / panel
  std::string name;
  bool show = true, highlight = false;
  // question
  std::vector<std::string> choices;
  int answer = 0;
  std::string explain;
  // expect
  MetricRef actual;
  Compare cmp = Compare::Less;
  bool against_lane = false;  // compare with another lane's metric (expected.metric) ...
  MetricRef expected;
  double scale = 1.0;   // ... times this
  double number = 0.0;  // or with this number
  int seeds = 1;        // play the lesson with seeds seed .. seed + seeds - 1
  double rate = 1.0;    // fraction of the seeds on which the check must hold
  bool required = true;
};

struct Lesson {
  std::string file;  // where it was loaded from
  LessonMeta meta;
  LessonUi ui;
  std::vector<LessonLane> lanes;  // at least one (a lesson without lanes has one, id "main")
  std::vector<LessonStep> timeline;
  const LessonLane* lane(const std::string& id) const;
};

// Reads and checks a lesson file. "" or one line: FILE: /json/pointer: what was expected.
std::string load_lesson(const std::string& path, Lesson& out);
// The same from text (`source` names it in messages).
std::string parse_lesson(const std::string& text, const std::string& source, Lesson& out);

const char* compare_symbol(Compare c);
bool compare(double a, Compare c, double b);

}  // namespace mbrl
