#pragma once
// Frame-time samples for --perf-frames: percentiles and maximum of the app-side CPU time.
#include <vector>

namespace mbrl::gui {

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
