// The engine's limits: a running plan or synchronous training stops on request_stop() from another
// thread (the window's exit waited for a 20 s MCTS budget or a million-sample plan), a plan that
// would not fit in memory is refused when its parameters are set (naming the product and the cap),
// the trace is trimmed to fit, and an allocation failure inside a plan is reported, not fatal.
#include "core/eigen_warnings.hpp"  // first: see there

#include <doctest/doctest.h>

#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <thread>

#include "engine/engine.hpp"

using namespace mbrl;

namespace {

std::unique_ptr<Engine> make_engine(EngineSetup s, int trace_cap = 0) {
  EngineOptions o;
  o.threads = 2;
  o.trace_cap = trace_cap;
  std::unique_ptr<Engine> e;
  const std::string err = Engine::create(s, o, e);
  REQUIRE_MESSAGE(err.empty(), err);
  return e;
}

EngineSetup setup(const std::string& env, const std::string& planner, KeyValues sets) {
  EngineSetup s;
  s.env = env;
  s.planner = planner;
  s.seed = 4;
  s.sets = std::move(sets);
  return s;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Runs `work` while another thread calls e.request_stop() after 200 ms; returns its duration.
template <class F>
double stopped_after(Engine& e, F&& work) {
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    e.request_stop();
  });
  const auto t0 = std::chrono::steady_clock::now();
  work();
  const double s = seconds_since(t0);
  stopper.join();
  return s;
}

}  // namespace

TEST_CASE("engine: request_stop ends a long plan at once, nothing counts, and planning goes on after clear_stop") {
  struct Case {
    const char* env;
    const char* planner;
    KeyValues sets;
  };
  // MPPI with a million samples and 100 refinements (minutes), MCTS with a 20 s time budget.
  const Case cases[] = {{"pendulum", "mppi", {{"samples", "1000000"}, {"iterations", "100"}}},
                        {"gridworld", "mcts", {{"time_budget_ms", "20000"}}}};
  for (const Case& c : cases) {
    CAPTURE(std::string(c.planner));
    auto e = make_engine(setup(c.env, c.planner, c.sets), 100);
    const uint64_t before = e->state_hash();
    bool stepped = true;
    const double took = stopped_after(*e, [&] { stepped = e->step(); });
    MESSAGE(std::string(c.planner) << ": the plan stopped " << took - 0.2 << " s after the request");
    CHECK_FALSE(stepped);
    CHECK(took < 5.0);  // (a plan to its end takes minutes or 20 s)
    CHECK(e->trace().cancelled);
    CHECK(e->plans() == 0);
    CHECK(e->plan_ms().empty());
    CHECK(e->step_index() == 0);
    CHECK(e->state_hash() == before);
    // While stopping nothing starts.
    CHECK_FALSE(e->plan_due());
    CHECK_FALSE(e->can_step());
    CHECK_FALSE(e->step());
    // Later plans work.
    e->clear_stop();
    if (std::string(c.planner) == "mcts")
      REQUIRE(e->apply(Event::set("planner.time_budget_ms", "0")).empty());
    else
      REQUIRE(e->apply(Event::set("planner.samples", "200")).empty());
    CHECK(e->step());
    CHECK(e->plans() == 1);
    CHECK_FALSE(e->trace().cancelled);
    CHECK(e->step_index() == 1);
  }
}

TEST_CASE("engine: request_stop ends a synchronous training run of the MBRL loop") {
  // The random episode ends at step 30 and trains 10000 epochs on what it collected.
  EngineSetup s = setup("pendulum", "mppi",
                        {{"samples", "100"},
                         {"loop.random_episodes", "1"},
                         {"loop.random_steps", "30"},
                         {"model.epochs", "10000"},
                         {"model.batch", "8"}});
  s.model = "ensemble";
  auto e = make_engine(s);
  for (int t = 0; t < 29; ++t) REQUIRE(e->step());
  const double took = stopped_after(*e, [&] { e->step(); });  // the 30th step trains
  MESSAGE("training stopped " << took - 0.2 << " s after the request");
  CHECK(took < 5.0);
  REQUIRE(e->learner() != nullptr);
  const LearnStatus st = e->learner()->status();
  CHECK(st.version == 1);   // a model came of it (the weights so far, as a cancel keeps them)
  CHECK(st.epoch < 10000);  // not all the epochs it was asked for
  CHECK(st.history.size() == size_t(st.epoch));
}

TEST_CASE("engine: a parameter change whose plan would not fit in memory is refused, naming the product and the cap") {
  auto e = make_engine(setup("cartpole", "mppi", {}));
  const ParamSet before = e->planner().params();
  REQUIRE(e->apply(Event::set("planner.samples", "1000000")).empty());  // 1e6 x 30 steps: 120 MB
  const std::string err = e->apply(Event::set("planner.horizon", "1000"));
  CAPTURE(err);
  CHECK(err.find("planner.horizon") == 0);
  CHECK(err.find("samples x horizon x action dims = 1000000 x 1000 x 1") != std::string::npos);
  CHECK(err.find("cap of 2.0 GiB") != std::string::npos);
  CHECK(e->planner().params().get("horizon") == before.get("horizon"));
  CHECK(e->planner().params().get("samples") == 1000000);
  // The same through a setup (run --set, a lesson, a settings file).
  std::unique_ptr<Engine> none;
  EngineOptions o;
  const std::string create_err =
      Engine::create(setup("cartpole", "mppi", {{"samples", "1000000"}, {"horizon", "1000"}}), o, none);
  CHECK(create_err.find("cap of 2.0 GiB") != std::string::npos);
  CHECK(none == nullptr);
  // MCTS: the node cap's memory.
  auto m = make_engine(setup("gridworld", "mcts", {}));
  CHECK(m->apply(Event::set("planner.node_cap", "10000000")).empty());  // 10^7 nodes of 2 states: within the cap
  CHECK(m->planner().plan_memory(m->planner().params(), 2, 1, 0).bytes > 1e9);
}

TEST_CASE("engine: the trace keeps fewer samples when all it asks for would not fit in memory") {
  // CEM, 100 refits over 1000 steps, and the window's largest trace cap: 100 x 100000 kept samples
  // of 1001 x 4 states would be 160 GB.
  auto e =
      make_engine(setup("cartpole", "cem", {{"samples", "100000"}, {"elites", "50"}, {"iterations", "100"}}), 100000);
  REQUIRE(e->apply(Event::set("planner.horizon", "1000")).empty());
  const PlanRequest req = e->plan_request();
  CHECK(req.trace_cap > 0);
  CHECK(req.trace_cap < 100000);
  const ParamSet p = e->planner().params();
  CHECK(e->planner().plan_memory(p, 4, 1, req.trace_cap).bytes <= kPlanMemoryCap);
  CHECK(e->planner().plan_memory(p, 4, 1, req.trace_cap + 1).bytes > kPlanMemoryCap);
  // A small plan keeps what was asked.
  auto small = make_engine(setup("cartpole", "mppi", {}), 1000);
  CHECK(small->plan_request().trace_cap == 1000);
}

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)
namespace {
// The process's virtual memory size in bytes (/proc/self/statm, first field in pages).
double vm_bytes() {
  std::ifstream f("/proc/self/statm");
  double pages = 0;
  f >> pages;
  return pages * double(sysconf(_SC_PAGESIZE));
}
}  // namespace

TEST_CASE("engine: a plan that runs out of memory is reported, executes nothing and leaves a usable engine") {
  // 1.5 GB of actions (under the cap) with the address space limited to 512 MB more than in use:
  // the population's allocation fails inside plan().
  auto e = make_engine(setup("cartpole", "mppi", {{"samples", "1000000"}, {"horizon", "375"}}), 100);
  e->pool();  // the planning threads' stacks, before the limit
  rlimit old{};
  REQUIRE(getrlimit(RLIMIT_AS, &old) == 0);
  rlimit tight = old;
  tight.rlim_cur = rlim_t(vm_bytes() + 512.0 * 1024 * 1024);
  REQUIRE(setrlimit(RLIMIT_AS, &tight) == 0);
  const uint64_t before = e->state_hash();
  const bool stepped = e->step();
  setrlimit(RLIMIT_AS, &old);
  CHECK_FALSE(stepped);
  CAPTURE(e->plan_error());
  CHECK(e->plan_error().find("out of memory") != std::string::npos);
  CHECK(e->plan_error().find("samples x horizon") != std::string::npos);
  CHECK(e->state_hash() == before);
  CHECK(e->step_index() == 0);
  CHECK(e->plans() == 0);
  CHECK_FALSE(e->plan_due());  // no retry loop until something changes
  CHECK_FALSE(e->can_step());
  // Fewer samples: the error is cleared and the same engine plans and steps.
  REQUIRE(e->apply(Event::set("planner.samples", "500")).empty());
  CHECK(e->plan_error().empty());
  CHECK(e->step());
  CHECK(e->plans() == 1);
  CHECK(e->trace().plan_actions.allFinite());
}
#endif
