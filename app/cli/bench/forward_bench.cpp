#include "core/eigen_warnings.hpp"  // first: see there
#include "app/cli/bench/forward_bench.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

#include "core/learn/ensemble.hpp"
#include "core/learn/learned_model.hpp"
#include "core/rollout.hpp"
#include "core/thread_pool.hpp"

namespace mbrl {

namespace {
template <class F>
double best_ms(int repeats, F&& f) {
  for (int i = 0; i < 2; ++i) f();
  std::vector<double> t;
  for (int i = 0; i < std::max(1, repeats); ++i) {
    const auto a = std::chrono::steady_clock::now();
    f();
    t.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - a).count());
  }
  return *std::min_element(t.begin(), t.end());
}

// l = |s|^2 + 0.1 |a|^2: the bench needs a cost as cheap as an environment's.
struct QuadraticBenchCost : CostModel {
  void running_cost(CMatRef s, CMatRef a, int, VecRef c) const override {
    c += s.colwise().squaredNorm().transpose() + 0.1f * a.colwise().squaredNorm().transpose();
  }
  void terminal_cost(CMatRef s, VecRef c) const override { c += s.colwise().squaredNorm().transpose(); }
};
}  // namespace

ForwardBenchResult run_forward_bench(const ForwardBenchConfig& cfg, ThreadPool* pool) {
  ForwardBenchResult r;
  r.cfg = cfg;
  NetSpec s;
  s.state_dim = cfg.out / 2;
  s.action_dim = 1;
  s.obs_dim = cfg.in - 1;
  s.obs_name = "bench";
  s.members = cfg.members;
  s.hidden.assign(size_t(cfg.layers), cfg.width);
  s.act = Activation::SiLU;
  s.head = Head::Probabilistic;
  Ensemble e;
  e.init(s, 1);
  const MlpShape shape = s.shape();
  double macs = 0;
  for (int l = 0; l < shape.layers(); ++l) macs += double(shape.sizes[size_t(l)]) * shape.sizes[size_t(l) + 1];
  r.gflop = 2.0 * macs * cfg.rows * cfg.members * 1e-9;

  const Mat x = Mat::Random(cfg.in, cfg.rows);
  Mat out(Eigen::Index(cfg.members) * s.net_out(), cfg.rows);
  EnsembleWorkspace ws;

  // The yardstick: the same GEMMs, member by member, layer by layer.
  std::vector<std::vector<Mat>> W(size_t(cfg.members));
  for (auto& m : W)
    for (int l = 0; l < shape.layers(); ++l)
      m.push_back(Mat::Random(shape.sizes[size_t(l) + 1], shape.sizes[size_t(l)]));
  Mat a(cfg.width, cfg.rows), b(cfg.width, cfg.rows), y(s.net_out(), cfg.rows);
  auto gemm_chain = [&] {
    for (auto& m : W) {
      a.noalias() = m[0] * x;
      Mat* cur = &a;
      Mat* nxt = &b;
      for (int l = 1; l + 1 < shape.layers(); ++l) {
        nxt->noalias() = m[size_t(l)] * *cur;
        std::swap(cur, nxt);
      }
      y.noalias() = m.back() * *cur;
    }
  };
  // Interleaved rounds, so that a burst of load elsewhere on the machine hits all variants alike.
  const bool use_pool = pool && pool->size() > 1;
  r.pool_threads = use_pool ? pool->size() : 0;
  r.ms_gemm = r.ms_forward = r.ms_forward_pool = 1e30;
  const int rounds = std::max(1, cfg.repeats / 4);
  for (int i = 0; i < rounds; ++i) {
    r.ms_gemm = std::min(r.ms_gemm, best_ms(4, gemm_chain));
    r.ms_forward = std::min(r.ms_forward, best_ms(4, [&] { e.forward_all(x, out, ws); }));
    if (use_pool) r.ms_forward_pool = std::min(r.ms_forward_pool, best_ms(4, [&] { e.forward_all(x, out, ws, pool); }));
  }
  if (!use_pool) r.ms_forward_pool = 0;

  // Interactive default: one population rollout through LearnedModel by the planners' Rollout
  // (so expectation pays for its K particles per candidate).
  {
    const ObsMap obs = ObsMap::angles(2, {0}, "bench");
    NetSpec sp;
    sp.state_dim = 2;
    sp.action_dim = 1;
    sp.obs_dim = obs.obs_dim;
    sp.obs_name = obs.name;
    sp.members = 5;
    sp.hidden = {64, 64};
    auto ens = std::make_shared<Ensemble>();
    ens->init(sp, 2);
    ActionBounds b{Vec::Constant(1, -2.f), Vec::Constant(1, 2.f)};
    LearnedModel m(ens, obs, b);
    const QuadraticBenchCost cost;
    PlanRequest req;
    req.state = Vec::Zero(2);
    req.model = &m;
    req.cost = &cost;
    req.trace_cap = 0;
    const int N = 200, H = 25;
    const Mat acts = Mat::Random(H, N);
    Rollout ro;
    for (int p = 0; p < 4; ++p) {
      m.set_options(Propagation(p), false);
      ro.prepare(req, H, N);
      r.particles[p] = ro.particles();
      double f = 0, g = 0;
      r.ms_rollout[p] = best_ms(cfg.repeats, [&] {
        ro.run(
            req, 0, [&](int c0, int n, RolloutWorker&) { ro.actions.middleCols(c0, n) = acts.middleCols(c0, n); }, f,
            g);
      });
    }
  }
  return r;
}

std::string ForwardBenchResult::text() const {
  char buf[1024];
  const double g = gflops(ms_gemm), f = gflops(ms_forward);
  int n = std::snprintf(buf, sizeof buf,
                        "ensemble forward: %d members x %d rows, %d hidden x %d SiLU, in %d, out %d (%.3f GFLOP)\n"
                        "  plain Eigen GEMM chain, 1 thread : %7.2f ms  %6.1f GFLOP/s\n"
                        "  Ensemble::forward_all, 1 thread  : %7.2f ms  %6.1f GFLOP/s  (%.0f%% of GEMM)\n",
                        cfg.members, cfg.rows, cfg.layers, cfg.width, cfg.in, cfg.out, gflop, ms_gemm, g, ms_forward, f,
                        g > 0 ? 100.0 * f / g : 0.0);
  if (ms_forward_pool > 0 && n > 0 && size_t(n) < sizeof buf)
    std::snprintf(buf + n, sizeof buf - size_t(n),
                  "  Ensemble::forward_all, %d threads: %7.2f ms  %6.1f GFLOP/s  (%.0f%% of 1-thread GEMM)\n",
                  pool_threads, ms_forward_pool, gflops(ms_forward_pool),
                  g > 0 ? 100.0 * gflops(ms_forward_pool) / g : 0.0);
  const size_t used = std::string(buf).size();
  std::snprintf(buf + used, sizeof buf - used,
                "  interactive rollout (5 members, 2x64, 200 candidates x 25 steps, 1 thread): mean %.2f ms, ts1 %.2f "
                "ms, tsinf %.2f ms, expectation (%d particles) %.2f ms\n",
                ms_rollout[0], ms_rollout[1], ms_rollout[2], particles[3], ms_rollout[3]);
  return buf;
}

}  // namespace mbrl
