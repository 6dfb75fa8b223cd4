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

// Re-simulates the entries up to and including those at frame `until` (-1: all of them). With
// `out`, the engine is handed over there (options.training is taken from the recording).
ReplayReport replay(const Recording& rec, int64_t until, EngineOptions options, std::unique_ptr<Engine>* out = nullptr,
                    const ReplayControl& ctl = {});

}  // namespace mbrl
