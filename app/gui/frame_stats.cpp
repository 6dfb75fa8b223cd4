#include "app/gui/frame_stats.hpp"

#include <algorithm>
#include <cmath>
#include <ctime>

namespace mbrl::gui {

double FrameStats::percentile(double q) const {
  if (ms_.empty()) return 0.0;
  std::vector<double> v = ms_;
  std::sort(v.begin(), v.end());
  const size_t i = size_t(std::ceil(q * double(v.size())));
  return v[std::min(v.size() - 1, i > 0 ? i - 1 : 0)];
}

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) * 1e-6;
}

double FrameStats::max() const { return ms_.empty() ? 0.0 : *std::max_element(ms_.begin(), ms_.end()); }

}  // namespace mbrl::gui
