#include "app/cli/bench/extra_bench.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/bench/forward_bench.hpp"
#include "app/cli/bench/mcts_bench.hpp"
#include "app/cli/bench/record_bench.hpp"
#include "core/thread_pool.hpp"

namespace mbrl {

namespace {
constexpr const char* kForwardCase = "ensemble_forward_7x1000_4x200";
constexpr const char* kMctsCase = "mcts_gridworld20_depth50";

bool wanted(const BenchArgs& args, const std::string& name) { return bench_case_wanted(args, name); }
void print(const nlohmann::json& j) {
  std::printf("%s\n", j.dump().c_str());
  std::fflush(stdout);
}
}  // namespace

std::vector<std::string> extra_bench_names() { return {kForwardCase, kMctsCase}; }

void run_extra_benchmarks(const BenchArgs& args) {
  if (wanted(args, kForwardCase)) {
    // The PETS cartpole per-step batch: 7 members x 1000 rows through 4 x 200 SiLU.
    ThreadPool pool(2);
    const ForwardBenchResult r = run_forward_bench({}, &pool);
    const double gemm = r.gflops(r.ms_gemm), fwd = r.gflops(r.ms_forward);
    print({{"case", kForwardCase},
           {"members", r.cfg.members},
           {"rows", r.cfg.rows},
           {"layers", r.cfg.layers},
           {"width", r.cfg.width},
           {"forward_ms", r.ms_forward},
           {"forward_ms_2_threads", r.ms_forward_pool},
           {"forward_gflops", fwd},
           {"plain_gemm_ms", r.ms_gemm},
           {"plain_gemm_gflops", gemm},
           {"fraction_of_gemm", gemm > 0 ? fwd / gemm : 0.0},
           {"interactive_rollout_ms",
            {{"mean", r.ms_rollout[0]},
             {"ts1", r.ms_rollout[1]},
             {"tsinf", r.ms_rollout[2]},
             {"expectation", r.ms_rollout[3]}}}});
  }
  if (wanted(args, kMctsCase)) {
    const MctsBenchResult r = mcts_bench(20000, 50);
    print({{"case", kMctsCase},
           {"simulations", r.simulations},
           {"rollout_depth", r.rollout_depth},
           {"sims_per_s", r.sims_per_second},
           {"search_ms", r.ms_search},
           {"rollouts_alone_ms", r.ms_rollouts_alone},
           {"tree_share", r.tree_share},
           {"tree_share_inside", r.tree_share_inside},
           {"live_nodes", r.live_nodes},
           {"slots", r.slots},
           {"bytes_per_node", r.bytes_per_node},
           {"bytes_per_node_record", r.bytes_per_node_record}});
  }
  if (wanted(args, "recording")) {
    const RecordBenchResult r = record_bench(10000);
    print({{"case", "recording_pendulum_mppi1000_10k_steps"},
           {"steps", r.steps},
           {"us_per_step_plain", r.us_per_step_plain},
           {"us_per_step_recorded", r.us_per_step_recorded},
           {"overhead_fraction", r.overhead_fraction},
           {"frame_mb", r.frame_bytes / 1048576.0},
           {"log_mb", r.log_bytes / 1048576.0},
           {"kept_plans_mb", r.trace_bytes / 1048576.0},
           {"plans_kept", r.plans_kept}});
  }
}

}  // namespace mbrl
