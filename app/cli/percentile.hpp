#pragma once
// The q-quantile of a sample, linearly interpolated (0 for an empty one): plan-time statistics.
#include <algorithm>
#include <cmath>
#include <vector>

namespace mbrl {

inline double percentile(std::vector<double> v, double q) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const double pos = q * double(v.size() - 1);
  const size_t lo = size_t(std::floor(pos));
  const size_t hi = std::min(v.size() - 1, lo + 1);
  return v[lo] + (pos - double(lo)) * (v[hi] - v[lo]);
}

}  // namespace mbrl
