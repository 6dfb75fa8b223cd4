#pragma once
// Which program made a file: the app's version and a build fingerprint (compiler, flags, commit).
// Recordings store both; bit-identical replay is promised for the same build only (a different
// compiler or -march can round differently), so a foreign build's recording replays with a warning.
#include <string>

namespace mbrl {

const std::string& app_version();        // "0.5.0"
const std::string& build_fingerprint();  // "0.5.0 GNU 12.2.0 Release native 82e5df5"

}  // namespace mbrl
