#include "core/eigen_warnings.hpp"  // first: see there
#include "engine/lesson/lesson_metrics.hpp"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "core/mcts/mcts_trace.hpp"
#include "core/planners/registry.hpp"

namespace mbrl {

namespace {
const std::vector<std::string>& names() {
  static const std::vector<std::string> n = {
      "cost",          "mean_cost",   "success",        "success_step", "ess",        "ess_fraction", "plan_spread",
      "plan_cost_std", "action_tv",   "refit_gain",     "tree_depth",   "tree_width", "tree_visits",  "distance",
      "collisions",    "kstep_error", "variance_ratio", "dataset",      "loop_steps", "plans"};
  return n;
}

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

// The first step of the window: the episode's last `last` steps, or all of it.
int window_begin(const Engine& e, int last) { return last > 0 ? std::max(0, e.step_index() - last) : 0; }

// Std of the first planned action over `probes` independent plans from the current state, each by
// a fresh copy of the lane's planner (same parameters, its own stream), the sum over action dims.
double plan_spread(Engine& e, int probes, std::string& why) {
  const PlannerEntry* entry = find_planner(e.planner_name());
  if (!entry || !e.can_plan()) {
    why = "no plan can be made now";
    return kNaN;
  }
  auto planner = entry->make();
  planner->set_params(e.planner().params());
  PlanRequest req = e.plan_request();
  req.trace_cap = 0;
  PlanTrace tr;
  std::vector<Vec> firsts;
  for (int i = 0; i < probes; ++i) {
    planner->reset();
    req.plan_index = 1000000 + i;  // streams no episode plan uses
    planner->plan(req, tr);
    firsts.push_back(planner->plan_actions().col(0));
  }
  Vec mean = Vec::Zero(firsts[0].size());
  for (const Vec& a : firsts) mean += a / float(probes);
  double var = 0;
  for (const Vec& a : firsts) var += double((a - mean).squaredNorm()) / double(probes);
  return std::sqrt(var);
}
}  // namespace

std::string format_metric(double x) {
  if (std::isnan(x)) return "n/a";
  if (std::isinf(x)) return x > 0 ? "never" : "-inf";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", x);
  return buf;
}

bool is_metric(const std::string& name) {
  for (const auto& n : names())
    if (n == name) return true;
  return false;
}

std::string metric_names() {
  std::string s;
  for (const auto& n : names()) s += (s.empty() ? "" : ", ") + n;
  return s;
}

void LaneRecord::observe(const Engine& e) {
  if (e.episode() != episode_) {
    episode_ = e.episode();
    plans_.clear();
    success_step_ = -1;
  }
  if (e.plans() != plans_seen_ && e.has_trace()) {
    plans_seen_ = e.plans();
    const PlanTrace& t = e.trace();
    Plan p;
    p.step = e.step_index();
    p.ess = t.ess;
    p.population = t.last() ? t.last()->population : 0;
    p.plan_cost = t.plan_cost;
    if (t.iterations_used > 1) {
      const float first = t.iterations[0].elite_cost_mean, last = t.last()->elite_cost_mean;
      p.refit_gain = std::abs(first) > 0 ? (first - last) / std::abs(first) : 0.f;
    }
    plans_.push_back(p);
  }
  if (success_step_ < 0 && e.step_index() > 0 && e.outcome().success) success_step_ = e.step_index();
}

double metric_value(const MetricRef& m, Engine& e, const LaneRecord& r, std::string& why) {
  const std::string& n = m.metric;
  const int begin = window_begin(e, m.last), end = e.step_index();
  const Learner* learner = e.learner();
  if (n == "cost" || n == "mean_cost") {
    double sum = 0;
    for (int t = begin; t < end; ++t) sum += e.costs()[size_t(t)];
    if (n == "cost") return sum;
    return end > begin ? sum / double(end - begin) : kNaN;
  }
  if (n == "success") return learner ? double(learner->result().success) : double(e.outcome().success);
  if (n == "success_step") return r.success_step() >= 0 ? double(r.success_step()) : kInf;
  if (n == "distance" || n == "collisions") {
    const Outcome o = e.outcome();
    const double v = n == "distance" ? o.distance : o.collisions < 0 ? kNaN : double(o.collisions);
    if (std::isnan(v)) why = "the environment has no " + n + " to measure";
    return v;
  }
  if (n == "ess" || n == "ess_fraction" || n == "refit_gain" || n == "plans") {
    double sum = 0;
    int count = 0;
    for (const auto& p : r.plans()) {
      if (p.step < begin) continue;
      sum += n == "ess" ? p.ess : n == "ess_fraction" ? p.ess / std::max(1, p.population) : p.refit_gain;
      ++count;
    }
    if (n == "plans") return count;
    if (n == "refit_gain" && !r.plans().empty()) return r.plans().back().refit_gain;
    if (count == 0) why = "no plan in the window";
    return count ? sum / count : kNaN;
  }
  if (n == "plan_spread") return plan_spread(e, m.k > 0 ? m.k : 16, why);
  if (n == "plan_cost_std") {
    double sum = 0, sum2 = 0;
    int count = 0;
    for (const auto& p : r.plans()) {
      if (p.step < begin) continue;
      sum += p.plan_cost;
      sum2 += double(p.plan_cost) * p.plan_cost;
      ++count;
    }
    if (count < 2) {
      why = "fewer than two plans in the window";
      return kNaN;
    }
    const double mean = sum / count;
    return std::sqrt(std::max(0.0, sum2 / count - mean * mean));
  }
  if (n == "action_tv") {
    double tv = 0;
    for (int t = std::max(begin, 1); t < end; ++t)
      tv += double((e.actions()[size_t(t)] - e.actions()[size_t(t - 1)]).lpNorm<1>());
    return tv;
  }
  if (n == "tree_depth" || n == "tree_width" || n == "tree_visits") {
    if (!e.has_trace() || !e.trace().mcts) {
      why = "no search tree (the planner is not MCTS)";
      return kNaN;
    }
    const MctsTrace& t = *e.trace().mcts;
    if (n == "tree_visits") return t.nodes.empty() ? 0 : t.nodes[0].visits;
    std::vector<int> per_depth;
    int depth = 0;
    for (const auto& node : t.nodes) {
      if (node.visits <= 0) continue;
      depth = std::max(depth, int(node.depth));
      if (int(per_depth.size()) <= node.depth) per_depth.resize(size_t(node.depth) + 1, 0);
      ++per_depth[size_t(node.depth)];
    }
    if (n == "tree_depth") return depth;
    return per_depth.empty() ? 0 : *std::max_element(per_depth.begin(), per_depth.end());
  }
  if (!learner) {
    why = "needs a learned model (model nn or ensemble)";
    return kNaN;
  }
  if (n == "kstep_error") {
    const double v = learner->kstep_error_at(std::max(1, m.k));
    if (std::isnan(v)) why = "no window of k steps in the data";
    return v;
  }
  if (n == "variance_ratio") return learner->variance_ratio();
  if (n == "dataset") return learner->data().size();
  if (n == "loop_steps") return learner->result().success ? double(learner->result().real_steps_at_success) : kInf;
  why = "unknown metric";
  return kNaN;
}

}  // namespace mbrl
