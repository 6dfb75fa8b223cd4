#pragma once
// An Event as JSON, in the lesson timeline's words: {"op": "set", "key": "planner.lambda",
// "value": "0.1"}, {"op": "reset", "seed": 3}, {"op": "drag", "from": [0, 1], "to": [1, 1]}, ...
// Recordings store their events this way and `Save as lesson` writes them into a timeline.
#include <string>

#include <nlohmann/json.hpp>

#include "engine/event.hpp"

namespace mbrl {

const char* event_op(Event::Kind k);      // "set", "env", "planner", "model", "reset", "replan", ...
bool is_event_op(const std::string& op);  // one of those
nlohmann::json event_to_json(const Event& e);
// "" or one line naming the key that is missing or of the wrong type (relative to the object).
std::string event_from_json(const nlohmann::json& j, Event& out);

}  // namespace mbrl
