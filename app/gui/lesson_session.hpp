#pragma once
// A lesson playing in the window: the lesson player (engine/lesson) on a worker thread, one engine
// per lane, so the frame loop never waits for a plan or a training run. The timeline runs by
// itself through captions, sets and checks, shows each `run` step by step in real time, and stops
// at a `pause` or a `question` until the presenter goes on (next()). back() replays the lesson from
// its start to the previous stop (deterministic: the same states as playing forward); restart()
// goes back to the lesson's start. What the window draws is published per lane as a SessionView.
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "app/gui/session.hpp"
#include "engine/lesson/lesson_player.hpp"

namespace mbrl::gui {

// What the window shows of the lesson (a copy, refreshed by sync()).
struct LessonView {
  size_t position = 0, steps = 0;  // the next timeline step, of how many
  bool waiting = false;            // stopped at a pause or a question
  bool busy = false;               // replaying to a step (back / restart)
  bool finished = false;
  std::string caption;
  int question = -1;        // timeline index of the last question passed (-1: none)
  bool revealed = false;    // its answer is shown (a run followed it)
  std::vector<int> chosen;  // per timeline step: the choice the presenter clicked (-1: none)
  std::vector<CheckOutcome> checks;
  std::vector<bool> frozen;                 // per lane: its `run ... until` holds
  std::vector<std::string> overlays_shown;  // after the overlay / panel steps so far
  std::vector<std::string> overlays_hidden;
  std::vector<std::string> panels_shown, highlighted;
  std::vector<SessionView> lanes;
  std::string message;  // the last refused edit ("" if none)
};

// A lane's colour: its "#RRGGBB", else the Okabe-Ito palette by lane index (app_lesson.cpp).
Rgba lane_color(const std::string& hex, size_t i);

class LessonSession {
 public:
  // `threaded` false (exports): no worker thread; the caller plays the lesson with play_tick().
  LessonSession(const Lesson& lesson, int threads, int trace_cap, bool autoplay, bool threaded = true);
  ~LessonSession();
  LessonSession(const LessonSession&) = delete;
  LessonSession& operator=(const LessonSession&) = delete;

  const Lesson& lesson() const { return lesson_; }
  void sync(LessonView& v);
  // Real time: env steps of a `run` at the env's rate times `speed` (max: as fast as planning allows).
  void advance(double frame_dt, double speed, bool max_speed);
  void next();              // past a pause or a question; during a run: finish it now
  void back();              // to the previous stop
  void restart();           // to the lesson's start
  void choose(int choice);  // the presenter's answer to the current question (then goes on)
  // An edit of one lane (a student turning a knob the lesson left open, or unlocked): applied by
  // that lane's engine; not part of the timeline, so back() and restart() replay without it.
  void apply(size_t lane, const Event& e);
  // Without a worker (threaded false): plays the next tick on the calling thread, through pauses
  // and questions, and publishes it. Returns false when the lesson has finished; `stepped` tells
  // whether the tick made an env step (a `run`: one step of every lane not frozen).
  bool play_tick(bool& stepped);

 private:
  void worker();
  void publish(bool everything);
  bool stops_at(size_t pos) const;  // a pause or a question

  Lesson lesson_;
  LessonPlayer player_;  // worker-owned
  bool autoplay_;        // scripted runs: pauses and questions go on by themselves
  std::vector<size_t> published_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool quit_ = false;
  bool go_ = false;                              // next() asked to go on
  bool fast_ = false;                            // finish the current run now
  int64_t seek_ = -1;                            // replay to this position (back / restart)
  std::vector<std::pair<size_t, Event>> edits_;  // lane edits waiting for the worker
  double budget_ = 0;                            // env steps real time allows now
  bool max_speed_ = false;
  float dt_ = 0.05f;
  LessonView shared_;
  std::thread thread_;
};

}  // namespace mbrl::gui
