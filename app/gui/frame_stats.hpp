#pragma once
// Frame-time samples for --perf-frames: percentiles and maximum. The app records two series:
// wall time of a frame's work on the main thread (what a user waits for, excluding the buffer
// swap) and the main thread's CPU time (the same work without time lost to other processes).
#include <vector>

namespace mbrl::gui {

// CPU time consumed by the calling thread so far, in ms.
double thread_cpu_ms();

class FrameStats {
 public:
  void add(double ms) { ms_.push_back(ms); }
  double percentile(double q) const;  // q in [0, 1]; 0 when empty
  double max() const;
  int count() const { return int(ms_.size()); }

 private:
  std::vector<double> ms_;
};

}  // namespace mbrl::gui
