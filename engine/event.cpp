#include "engine/event.hpp"

#include <cstdio>

namespace mbrl {

namespace {
std::string point(P2 p) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "(%g, %g)", double(p.x()), double(p.y()));
  return buf;
}
}  // namespace

std::string Event::describe() const {
  switch (kind) {
    case Kind::Set:
      return "set " + key + "=" + value;
    case Kind::SwitchEnv:
      return "env " + value;
    case Kind::SwitchPlanner:
      return "planner " + value;
    case Kind::SwitchModel:
      return "model " + value;
    case Kind::Reset:
      return "reset seed=" + std::to_string(seed);
    case Kind::Plan:
      return "plan";
    case Kind::Click:
      return "click " + point(a);
    case Kind::Drag:
      return "drag " + point(a) + " -> " + point(b);
    case Kind::PlannerDefaults:
      return "planner defaults";
    case Kind::TrainNow:
      return "train now";
    case Kind::CancelTraining:
      return "cancel training";
    case Kind::LoadModel:
      return "load model " + value;
  }
  return "?";
}

}  // namespace mbrl
