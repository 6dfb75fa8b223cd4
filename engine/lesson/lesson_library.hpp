#pragma once
// The bundled lessons: assets/lessons/*.json of the source tree (MBRL_LESSONS_DIR overrides it).
#include <string>
#include <vector>

#include "engine/lesson/lesson.hpp"

namespace mbrl {

std::string lessons_dir();
// Every lesson file in the folder (not the schema), sorted by name.
std::vector<std::string> bundled_lesson_files();
// NAME (a bundled lesson's file stem or id) or a path to a lesson file, loaded and checked.
// "" or one line (a bad file's message names the file and the JSON pointer).
std::string find_lesson(const std::string& name, Lesson& out);

}  // namespace mbrl
