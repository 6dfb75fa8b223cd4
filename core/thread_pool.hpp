#pragma once
// A fixed pool of worker threads for rollouts. parallel_for(n, f) calls f(task, worker) for
// task in [0, n) and returns when all are done; the calling thread works too. Tasks are
// fixed-size chunks chosen by the caller, so the work split (and with counter-based RNG
// the result) does not depend on the number of threads. No allocation per call.
#include <condition_variable>
#include <mutex>
#include <thread>
#include <memory>
#include <type_traits>
#include <vector>

namespace mbrl {

class ThreadPool {
 public:
  explicit ThreadPool(int threads);  // total threads including the caller (>= 1)
  ~ThreadPool();
  ThreadPool(const ThreadPool&) = delete;
  ThreadPool& operator=(const ThreadPool&) = delete;

  int size() const { return int(workers_.size()) + 1; }

  template <class F>
  void parallel_for(int n, F&& f) {
    using Fn = std::remove_reference_t<F>;
    run_impl(
        n, [](void* ctx, int task, int worker) { (*static_cast<Fn*>(ctx))(task, worker); },
        const_cast<void*>(static_cast<const void*>(std::addressof(f))));
  }

 private:
  using TaskFn = void (*)(void*, int, int);
  void run_impl(int n, TaskFn fn, void* ctx);
  void worker_loop(int worker);
  void drain(int worker);

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_start_, cv_done_;
  TaskFn fn_ = nullptr;
  void* ctx_ = nullptr;
  int n_tasks_ = 0;
  int next_task_ = 0;
  int pending_ = 0;       // tasks not yet finished
  int busy_workers_ = 0;  // workers inside drain()
  unsigned generation_ = 0;
  bool stop_ = false;
};

}  // namespace mbrl
