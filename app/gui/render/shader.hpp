#pragma once
// Loads the GLSL programs from shaders/: looked up in the source tree (MBRL_SOURCE_DIR) first,
// then next to the binary. Errors name the file that failed and carry the driver's log.
#include <string>

#include <epoxy/gl.h>

namespace mbrl::gui {

// The directory the shaders were found in ("" if none): for messages.
std::string shader_dir();

// Compiles and links `vert` + `frag` (file names inside shaders/). Returns 0 and sets `err`
// ("shaders/shape.frag: 0:12(3): error: ...") on failure.
GLuint load_program(const std::string& vert, const std::string& frag, std::string& err);

}  // namespace mbrl::gui
