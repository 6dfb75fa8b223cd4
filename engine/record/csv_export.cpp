#include "engine/record/csv_export.hpp"

#include <cerrno>
#include <charconv>
#include <cinttypes>
#include <cmath>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "engine/event_json.hpp"

namespace mbrl {

using json = nlohmann::json;

namespace {
void num(std::string& out, double x) {
  if (std::isnan(x)) {
    out += "nan";
    return;
  }
  if (std::isinf(x)) {
    out += x > 0 ? "inf" : "-inf";
    return;
  }
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);
  out.append(buf, r.ptr);
}
void numf(std::string& out, float x) {
  if (!std::isfinite(x)) return num(out, double(x));
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, x);  // shortest round-trip text of the float
  out.append(buf, r.ptr);
}

}  // namespace

std::string write_csv(const Recording& rec, const std::string& path) {
  auto lk = rec.lock();
  const auto& frames = rec.frames();
  if (frames.empty()) return path + ": the recording is empty";
  const Env& env0 = *rec.snapshot_at(0).env;
  const std::vector<std::string> snames = env0.state_names(), anames = env0.action_names();
  std::ofstream f(path, std::ios::trunc);
  if (!f) return path + ": cannot be written (" + std::strerror(errno) + ")";
  std::string line = "frame,episode,step,time_s,env";
  for (const auto& n : snames) line += ",state." + n;
  for (const auto& n : anames) line += ",action." + n;
  line += ",cost,success_so_far,plan_cost,ess,hash\n";
  f << line;
  // Success so far: the env's own verdict on the episode up to each frame (once it holds, it holds).
  std::vector<Vec> states, actions;
  int64_t episode = -1;
  bool success = false;
  int64_t rows = 0;
  std::vector<int64_t> env_changes;
  for (size_t k = size_t(rec.first_detailed()); k < frames.size(); ++k) {
    const RecordFrame& fr = frames[k];
    const RecordSnapshot& snap = rec.snapshot_at(int64_t(k));
    if (fr.episode != episode) {
      episode = fr.episode;
      states.clear();
      actions.clear();
      success = false;
    }
    if (fr.ep_step > 0 && fr.action.size() > 0) actions.push_back(fr.action);
    states.push_back(fr.state);
    if (states.size() != actions.size() + 1) {  // a frame edited by a push: restart the prefix there
      states.assign(1, fr.state);
      actions.clear();
    }
    if (!success && fr.ep_step > 0) success = snap.env->evaluate(EpisodeView{&states, &actions}).success;
    if (snap.env_name != rec.snapshot_at(0).env_name &&
        (env_changes.empty() || rec.snapshot_at(int64_t(k) - 1).env_name != snap.env_name))
      env_changes.push_back(int64_t(k));
    line.clear();
    line += std::to_string(k) + "," + std::to_string(fr.episode) + "," + std::to_string(fr.ep_step) + ",";
    num(line, double(fr.ep_step) * env_time_step(*snap.env));
    line += "," + snap.env_name;
    // Columns are the first env's; another env's frames fill what fits and leave the rest empty.
    for (size_t i = 0; i < snames.size(); ++i) {
      line += ',';
      if (int(i) < fr.state.size()) numf(line, fr.state(int(i)));
    }
    for (size_t i = 0; i < anames.size(); ++i) {
      line += ',';
      if (int(i) < fr.action.size()) numf(line, fr.action(int(i)));
    }
    line += ',';
    numf(line, fr.cost);
    line += success ? ",1," : ",0,";
    numf(line, fr.plan_cost);
    line += ',';
    numf(line, fr.ess);
    char hash[24];
    std::snprintf(hash, sizeof hash, ",%016" PRIx64 "\n", fr.hash);
    line += hash;
    f << line;
    ++rows;
  }
  f.flush();
  if (!f) return path + ": writing failed (disk full?)";

  // The sidecar.
  json side;
  side["format"] = "mbrl-playground-csv";
  side["app_version"] = rec.app_version;
  side["build"] = rec.build;
  side["setup"] = {{"env", rec.setup.env},
                   {"planner", rec.setup.planner},
                   {"model", rec.setup.model},
                   {"loop", rec.setup.loop},
                   {"seed", rec.setup.seed}};
  json sets = json::array();
  for (const auto& [k, v] : rec.setup.sets) sets.push_back(k + "=" + v);
  side["setup"]["sets"] = sets;
  EngineOptions o;
  o.threads = 1;
  std::unique_ptr<Engine> e;
  if (Engine::create(rec.setup, o, e).empty()) {
    json resolved = json::object();
    for (const auto& [k, v] : e->params().items()) resolved[k] = v;
    side["resolved_params"] = resolved;
  }
  json cols = json::array();
  auto col = [&](const std::string& name, const std::string& unit, const std::string& meaning) {
    cols.push_back({{"name", name}, {"unit", unit}, {"meaning", meaning}});
  };
  col("frame", "", "the session after this many real steps (frame 0: the start)");
  col("episode", "", "the engine's episode counter (a reset or a learned loop's new episode bumps it)");
  col("step", "", "steps into the episode");
  col("time_s", "s", "step x the env's dt");
  col("env", "", "the environment at this frame");
  for (const auto& n : snames) col("state." + n, "env units", "state component " + n);
  for (const auto& n : anames) col("action." + n, "env units", "the action of the step that led to this frame");
  col("cost", "", "running cost of the step that led to this frame");
  col("success_so_far", "", "1 once the env's success predicate held on the episode so far");
  col("plan_cost", "", "predicted cost of the plan whose action this step executed (nan: none)");
  col("ess", "samples", "effective sample size 1 / sum w^2 of that plan");
  col("hash", "", "64-bit hash of the state bits and the step (replay compares it)");
  side["columns"] = cols;
  json events = json::array();
  for (const RecordEntry& en : rec.entries())
    if (en.kind == RecordEntry::Kind::Event) {
      json ev = event_to_json(rec.events()[en.index]);
      ev["frame"] = en.position;
      events.push_back(std::move(ev));
    }
  side["events"] = events;
  side["rows"] = rows;
  side["first_frame"] = rec.first_detailed();
  side["env_changes_at"] = env_changes;
  side["note"] = rec.note();
  std::ofstream s(path + ".json", std::ios::trunc);
  if (!s) return path + ".json: cannot be written (" + std::strerror(errno) + ")";
  s << side.dump(2) << "\n";
  s.flush();
  if (!s) return path + ".json: writing failed (disk full?)";
  return "";
}

}  // namespace mbrl
