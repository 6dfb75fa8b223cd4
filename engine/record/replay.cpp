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

Replayer::Replayer(const Recording& rec, EngineOptions options, Recording* record_into) : rec_(rec) {
  options.training = rec.training;
  if (std::string err = Engine::create(rec.setup, options, engine_); !err.empty()) {
    report_.error = "the recording's setup no longer builds: " + err;
    return;
  }
  const auto& frames = rec.frames();
  if (frames.empty()) {
    report_.error = "the recording has no frames";
    engine_.reset();
    return;
  }
  if (engine_->state_hash() != frames[0].hash) {
    report_.first_diff = 0;
    report_.want = frames[0].hash;
    report_.got = engine_->state_hash();
    report_.error = "frame 0 differs: the start state is not the recorded one (hash " + hex(report_.got) +
                    ", recorded " + hex(report_.want) + ")";
    engine_.reset();
    return;
  }
  if (record_into) {
    engine_->set_recording(record_into);
    auto lk = rec.lock();  // the window may add a bookmark meanwhile
    record_into->bookmarks = rec.bookmarks;
  }
}

bool Replayer::advance_to(int64_t until, const ReplayControl& ctl) {
  if (!engine_ || !report_.error.empty()) return false;
  const size_t n = until < 0 ? rec_.entries().size() : rec_.entries_through(until);
  Engine& e = *engine_;
  const auto& frames = rec_.frames();
  auto stop = [&](int64_t frame, std::string why) {
    report_.first_diff = frame;
    report_.error = std::move(why);
    return false;
  };
  for (; next_ < n; ++next_) {
    if (ctl.cancel && ctl.cancel->load(std::memory_order_relaxed)) {
      report_.cancelled = true;
      return false;
    }
    const RecordEntry& en = rec_.entries()[next_];
    switch (en.kind) {
      case RecordEntry::Kind::Event: {
        const Event& ev = rec_.events()[en.index];
        if (std::string err = e.apply(ev); !err.empty())
          return stop(en.position,
                      "frame " + std::to_string(en.position) + ": '" + ev.describe() + "' no longer applies: " + err);
        break;
      }
      case RecordEntry::Kind::Plan:
        e.plan();
        break;
      case RecordEntry::Kind::Take:
        e.take_training();
        break;
      case RecordEntry::Kind::Inspect:
        e.inspect_mcts(en.inspect, en.count, scratch_);
        break;
      case RecordEntry::Kind::Step: {
        const int64_t f = en.position + 1;
        if (!e.step() || size_t(f) >= frames.size())
          return stop(f, "frame " + std::to_string(f) + ": the engine could not step where the recording did");
        if (e.state_hash() != frames[size_t(f)].hash) {
          report_.want = frames[size_t(f)].hash;
          report_.got = e.state_hash();
          return stop(f, "frame " + std::to_string(f) + " differs (hash " + hex(report_.got) + ", recorded " +
                             hex(report_.want) + ")");
        }
        frame_ = f;
        report_.frames = f;
        if (ctl.frame) ctl.frame->store(f, std::memory_order_relaxed);
        break;
      }
    }
  }
  return true;
}

ReplayReport replay(const Recording& rec, int64_t until, EngineOptions options, std::unique_ptr<Engine>* out,
                    const ReplayControl& ctl) {
  Replayer r(rec, options);
  if (r.advance_to(until, ctl) && out) *out = r.take_engine();
  return r.report();
}

}  // namespace mbrl
