// Replaces the global operator new/delete to count allocations. Sanitizers own the allocator
// (GCC then also warns that free() meets operator new): under them this file compiles to nothing,
// as the malloc-counting tests do.
#include <doctest/doctest.h>

#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)

#include <atomic>
#include <cstdlib>
#include <new>

#include "core/mcts/mcts.hpp"
#include "envs/gridworld.hpp"

// Counts operator-new allocations (std containers, strings, shared_ptr) while `g_counting` is
// set, in this test binary only. Eigen allocates through malloc and is not counted; the planner
// keeps its Eigen buffers as members sized in begin().
namespace {
std::atomic<bool> g_counting{false};
std::atomic<long> g_allocations{0};
}  // namespace

void* operator new(std::size_t n) {
  if (g_counting.load(std::memory_order_relaxed)) g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

using namespace mbrl;

TEST_CASE("After warm-up a plan makes a fixed handful of container allocations, none per simulation") {
  const Gridworld g;
  MctsParams p;
  p.simulations = 2000;
  p.reuse_tree = false;
  p.trace_tree = false;
  Mcts mcts(p);
  PlanRequest req;
  req.state = g.reset(0);
  req.model = &g;
  req.cost = &g;
  req.seed = 9;
  PlanTrace trace;
  mcts.plan(req, trace);  // warm-up: the tree and buffers reach their size
  auto count = [&](int sims, int64_t plan) {
    MctsParams q = mcts.mcts_params();
    q.simulations = sims;
    mcts.set_mcts_params(q);
    req.plan_index = plan;
    g_allocations = 0;
    g_counting = true;
    mcts.plan(req, trace);
    g_counting = false;
    return g_allocations.load();
  };
  const long big = count(2000, 1), small = count(100, 2);
  CHECK(big == small);  // nothing per simulation: only the per-plan action set and labels
  CHECK(big <= 16);
}

#endif  // !sanitizers
