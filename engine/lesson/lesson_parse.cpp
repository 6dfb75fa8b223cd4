#include "core/eigen_warnings.hpp"  // first: see there
// Reading a lesson file: JSON (nlohmann) to Lesson, every value checked where it stands, then the
// lanes built and every `set` applied to them once (a dry run), so a lesson that loads also plays.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

#include <nlohmann/json.hpp>

#include "engine/event_json.hpp"
#include "engine/file_input.hpp"

#include "engine/lesson/lesson.hpp"
#include "engine/lesson/lesson_metrics.hpp"

namespace mbrl {

namespace {
using json = nlohmann::json;

constexpr size_t kMaxFileBytes = 1 << 20;  // a lesson is text: 1 MB is far more than any needs
constexpr int kMaxDepth = 32;

// A failure at a JSON pointer; caught once and turned into the one-line message.
struct BadValue : std::runtime_error {
  std::string pointer;
  BadValue(std::string p, const std::string& what) : std::runtime_error(what), pointer(std::move(p)) {}
};

const char* type_name(const json& j) { return j.type_name(); }

// A checked view of one JSON object: every key read must have the expected type, and keys
// nobody reads are errors (a typo in a key must not be silently ignored).
class Obj {
 public:
  Obj(const json& j, std::string ptr) : j_(j), ptr_(std::move(ptr)) {
    if (!j_.is_object())
      throw BadValue(ptr_.empty() ? "/" : ptr_, std::string("expected an object, got ") + type_name(j_));
  }
  std::string at(const std::string& key) const { return ptr_ + "/" + key; }
  bool has(const std::string& key) const { return j_.contains(key); }
  const json& raw(const std::string& key) {
    seen_.insert(key);
    return j_.at(key);
  }
  std::string str(const std::string& key, bool required = false, const std::string& def = "") {
    if (!has(key)) {
      if (required) throw BadValue(at(key), "expected a string (required)");
      return def;
    }
    const json& v = raw(key);
    if (!v.is_string()) throw BadValue(at(key), std::string("expected a string, got ") + type_name(v));
    return v.get<std::string>();
  }
  double num(const std::string& key, double lo, double hi, double def, bool required = false) {
    if (!has(key)) {
      if (required) throw BadValue(at(key), "expected a number (required)");
      return def;
    }
    const json& v = raw(key);
    if (!v.is_number()) throw BadValue(at(key), std::string("expected a number, got ") + type_name(v));
    const double x = v.get<double>();
    if (!(x >= lo && x <= hi))
      throw BadValue(at(key), "expected a number in [" + fmt(lo) + ", " + fmt(hi) + "], got " + fmt(x));
    return x;
  }
  int integer(const std::string& key, int lo, int hi, int def, bool required = false) {
    const double x = num(key, lo, hi, def, required);
    if (x != double(int(x))) throw BadValue(at(key), "expected a whole number, got " + fmt(x));
    return int(x);
  }
  bool flag(const std::string& key, bool def) {
    if (!has(key)) return def;
    const json& v = raw(key);
    if (!v.is_boolean()) throw BadValue(at(key), std::string("expected true or false, got ") + type_name(v));
    return v.get<bool>();
  }
  std::vector<std::string> strings(const std::string& key) {
    std::vector<std::string> out;
    if (!has(key)) return out;
    const json& v = raw(key);
    if (!v.is_array()) throw BadValue(at(key), std::string("expected an array of strings, got ") + type_name(v));
    for (size_t i = 0; i < v.size(); ++i) {
      if (!v[i].is_string())
        throw BadValue(at(key) + "/" + std::to_string(i), std::string("expected a string, got ") + type_name(v[i]));
      out.push_back(v[i].get<std::string>());
    }
    return out;
  }
  void one_of(const std::string& key, const std::string& value, const std::vector<std::string>& valid) {
    for (const auto& v : valid)
      if (v == value) return;
    std::string list;
    for (const auto& v : valid) list += (list.empty() ? "" : ", ") + v;
    throw BadValue(at(key), "expected one of " + list + ", got '" + value + "'");
  }
  // Call after reading: any key not read is unknown.
  void done(const std::vector<std::string>& allowed_extra = {}) const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (seen_.count(it.key())) continue;
      bool ok = false;
      for (const auto& a : allowed_extra) ok = ok || a == it.key();
      if (!ok) throw BadValue(at(it.key()), "unknown key '" + it.key() + "'");
    }
  }
  static std::string fmt(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", x);
    return buf;
  }

 private:
  const json& j_;
  std::string ptr_;
  std::set<std::string> seen_;
};

// A parameter value as `--set` spells it: numbers round-trip, booleans true/false.
std::string value_text(const json& v, const std::string& ptr) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer()) return std::to_string(v.get<int64_t>());
  if (v.is_number()) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v.get<double>());
    return buf;
  }
  throw BadValue(ptr, std::string("expected a number, true/false or a name, got ") + type_name(v));
}

KeyValues read_params(Obj& o, const std::string& key, std::vector<std::string>* pointers = nullptr) {
  KeyValues out;
  if (!o.has(key)) return out;
  const json& p = o.raw(key);
  if (!p.is_object())
    throw BadValue(o.at(key), std::string("expected an object of SCOPE.KEY: value, got ") + type_name(p));
  for (auto it = p.begin(); it != p.end(); ++it) {
    const std::string ptr = o.at(key) + "/" + it.key();
    ScopedKey k;
    if (std::string err = split_key(it.key(), k); !err.empty()) throw BadValue(ptr, err);
    if (k.scope == "gui") throw BadValue(ptr, "gui.* keys are the window's: use \"ui\"");
    out.emplace_back(it.key(), value_text(it.value(), ptr));
    if (pointers) pointers->push_back(ptr);
  }
  return out;
}

const std::vector<std::string> kOverlays = {"samples", "elites", "mean_plan", "best", "trail", "ghosts", "fan"};
const std::vector<std::string> kPanels = {"planner", "environment", "model", "plots", "tree", "coverage", "help"};

void read_setup(Obj& s, EngineSetup& setup, std::vector<std::string>& pointers) {
  setup.env = s.str("env", false, setup.env);
  setup.planner = s.str("planner", false, setup.planner);
  setup.model = s.str("model", false, setup.model);
  if (s.has("model")) s.one_of("model", setup.model, {"true", "nn", "ensemble"});
  setup.loop = s.str("loop", false, setup.loop);
  if (s.has("seed")) setup.seed = uint64_t(s.num("seed", 0, 9007199254740992.0, 0));
  const KeyValues p = read_params(s, "params", &pointers);
  setup.sets.insert(setup.sets.end(), p.begin(), p.end());
}

MetricRef read_metric(Obj& o) {
  MetricRef m;
  m.metric = o.str("metric", true);
  if (!is_metric(m.metric))
    throw BadValue(o.at("metric"), "unknown metric '" + m.metric + "' (valid: " + metric_names() + ")");
  m.lane = o.str("lane");
  m.k = o.integer("k", 0, 1000, 0);
  m.last = o.integer("last", 0, 1000000, 0);
  return m;
}

LessonStep read_step(const json& j, const std::string& ptr) {
  Obj o(j, ptr);
  LessonStep st;
  st.pointer = ptr;
  const std::string op = o.str("op", true);
  if (!is_event_op(op))
    o.one_of("op", op, {"caption",  "pause",  "run",  "set",      "overlay", "panel",           "reset",
                        "question", "expect", "plan", "inspect",  "env",     "planner",         "model",
                        "replan",   "click",  "drag", "defaults", "train",   "cancel_training", "load_model"});
  if (is_event_op(op) && op != "set" && !(op == "reset" && !o.has("seed"))) {
    // An engine event (a recording's, or written by hand): its keys are the event's.
    st.op = LessonStep::Op::Event;
    st.lane = o.str("lane");
    json ev = j;
    ev.erase("lane");
    for (auto it = ev.begin(); it != ev.end(); ++it) {
      Event probe;
      event_from_json(ev, probe);
      const json back = event_to_json(probe);
      if (!back.contains(it.key())) throw BadValue(ptr + "/" + it.key(), "unknown key '" + it.key() + "'");
    }
    if (std::string err = event_from_json(ev, st.event); !err.empty()) {
      const size_t slash = err.find(':');
      throw BadValue(ptr + err.substr(0, slash), err.substr(slash + 2));
    }
    return st;
  }
  if (op == "plan") {
    st.op = LessonStep::Op::Plan;
    st.lane = o.str("lane");
  } else if (op == "inspect") {
    st.op = LessonStep::Op::Inspect;
    st.lane = o.str("lane");
    const std::string kind = o.str("kind", true);
    o.one_of("kind", kind, {"phase", "simulations", "new"});
    st.inspect = kind == "phase" ? 0 : kind == "simulations" ? 1 : 2;
    st.count = o.integer("count", 1, 1000000, 1);
  } else if (op == "caption") {
    st.op = LessonStep::Op::Caption;
    st.text = o.str("text", true);
  } else if (op == "pause") {
    st.op = LessonStep::Op::Pause;
    st.text = o.str("text");
  } else if (op == "run") {
    st.op = LessonStep::Op::Run;
    st.lane = o.str("lane");
    st.until = o.str("until");
    if (o.has("until")) o.one_of("until", st.until, {"success", "done"});
    st.steps = o.integer("steps", 1, 100000, 0, true);
  } else if (op == "set") {
    st.op = LessonStep::Op::Set;
    st.lane = o.str("lane");
    st.key = o.str("key", true);
    if (!o.has("value")) throw BadValue(o.at("value"), "expected a value (required)");
    st.value = value_text(o.raw("value"), o.at("value"));
  } else if (op == "overlay" || op == "panel") {
    st.op = op == "overlay" ? LessonStep::Op::Overlay : LessonStep::Op::Panel;
    st.name = o.str("name", true);
    o.one_of("name", st.name, op == "overlay" ? kOverlays : kPanels);
    st.show = o.flag("show", true);
    st.highlight = o.flag("highlight", false);
  } else if (op == "reset") {
    st.op = LessonStep::Op::Reset;
  } else if (op == "question") {
    st.op = LessonStep::Op::Question;
    st.text = o.str("prompt", true);
    st.choices = o.strings("choices");
    if (st.choices.size() < 2) throw BadValue(o.at("choices"), "expected at least two choices");
    st.answer = o.integer("answer", 0, int(st.choices.size()) - 1, 0, true);
    st.explain = o.str("explain");
  } else {
    st.op = LessonStep::Op::Expect;
    st.text = o.str("name", true);
    st.actual = read_metric(o);
    const std::string cmp = o.str("cmp", true);
    o.one_of("cmp", cmp, {"<", "<=", ">", ">=", "=="});
    st.cmp = cmp == "<"    ? Compare::Less
             : cmp == "<=" ? Compare::LessEqual
             : cmp == ">"  ? Compare::Greater
             : cmp == ">=" ? Compare::GreaterEqual
                           : Compare::Equal;
    if (!o.has("value")) throw BadValue(o.at("value"), "expected a number or {\"lane\", \"metric\"} (required)");
    const json& v = o.raw("value");
    if (v.is_number()) {
      st.number = v.get<double>();
    } else if (v.is_object()) {
      Obj e(v, o.at("value"));
      st.against_lane = true;
      st.expected = read_metric(e);
      st.scale = e.num("scale", -1e12, 1e12, 1.0);
      e.done();
    } else {
      throw BadValue(o.at("value"), std::string("expected a number or {\"lane\", \"metric\"}, got ") + type_name(v));
    }
    st.seeds = o.integer("seeds", 1, 50, 1);
    st.rate = o.num("rate", 0.0, 1.0, 1.0);
    st.required = o.flag("required", true);
    st.lane = st.actual.lane;
  }
  o.done();
  return st;
}

void check_lane_ref(const Lesson& l, const std::string& lane, const std::string& ptr) {
  if (lane.empty() || l.lane(lane)) return;
  std::string ids;
  for (const auto& x : l.lanes) ids += (ids.empty() ? "" : ", ") + x.id;
  throw BadValue(ptr, "no lane '" + lane + "' (lanes: " + ids + ")");
}

// Builds every lane and applies every set in timeline order: what cannot play is refused now.
void dry_run(const Lesson& l) {
  std::vector<std::unique_ptr<Engine>> engines(l.lanes.size());
  EngineOptions o;
  o.threads = 1;
  auto build = [&](size_t i, const std::string& ptr) {
    const LessonLane& lane = l.lanes[i];
    const std::string err = Engine::create(lane.setup, o, engines[i]);
    if (err.empty()) return;
    if (err.rfind("--env", 0) == 0) throw BadValue(lane.env_pointer, err);
    if (err.rfind("--planner", 0) == 0) throw BadValue(lane.planner_pointer, err);
    if (err.rfind("--model", 0) == 0 || err.rfind("--loop", 0) == 0) throw BadValue(lane.model_pointer, err);
    // A parameter: the first item with which the setup no longer builds.
    EngineSetup probe = lane.setup;
    std::unique_ptr<Engine> scratch;
    for (size_t k = 1; k <= lane.setup.sets.size(); ++k) {
      probe.sets.assign(lane.setup.sets.begin(), lane.setup.sets.begin() + long(k));
      if (std::string e = Engine::create(probe, o, scratch); !e.empty()) throw BadValue(lane.set_pointers[k - 1], e);
    }
    throw BadValue(ptr, err);
  };
  for (size_t i = 0; i < l.lanes.size(); ++i) build(i, l.lanes.size() > 1 ? "/lanes/" + std::to_string(i) : "/setup");
  for (const LessonStep& st : l.timeline) {
    if (st.op == LessonStep::Op::Reset)
      for (size_t i = 0; i < l.lanes.size(); ++i) build(i, st.pointer);
    if (st.op != LessonStep::Op::Set && st.op != LessonStep::Op::Event) continue;
    for (size_t i = 0; i < l.lanes.size(); ++i) {
      if (!st.lane.empty() && st.lane != l.lanes[i].id) continue;
      if (st.op == LessonStep::Op::Event) {
        // Switches and resets are checked for meaning (a name that exists); training and model
        // files wait for the real play.
        const Event::Kind k = st.event.kind;
        if (k == Event::Kind::SwitchEnv || k == Event::Kind::SwitchPlanner || k == Event::Kind::SwitchModel)
          if (std::string err = engines[i]->apply(st.event); !err.empty()) throw BadValue(st.pointer + "/name", err);
        continue;
      }
      if (std::string err = engines[i]->apply(Event::set(st.key, st.value)); !err.empty())
        throw BadValue(st.pointer + "/value", err);
    }
  }
}

}  // namespace

const LessonLane* Lesson::lane(const std::string& id) const {
  for (const auto& l : lanes)
    if (l.id == id) return &l;
  return nullptr;
}

const char* compare_symbol(Compare c) {
  switch (c) {
    case Compare::Less:
      return "<";
    case Compare::LessEqual:
      return "<=";
    case Compare::Greater:
      return ">";
    case Compare::GreaterEqual:
      return ">=";
    case Compare::Equal:
      return "==";
  }
  return "?";
}

bool compare(double a, Compare c, double b) {
  switch (c) {
    case Compare::Less:
      return a < b;
    case Compare::LessEqual:
      return a <= b;
    case Compare::Greater:
      return a > b;
    case Compare::GreaterEqual:
      return a >= b;
    case Compare::Equal:
      return a == b;
  }
  return false;
}

std::string parse_lesson(const std::string& text, const std::string& source, Lesson& out) {
  json j;
  try {
    // Deep nesting is refused while parsing, before it can exhaust the stack.
    json::parser_callback_t depth_guard = [](int depth, json::parse_event_t, json&) {
      if (depth > kMaxDepth) throw std::runtime_error("nested deeper than " + std::to_string(kMaxDepth) + " levels");
      return true;
    };
    j = json::parse(text, depth_guard);
  } catch (const std::exception& e) {
    return source + ": not valid JSON (" + e.what() + ")";
  }
  Lesson l;
  l.file = source;
  try {
    Obj root(j, "");
    const std::string format = root.str("format", true);
    if (format != "mbrl-playground-lesson")
      throw BadValue("/format", "expected \"mbrl-playground-lesson\", got '" + format + "'");
    const int version = root.integer("format_version", 1, 1000000, 0, true);
    if (version > kLessonFormatVersion)
      throw BadValue("/format_version", "written for format version " + std::to_string(version) +
                                            "; this build reads version " + std::to_string(kLessonFormatVersion) +
                                            " (update mbrl-playground)");
    {
      Obj m(root.raw("meta"), "/meta");
      l.meta.id = m.str("id", true);
      l.meta.title = m.str("title", true);
      l.meta.lecture = m.str("lecture", true);
      l.meta.topic = m.str("topic", true);
      l.meta.goal = m.str("goal", true);
      l.meta.minutes = m.num("minutes", 0.5, 120, 5);
      m.done();
    }
    EngineSetup base;
    std::vector<std::string> base_pointers;
    if (!root.has("setup")) throw BadValue("/setup", "expected an object (required)");
    {
      Obj s(root.raw("setup"), "/setup");
      read_setup(s, base, base_pointers);
      s.done();
    }
    if (root.has("ui")) {
      Obj u(root.raw("ui"), "/ui");
      l.ui.panels = u.strings("panels");
      for (const auto& panel : l.ui.panels) u.one_of("panels", panel, kPanels);
      l.ui.overlays = u.strings("overlays");
      for (const auto& ov : l.ui.overlays) u.one_of("overlays", ov, kOverlays);
      l.ui.locked = u.strings("locked");
      l.ui.hidden = u.strings("hidden");
      l.ui.theme = u.str("theme");
      if (!l.ui.theme.empty()) u.one_of("theme", l.ui.theme, {"dark", "projector"});
      if (u.has("camera")) {
        const json& c = u.raw("camera");
        if (!c.is_array() || c.size() != 4)
          throw BadValue(u.at("camera"), "expected [x0, y0, x1, y1], the world rectangle to frame");
        double v[4];
        for (size_t i = 0; i < 4; ++i) {
          if (!c[i].is_number()) throw BadValue(u.at("camera") + "/" + std::to_string(i), "expected a number");
          v[i] = c[i].get<double>();
          if (!std::isfinite(v[i]) || std::abs(v[i]) > 1e6)
            throw BadValue(u.at("camera") + "/" + std::to_string(i), "expected a finite number within 1e6");
        }
        if (!(v[2] > v[0] && v[3] > v[1])) throw BadValue(u.at("camera"), "expected x1 > x0 and y1 > y0");
        l.ui.has_camera = true;
        l.ui.camera.lo = P2(float(v[0]), float(v[1]));
        l.ui.camera.hi = P2(float(v[2]), float(v[3]));
      }
      u.done();
    }
    if (root.has("lanes")) {
      const json& lanes = root.raw("lanes");
      if (!lanes.is_array() || lanes.size() < 2 || lanes.size() > 4)
        throw BadValue("/lanes", "expected an array of 2 to 4 lanes");
      for (size_t i = 0; i < lanes.size(); ++i) {
        const std::string ptr = "/lanes/" + std::to_string(i);
        Obj o(lanes[i], ptr);
        LessonLane lane;
        lane.id = o.str("id", true);
        if (l.lane(lane.id)) throw BadValue(o.at("id"), "lane id '" + lane.id + "' is used twice");
        lane.label = o.str("label", false, lane.id);
        lane.color = o.str("color");
        lane.setup = base;
        lane.set_pointers = base_pointers;
        // Lanes differ in a few keys; the env and the seed stay common (common random numbers).
        lane.setup.planner = o.str("planner", false, base.planner);
        if (o.has("planner")) lane.planner_pointer = o.at("planner");
        lane.setup.model = o.str("model", false, base.model);
        if (o.has("model")) lane.model_pointer = o.at("model");
        lane.setup.loop = o.str("loop", false, base.loop);
        if (o.has("loop")) lane.model_pointer = o.at("loop");
        const KeyValues p = read_params(o, "params", &lane.set_pointers);
        lane.setup.sets.insert(lane.setup.sets.end(), p.begin(), p.end());
        o.done();
        l.lanes.push_back(std::move(lane));
      }
    } else {
      LessonLane lane;
      lane.id = "main";
      lane.label = l.meta.title;
      lane.setup = base;
      lane.set_pointers = base_pointers;
      l.lanes.push_back(std::move(lane));
    }
    if (!root.has("timeline")) throw BadValue("/timeline", "expected an array of steps (required)");
    const json& tl = root.raw("timeline");
    if (!tl.is_array() || tl.empty()) throw BadValue("/timeline", "expected a non-empty array of steps");
    for (size_t i = 0; i < tl.size(); ++i) l.timeline.push_back(read_step(tl[i], "/timeline/" + std::to_string(i)));
    root.done({"$schema", "comment"});
    for (const LessonStep& st : l.timeline) {
      check_lane_ref(l, st.lane, st.pointer + "/lane");
      if (st.op == LessonStep::Op::Expect) {
        check_lane_ref(l, st.actual.lane, st.pointer + "/lane");
        if (st.against_lane) check_lane_ref(l, st.expected.lane, st.pointer + "/value/lane");
      }
    }
    dry_run(l);
  } catch (const BadValue& e) {
    return source + ": " + e.pointer + ": " + e.what();
  } catch (const std::exception& e) {
    return source + ": " + e.what();
  }
  out = std::move(l);
  return "";
}

std::string load_lesson(const std::string& path, Lesson& out) {
  std::string text;
  if (std::string err = read_user_file(path, "lesson file", kMaxFileBytes, text); !err.empty()) return err;
  return parse_lesson(text, path, out);
}

}  // namespace mbrl
