#include "core/thread_pool.hpp"

#include <algorithm>

namespace mbrl {

ThreadPool::ThreadPool(int threads) {
  const int extra = std::max(0, threads - 1);
  for (int w = 0; w < extra; ++w) workers_.emplace_back([this, w] { worker_loop(w + 1); });
}

ThreadPool::~ThreadPool() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_start_.notify_all();
  for (auto& t : workers_) t.join();
}

void ThreadPool::run_impl(int n, TaskFn fn, void* ctx) {
  if (n <= 0) return;
  if (workers_.empty() || n == 1) {
    for (int i = 0; i < n; ++i) fn(ctx, i, 0);
    return;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    fn_ = fn;
    ctx_ = ctx;
    n_tasks_ = n;
    next_task_ = 0;
    pending_ = n;
    ++generation_;
  }
  cv_start_.notify_all();
  drain(0);
  std::unique_lock<std::mutex> lock(mu_);
  // Wait until every task finished and no worker still holds this batch's context.
  cv_done_.wait(lock, [this] { return pending_ == 0 && busy_workers_ == 0; });
  fn_ = nullptr;
  ctx_ = nullptr;
}

void ThreadPool::drain(int worker) {
  for (;;) {
    int task;
    TaskFn fn;
    void* ctx;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (next_task_ >= n_tasks_) return;
      task = next_task_++;
      fn = fn_;
      ctx = ctx_;
    }
    fn(ctx, task, worker);
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ == 0) cv_done_.notify_all();
  }
}

void ThreadPool::worker_loop(int worker) {
  unsigned seen = 0;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_start_.wait(lock, [&] { return stop_ || generation_ != seen; });
      if (stop_) return;
      seen = generation_;
      ++busy_workers_;
    }
    drain(worker);
    std::lock_guard<std::mutex> lock(mu_);
    if (--busy_workers_ == 0 && pending_ == 0) cv_done_.notify_all();
  }
}

}  // namespace mbrl
