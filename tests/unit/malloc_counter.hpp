#pragma once
// Counts heap allocations in a test executable by interposing malloc/calloc/realloc (Eigen and
// operator new both end in malloc). Include in exactly one file of an executable; read the count
// with malloc_count(). Sanitizers interpose malloc themselves: do not include under them (guard
// the including file with `#if !defined(__SANITIZE_ADDRESS__) && !defined(__SANITIZE_THREAD__)`).
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#error "malloc_counter.hpp interposes malloc, which a sanitizer build owns: guard the including test file"
#endif
#include <atomic>
#include <cstddef>

extern "C" {
void* __libc_malloc(size_t);
void* __libc_calloc(size_t, size_t);
void* __libc_realloc(void*, size_t);
}

namespace mbrl::testing {
inline std::atomic<long> g_mallocs{0};
inline long malloc_count() { return g_mallocs.load(std::memory_order_relaxed); }

// Plans `warmup` times (buffers grow), then counts the allocations of `timed` more plans, as
// MPC calls them (plan index + 1 and a warm-start shift each time). Needs core/planner.hpp.
template <class Planner, class Request, class Trace>
long allocations_after_warmup(Planner& p, Request& req, Trace& trace, int warmup, int timed) {
  for (int i = 0; i < warmup; ++i) {
    req.plan_index = i;
    p.plan(req, trace);
    p.shift(1);
  }
  const long before = malloc_count();
  for (int i = warmup; i < warmup + timed; ++i) {
    req.plan_index = i;
    p.plan(req, trace);
    p.shift(1);
  }
  return malloc_count() - before;
}
}  // namespace mbrl::testing

extern "C" void* malloc(size_t n) {
  mbrl::testing::g_mallocs.fetch_add(1, std::memory_order_relaxed);
  return __libc_malloc(n);
}
extern "C" void* calloc(size_t n, size_t m) {
  mbrl::testing::g_mallocs.fetch_add(1, std::memory_order_relaxed);
  return __libc_calloc(n, m);
}
extern "C" void* realloc(void* p, size_t n) {
  mbrl::testing::g_mallocs.fetch_add(1, std::memory_order_relaxed);
  return __libc_realloc(p, n);
}
