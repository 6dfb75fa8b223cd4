#include "engine/event_json.hpp"

#include <array>
#include <cmath>

namespace mbrl {

using json = nlohmann::json;

namespace {
struct OpName {
  Event::Kind kind;
  const char* op;
};
constexpr std::array<OpName, 12> kOps{{{Event::Kind::Set, "set"},
                                       {Event::Kind::SwitchEnv, "env"},
                                       {Event::Kind::SwitchPlanner, "planner"},
                                       {Event::Kind::SwitchModel, "model"},
                                       {Event::Kind::Reset, "reset"},
                                       {Event::Kind::Plan, "replan"},
                                       {Event::Kind::Click, "click"},
                                       {Event::Kind::Drag, "drag"},
                                       {Event::Kind::PlannerDefaults, "defaults"},
                                       {Event::Kind::TrainNow, "train"},
                                       {Event::Kind::CancelTraining, "cancel_training"},
                                       {Event::Kind::LoadModel, "load_model"}}};

json point(P2 p) { return json::array({double(p.x()), double(p.y())}); }

std::string read_point(const json& j, const char* key, P2& out) {
  if (!j.contains(key)) return std::string("/") + key + ": missing (a point [x, y])";
  const json& v = j.at(key);
  if (!v.is_array() || v.size() != 2 || !v[0].is_number() || !v[1].is_number())
    return std::string("/") + key + ": expected a point [x, y]";
  const double x = v[0].get<double>(), y = v[1].get<double>();
  if (!std::isfinite(x) || !std::isfinite(y) || std::abs(x) > 1e9 || std::abs(y) > 1e9)
    return std::string("/") + key + ": expected finite coordinates";
  out = P2(float(x), float(y));
  return "";
}

std::string read_string(const json& j, const char* key, std::string& out) {
  if (!j.contains(key)) return std::string("/") + key + ": missing";
  const json& v = j.at(key);
  if (v.is_string())
    out = v.get<std::string>();
  else if (v.is_number() || v.is_boolean())
    out = v.dump();  // "value": 0.1 means "0.1"
  else
    return std::string("/") + key + ": expected a string";
  if (out.size() > 4096) return std::string("/") + key + ": longer than 4096 characters";
  return "";
}
}  // namespace

const char* event_op(Event::Kind k) {
  for (const OpName& o : kOps)
    if (o.kind == k) return o.op;
  return "?";
}

bool is_event_op(const std::string& op) {
  for (const OpName& o : kOps)
    if (op == o.op) return true;
  return false;
}

json event_to_json(const Event& e) {
  json j;
  j["op"] = event_op(e.kind);
  switch (e.kind) {
    case Event::Kind::Set:
      j["key"] = e.key;
      j["value"] = e.value;
      break;
    case Event::Kind::SwitchEnv:
    case Event::Kind::SwitchPlanner:
    case Event::Kind::SwitchModel:
      j["name"] = e.value;
      break;
    case Event::Kind::LoadModel:
      j["file"] = e.value;
      break;
    case Event::Kind::Reset:
      j["seed"] = e.seed;
      break;
    case Event::Kind::Click:
      j["at"] = point(e.a);
      break;
    case Event::Kind::Drag:
      j["from"] = point(e.a);
      j["to"] = point(e.b);
      break;
    default:
      break;
  }
  return j;
}

std::string event_from_json(const json& j, Event& out) {
  if (!j.is_object()) return ": expected an object";
  if (!j.contains("op") || !j.at("op").is_string()) return "/op: expected one of the event ops";
  const std::string op = j.at("op").get<std::string>();
  Event e;
  bool found = false;
  for (const OpName& o : kOps)
    if (op == o.op) {
      e.kind = o.kind;
      found = true;
    }
  if (!found) return "/op: '" + op + "' is not an event op";
  switch (e.kind) {
    case Event::Kind::Set:
      if (std::string err = read_string(j, "key", e.key); !err.empty()) return err;
      if (std::string err = read_string(j, "value", e.value); !err.empty()) return err;
      break;
    case Event::Kind::SwitchEnv:
    case Event::Kind::SwitchPlanner:
    case Event::Kind::SwitchModel:
      if (std::string err = read_string(j, "name", e.value); !err.empty()) return err;
      break;
    case Event::Kind::LoadModel:
      if (std::string err = read_string(j, "file", e.value); !err.empty()) return err;
      break;
    case Event::Kind::Reset:
      if (j.contains("seed")) {
        const json& s = j.at("seed");
        if (!s.is_number_unsigned()) return "/seed: expected a whole number >= 0";
        e.seed = s.get<uint64_t>();
      }
      break;
    case Event::Kind::Click:
      if (std::string err = read_point(j, "at", e.a); !err.empty()) return err;
      break;
    case Event::Kind::Drag:
      if (std::string err = read_point(j, "from", e.a); !err.empty()) return err;
      if (std::string err = read_point(j, "to", e.b); !err.empty()) return err;
      break;
    default:
      break;
  }
  out = std::move(e);
  return "";
}

}  // namespace mbrl
