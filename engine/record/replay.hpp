#pragma once
// Replays a recording: builds its engine from the recorded setup and calls, in the recorded
// order, what the recorded engine did (apply each event, plan, step, take a training run, step
// the MCTS inspector), checking every step's state hash against the recorded one. The first
// frame whose hash differs is reported; `rebuild` stops at a frame and hands the engine over (a
// branch: "continue live from here"). Headless and deterministic; the recording is only read.
#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "engine/engine.hpp"
#include "engine/record/recording.hpp"

namespace mbrl {

struct ReplayReport {
  int64_t frames = 0;       // frames re-simulated and matched
  int64_t first_diff = -1;  // the first frame whose hash differs (-1: none)
  uint64_t want = 0, got = 0;
  std::string error;  // "" or one line (a bad setup, an event that no longer applies, a divergence)
  bool cancelled = false;
  bool identical() const { return error.empty() && first_diff < 0 && !cancelled; }
};

struct ReplayControl {
  const std::atomic<bool>* cancel = nullptr;  // checked between entries
  std::atomic<int64_t>* frame = nullptr;      // the frame reached so far (progress)
};

// Replays incrementally: advance_to(k) re-simulates up to frame k (its events included), so an
// exporter can draw each frame as it is reached. `record_into` (optional) records the replay
// afresh (with its plans: what the window shows for an opened file).
class Replayer {
 public:
  Replayer(const Recording& rec, EngineOptions options, Recording* record_into = nullptr);
  // False when the replay stopped (a divergence, a bad setup, cancelled): see report().
  bool advance_to(int64_t frame, const ReplayControl& ctl = {});
  const ReplayReport& report() const { return report_; }
  int64_t frame() const { return frame_; }  // frames reached so far
  Engine* engine() { return engine_.get(); }
  std::unique_ptr<Engine> take_engine() { return std::move(engine_); }

 private:
  const Recording& rec_;
  std::unique_ptr<Engine> engine_;
  ReplayReport report_;
  size_t next_ = 0;  // the next entry
  int64_t frame_ = 0;
  PlanTrace scratch_;
};

// Re-simulates the entries up to and including those at frame `until` (-1: all of them). With
// `out`, the engine is handed over there (options.training is taken from the recording).
ReplayReport replay(const Recording& rec, int64_t until, EngineOptions options, std::unique_ptr<Engine>* out = nullptr,
                    const ReplayControl& ctl = {});

}  // namespace mbrl
