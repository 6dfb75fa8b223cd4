#include "engine/build_info.hpp"

#ifndef MBRL_VERSION
#define MBRL_VERSION "unknown"
#endif
#ifndef MBRL_BUILD_ID
#define MBRL_BUILD_ID "unknown"
#endif

namespace mbrl {

const std::string& app_version() {
  static const std::string v = MBRL_VERSION;
  return v;
}

const std::string& build_fingerprint() {
  static const std::string f = std::string(MBRL_VERSION) + " " + MBRL_BUILD_ID;
  return f;
}

}  // namespace mbrl
