#pragma once
// Speed of the ensemble forward pass (for the `bench` command): the PETS cartpole per-step batch
// by default, 7 members x 1000 rows through 4 x 200 SiLU hidden layers (input 6 = 5 observation
// dims + 1 action, probabilistic head: 8 outputs). It times Ensemble::forward_all on one thread
// and on a pool, and, as the yardstick, a plain Eigen GEMM chain of exactly the same shapes
// (no bias, no activation) in the same process on one thread.
// It also times one population rollout at the interactive default (5 members, 2 x 64 SiLU,
// 200 candidates, horizon 25, pendulum-sized state, a quadratic cost) in each propagation mode,
// one thread, through core/rollout.hpp as the planners run it (expectation: K particles per
// candidate): one planner iteration.
#include <string>

namespace mbrl {

class ThreadPool;

struct ForwardBenchConfig {
  int members = 7, rows = 1000, layers = 4, width = 200, in = 6, out = 8;
  int repeats = 20;  // timed calls of each variant (interleaved in rounds of 4, after warm-up);
                     // the best is reported: other processes on the machine only ever add time
};

struct ForwardBenchResult {
  ForwardBenchConfig cfg;
  double gflop = 0;            // multiply-adds x 2 of one forward
  double ms_gemm = 0;          // plain GEMM chain, one thread
  double ms_forward = 0;       // Ensemble::forward_all, one thread
  double ms_forward_pool = 0;  // Ensemble::forward_all with members spread over the pool (0 if no pool)
  int pool_threads = 0;
  double ms_rollout[4] = {0, 0, 0, 0};  // interactive rollout per Propagation (mean, ts1, tsinf, expectation)
  int particles[4] = {1, 1, 1, 1};      // particles per candidate in each
  double gflops(double ms) const { return ms > 0 ? gflop / (ms * 1e-3) : 0; }
  std::string text() const;  // a few lines: shapes, ms and GFLOP/s of each, ratio to GEMM
};

ForwardBenchResult run_forward_bench(const ForwardBenchConfig& cfg = {}, ThreadPool* pool = nullptr);

}  // namespace mbrl
