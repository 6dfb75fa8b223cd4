#include "app/cli/bench/record_bench.hpp"

#include <chrono>

#include "engine/engine.hpp"
#include "engine/record/recording.hpp"

namespace mbrl {

namespace {
std::unique_ptr<Engine> window_like_engine() {
  EngineSetup s;
  s.sets = {{"planner.samples", "1000"}};
  EngineOptions o;
  o.threads = 2;
  o.trace_cap = 1000;
  std::unique_ptr<Engine> e;
  Engine::create(s, o, e);
  return e;
}

double us_per_step(Engine& e, int steps) {
  const auto t0 = std::chrono::steady_clock::now();
  for (int i = 0; i < steps; ++i) {
    if (e.plan_due()) e.plan();
    e.step();
    if (e.step_index() >= 400) e.apply(Event::reset(e.seed()));  // long sessions: many episodes
  }
  return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / steps;
}
}  // namespace

RecordBenchResult record_bench(int steps) {
  RecordBenchResult r;
  r.steps = steps;
  // Interleaved halves so that machine noise hits both alike.
  auto plain = window_like_engine(), recorded = window_like_engine();
  Recording rec;
  recorded->set_recording(&rec);
  const int half = steps / 2;
  r.us_per_step_plain = (us_per_step(*plain, half) + us_per_step(*plain, steps - half)) / 2;
  r.us_per_step_recorded = (us_per_step(*recorded, half) + us_per_step(*recorded, steps - half)) / 2;
  r.overhead_fraction = (r.us_per_step_recorded - r.us_per_step_plain) / r.us_per_step_plain;
  auto lk = rec.lock();
  r.frame_bytes = double(rec.frame_bytes());
  r.log_bytes = double(rec.log_bytes());
  r.trace_bytes = double(rec.trace_bytes());
  r.plans_kept = int(rec.plans().size());
  return r;
}

}  // namespace mbrl
