#include "engine/record/recording_lesson.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/event_json.hpp"
#include "engine/lesson/lesson.hpp"
#include "envs/registry.hpp"

namespace mbrl {

using json = nlohmann::json;

namespace {
std::string lesson_id(const std::string& stem) {
  std::string id;
  for (char c : stem) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      id += c;
    else if (!id.empty() && id.back() != '-')
      id += '-';
  }
  while (!id.empty() && id.back() == '-') id.pop_back();
  return id.empty() ? "recorded-session" : id;
}
}  // namespace

json recording_to_lesson(const Recording& rec, const std::string& id, const std::string& title) {
  auto lk = rec.lock();
  const auto& entries = rec.entries();
  const auto& frames = rec.frames();
  bool background = false;
  for (const RecordEntry& e : entries) background = background || e.kind == RecordEntry::Kind::Take;
  json timeline = json::array();
  const EnvEntry* env = find_env(rec.setup.env);
  timeline.push_back(
      {{"op", "caption"},
       {"text", "A recorded session: " + (env ? env->display_name : rec.setup.env) + " with " + rec.setup.planner +
                    ", " + std::to_string(frames.size() - 1) + " steps. Replace this caption with what to watch."}});
  if (background)
    timeline.push_back({{"op", "caption"},
                        {"text",
                         "The learned model trained in the background when this was recorded; here it "
                         "trains at once, so models arrive at other steps than in the recording."}});
  timeline.push_back({{"op", "pause"}});
  int run = 0;
  auto flush = [&] {
    for (; run > 0; run -= std::min(run, 100000))  // a run op holds at most 100000 steps
      timeline.push_back({{"op", "run"}, {"steps", std::min(run, 100000)}});
  };
  for (size_t i = 0; i < entries.size(); ++i) {
    const RecordEntry& en = entries[i];
    switch (en.kind) {
      case RecordEntry::Kind::Step:
        ++run;
        break;
      case RecordEntry::Kind::Plan:
        // A plan right before a step is the one the step makes itself when it is due.
        if (i + 1 < entries.size() && entries[i + 1].kind == RecordEntry::Kind::Step) break;
        flush();
        timeline.push_back({{"op", "plan"}});
        break;
      case RecordEntry::Kind::Event:
        flush();
        timeline.push_back(event_to_json(rec.events()[en.index]));
        break;
      case RecordEntry::Kind::Inspect: {
        flush();
        static const char* kinds[] = {"phase", "simulations", "new"};
        json s = {{"op", "inspect"}, {"kind", kinds[en.inspect % 3]}};
        if (en.inspect == 1) s["count"] = std::max(1, int(en.count));
        timeline.push_back(std::move(s));
        break;
      }
      case RecordEntry::Kind::Take:
        break;  // synchronous here: the model is trained when the loop asks for it
    }
  }
  flush();
  if (!background && !frames.empty()) {
    // The last episode's cost as the engine sums it (lesson_metrics: the metric `cost`).
    const int64_t last = int64_t(frames.size()) - 1;
    int64_t start = last;
    while (start > 0 && frames[size_t(start - 1)].episode == frames[size_t(last)].episode) --start;
    double cost = 0;
    for (int64_t f = start + 1; f <= last; ++f) cost += frames[size_t(f)].cost;
    if (last > start)
      timeline.push_back({{"op", "expect"},
                          {"name", "the lesson replays the recording: the last episode's cost is the recorded one"},
                          {"metric", "cost"},
                          {"cmp", "=="},
                          {"value", cost}});
  }
  json params = json::object();
  for (const auto& [k, v] : rec.setup.sets) params[k] = v;
  json setup = {{"env", rec.setup.env},
                {"planner", rec.setup.planner},
                {"model", rec.setup.model},
                {"seed", rec.setup.seed},
                {"params", params}};
  if (!rec.setup.loop.empty()) setup["loop"] = rec.setup.loop;
  return {{"format", "mbrl-playground-lesson"},
          {"format_version", kLessonFormatVersion},
          {"comment", "Made from a recording by mbrl-playground " + rec.app_version + " (" + rec.build + ")"},
          {"meta",
           {{"id", id},
            {"title", title},
            {"lecture", ""},
            {"topic", "a recorded session"},
            {"goal", "Watch the recorded session again, step by step."},
            {"minutes", std::min(120.0, 1.0 + double(frames.size()) * 0.05 / 60.0)}}},
          {"setup", setup},
          {"timeline", timeline}};
}

std::string save_recording_as_lesson(const Recording& rec, const std::string& path) {
  const std::string stem = std::filesystem::path(path).stem().string();
  const json j = recording_to_lesson(rec, lesson_id(stem), "Recorded: " + stem);
  std::ofstream f(path, std::ios::trunc);
  if (!f) return path + ": cannot be written (" + std::strerror(errno) + ")";
  f << j.dump(2) << "\n";
  f.flush();
  if (!f) return path + ": writing failed (disk full?)";
  return "";
}

}  // namespace mbrl
