#include "core/planner.hpp"

#include <cstdio>

namespace mbrl {

std::string check_plan_memory(const PlanMemory& m, double cap) {
  if (!(m.bytes > cap)) return "";
  char buf[160];
  const double gib = 1024.0 * 1024.0 * 1024.0;
  std::snprintf(buf, sizeof buf, "a plan would need about %.1f GiB, more than the cap of %.1f GiB", m.bytes / gib,
                cap / gib);
  return m.product + ": " + buf;
}

}  // namespace mbrl
