#pragma once
// Plays a lesson's timeline on one engine per lane. Headless, advance() executes a whole timeline
// step; the window calls tick() each frame so that a `run` shows its steps one by one. Lanes run in
// lockstep on common random numbers (the same env start and env-noise streams: engine.hpp), and a
// lane whose `run ... until` condition holds freezes with its result. Going back a step is
// play_to(k): the lesson from its start to step k, so it equals playing forward (deterministic).
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/lesson/lesson.hpp"
#include "engine/lesson/lesson_metrics.hpp"
#include "engine/record/recording.hpp"

namespace mbrl {

// One `expect` evaluated once (on one seed).
struct CheckOutcome {
  std::string name, pointer;
  double actual = std::numeric_limits<double>::quiet_NaN();
  double expected = std::numeric_limits<double>::quiet_NaN();
  Compare cmp = Compare::Less;
  bool pass = false, required = true;
  std::string note;  // why a value could not be measured
};

class LessonPlayer {
 public:
  // `seed_offset` moves every lane's seed (lesson check's --seeds); `threads` per lane engine;
  // `trace_cap`: samples kept per plan trace for drawing; `model_views`: a learned model's
  // evaluation and fan for the window (neither changes a result).
  LessonPlayer(const Lesson& lesson, uint64_t seed_offset = 0, int threads = 2, int trace_cap = 0,
               bool model_views = false);
  void restart();                           // every lane at the lesson's start, position 0, no caption, no checks
  size_t position() const { return pos_; }  // the next timeline step
  bool finished() const { return pos_ >= lesson_.timeline.size(); }
  void advance();  // the next timeline step, completely
  // One frame's worth of the next timeline step: a `run` makes one env step per lane. Returns
  // true when that timeline step is complete (position() moved on).
  bool tick();
  void play_to(size_t k);  // from the start to position k

  size_t lanes() const { return engines_.size(); }
  Engine& lane(size_t i) { return *engines_[i]; }
  const Engine& lane(size_t i) const { return *engines_[i]; }
  const LessonLane& lane_info(size_t i) const { return lesson_.lanes[i]; }
  const LaneRecord& record(size_t i) const { return records_[i]; }
  bool frozen(size_t i) const { return frozen_[i]; }  // its `run ... until` condition holds
  const Lesson& lesson() const { return lesson_; }
  const std::string& caption() const { return caption_; }
  const std::vector<CheckOutcome>& checks() const { return checks_; }
  // The index of the last question step played (-1: none); its answer is revealed after a run.
  int question() const { return question_; }
  bool answer_revealed() const { return revealed_; }
  uint64_t hash() const;  // every lane's state hash, combined
  // Record every lane (from the next restart(), which this calls): lesson check --csv.
  void set_recording(bool on);
  const Recording* recording(size_t i) const { return i < recordings_.size() ? recordings_[i].get() : nullptr; }

 private:
  bool lane_selected(size_t i, const std::string& lane) const;
  bool condition_met(size_t i, const std::string& until) const;
  void evaluate(const LessonStep& st);
  size_t lane_index(const std::string& id, size_t fallback) const;

  const Lesson& lesson_;
  uint64_t seed_offset_;
  int threads_, trace_cap_;
  bool model_views_;
  std::vector<std::unique_ptr<Engine>> engines_;
  bool recording_ = false;
  std::vector<std::unique_ptr<Recording>> recordings_;  // one per lane while recording_
  std::vector<LaneRecord> records_;
  std::vector<bool> frozen_;
  size_t pos_ = 0;
  int run_done_ = 0;  // env steps done of the current `run`
  std::string caption_;
  std::vector<CheckOutcome> checks_;
  int question_ = -1;
  bool revealed_ = false;
};

// One expect over all its seeds.
struct CheckReport {
  std::string name, pointer;
  Compare cmp = Compare::Less;
  double actual = 0, expected = 0;  // on the first seed
  int seeds = 1, passes = 0;
  double rate = 1.0;
  bool required = true, pass = false;
  std::string note;
};

struct LessonReport {
  std::string id, file;
  std::vector<CheckReport> checks;
  std::vector<std::string> csv_files;  // written by check_lesson's csv_dir
  std::string csv_error;
  int passed() const;
  int failed() const;        // checks that failed
  bool required_ok() const;  // no required check failed
};

// Plays the lesson headless and evaluates every expect, each over max(its seeds, min_seeds) seeds.
// With `csv_dir`, every lane of the first seed is recorded and written as DIR/ID-LANE.csv (csv_export.hpp).
LessonReport check_lesson(const Lesson& lesson, int min_seeds = 1, int threads = 2, const std::string& csv_dir = "");

}  // namespace mbrl
