#pragma once
// What recording costs (engine/record/recording.hpp): the time per real step with and without a
// recording attached (the window's setup: pendulum, MPPI, 1000 samples, 1000 kept for drawing),
// and the memory 10,000 recorded steps take (frames, the log, the kept plans under their cap).
namespace mbrl {

struct RecordBenchResult {
  int steps = 0;
  double us_per_step_plain = 0, us_per_step_recorded = 0;
  double overhead_fraction = 0;  // (recorded - plain) / plain
  double frame_bytes = 0, log_bytes = 0, trace_bytes = 0;  // after `steps` steps
  int plans_kept = 0;
};

RecordBenchResult record_bench(int steps);

}  // namespace mbrl
