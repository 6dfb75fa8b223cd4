#include "engine/record/replay.hpp"

#include <cinttypes>
#include <cstdio>

namespace mbrl {

namespace {
std::string hex(uint64_t h) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%016" PRIx64, h);
  return buf;
}
}  // namespace

ReplayReport replay(const Recording& rec, int64_t until, EngineOptions options, std::unique_ptr<Engine>* out,
                    const ReplayControl& ctl) {
  ReplayReport r;
  options.training = rec.training;
  std::unique_ptr<Engine> e;
  if (std::string err = Engine::create(rec.setup, options, e); !err.empty()) {
    r.error = "the recording's setup no longer builds: " + err;
    return r;
  }
  const auto& frames = rec.frames();
  if (frames.empty()) {
    r.error = "the recording has no frames";
    return r;
  }
  if (e->state_hash() != frames[0].hash) {
    r.first_diff = 0;
    r.want = frames[0].hash;
    r.got = e->state_hash();
    r.error = "frame 0 differs: the start state is not the recorded one (hash " + hex(r.got) + ", recorded " +
              hex(r.want) + ")";
    return r;
  }
  const size_t n = until < 0 ? rec.entries().size() : rec.entries_through(until);
  PlanTrace scratch;
  for (size_t i = 0; i < n; ++i) {
    if (ctl.cancel && ctl.cancel->load(std::memory_order_relaxed)) {
      r.cancelled = true;
      return r;
    }
    const RecordEntry& en = rec.entries()[i];
    switch (en.kind) {
      case RecordEntry::Kind::Event: {
        const Event& ev = rec.events()[en.index];
        if (std::string err = e->apply(ev); !err.empty()) {
          r.first_diff = en.position;
          r.error = "frame " + std::to_string(en.position) + ": '" + ev.describe() + "' no longer applies: " + err;
          return r;
        }
        break;
      }
      case RecordEntry::Kind::Plan:
        e->plan();
        break;
      case RecordEntry::Kind::Take:
        e->take_training();
        break;
      case RecordEntry::Kind::Inspect:
        e->inspect_mcts(en.inspect, en.count, scratch);
        break;
      case RecordEntry::Kind::Step: {
        const int64_t f = en.position + 1;
        if (!e->step() || size_t(f) >= frames.size()) {
          r.first_diff = f;
          r.error = "frame " + std::to_string(f) + ": the engine could not step where the recording did";
          return r;
        }
        if (e->state_hash() != frames[size_t(f)].hash) {
          r.first_diff = f;
          r.want = frames[size_t(f)].hash;
          r.got = e->state_hash();
          r.error = "frame " + std::to_string(f) + " differs (hash " + hex(r.got) + ", recorded " + hex(r.want) + ")";
          return r;
        }
        r.frames = f;
        if (ctl.frame) ctl.frame->store(f, std::memory_order_relaxed);
        break;
      }
    }
  }
  if (out) *out = std::move(e);
  return r;
}

}  // namespace mbrl
