#include "envs/env_util.hpp"

namespace mbrl::envutil {

int trailing_count(const std::vector<Vec>& states, const std::function<bool(const Vec&)>& ok) {
  int n = 0;
  for (auto it = states.rbegin(); it != states.rend() && ok(*it); ++it) ++n;
  return n;
}

}  // namespace mbrl::envutil
