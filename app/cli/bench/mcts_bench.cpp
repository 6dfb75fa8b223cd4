#include "app/cli/bench/mcts_bench.hpp"

#include <algorithm>
#include <cstdio>

#include "core/mcts/mcts.hpp"
#include "envs/gridworld.hpp"

namespace mbrl {

MctsBenchResult mcts_bench(int simulations, int rollout_depth, unsigned long long seed) {
  GridworldParams gp;
  gp.layout = GridworldParams::Layout::Maze20;
  gp.slip = 0.1f;
  const Gridworld g(gp);
  MctsParams p;
  p.simulations = simulations;
  p.rollout_depth = rollout_depth;
  p.max_depth = 40;
  p.reuse_tree = false;
  p.trace_tree = false;
  p.trace_paths = 0;
  PlanRequest req;
  req.state = g.reset(0);
  req.model = &g;
  req.cost = &g;
  req.seed = seed;
  PlanTrace trace;

  MctsBenchResult r;
  r.simulations = simulations;
  r.rollout_depth = rollout_depth;
  // Full searches and tree-less rollouts alternate (so both see the same machine load), after
  // a warm-up each; each timing is the fastest of kRepeats.
  constexpr int kRepeats = 7;
  Mcts full(p);
  MctsParams q = p;
  q.node_cap = 1;  // no expansion: every simulation is a rollout from the root
  Mcts alone(q);
  full.plan(req, trace);  // warm-up: buffers reach their final size
  alone.plan(req, trace);
  for (int k = 1; k <= kRepeats; ++k) {
    req.plan_index = k;
    full.plan(req, trace);
    if (k == 1 || trace.ms_total < r.ms_search) r.ms_search = trace.ms_total, r.ms_rollouts_inside = trace.ms_rollout;
    alone.plan(req, trace);
    if (k == 1 || trace.ms_total < r.ms_rollouts_alone) r.ms_rollouts_alone = trace.ms_total;
  }
  const MctsTree& t = full.tree();
  r.live_nodes = t.live();
  r.slots = t.slots();
  r.bytes_per_node = t.bytes_per_node();
  r.bytes_per_node_record = MctsTree::bytes_per_node_fixed();
  for (int i = 0; i < t.slots(); ++i)
    if (t[i].visits > 0) r.max_depth_reached = std::max(r.max_depth_reached, int(t[i].depth));

  r.sims_per_second = r.ms_search > 0 ? 1000.0 * simulations / r.ms_search : 0;
  r.tree_share = r.ms_search > 0 ? (r.ms_search - r.ms_rollouts_alone) / r.ms_search : 0;
  r.tree_share_inside = r.ms_search > 0 ? (r.ms_search - r.ms_rollouts_inside) / r.ms_search : 0;
  return r;
}

std::string mcts_bench_report(const MctsBenchResult& r) {
  char buf[768];
  std::snprintf(buf, sizeof buf,
                "mcts gridworld 20x20 (slip 0.1), %d simulations, rollout depth %d:\n"
                "  %.0f simulations/s (%.1f ms); rollouts alone %.1f ms -> tree bookkeeping %.1f%% of the time "
                "(goal <= 25%%; measured inside the search: %.1f%%)\n"
                "  tree: %d nodes in %d slots, max depth %d, %d bytes per node (%d record + state)\n",
                r.simulations, r.rollout_depth, r.sims_per_second, r.ms_search, r.ms_rollouts_alone,
                100.0 * r.tree_share, 100.0 * r.tree_share_inside, r.live_nodes, r.slots, r.max_depth_reached,
                r.bytes_per_node, r.bytes_per_node_record);
  return buf;
}

}  // namespace mbrl
