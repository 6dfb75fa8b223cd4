#include "app/gui/frame_stats.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl::gui {

double FrameStats::percentile(double q) const {
  if (ms_.empty()) return 0.0;
  std::vector<double> v = ms_;
  std::sort(v.begin(), v.end());
  const size_t i = size_t(std::ceil(q * double(v.size()))) ;
  return v[std::min(v.size() - 1, i > 0 ? i - 1 : 0)];
}

double FrameStats::max() const { return ms_.empty() ? 0.0 : *std::max_element(ms_.begin(), ms_.end()); }

}  // namespace mbrl::gui
