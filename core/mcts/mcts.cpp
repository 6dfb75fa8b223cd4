#include "core/mcts/mcts.hpp"

#include <algorithm>
#include <cassert>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include "core/mcts/discrete_action_space.hpp"

namespace mbrl {

namespace {
using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }
constexpr float kNonfiniteReward = -1e6f;      // a NaN/inf cost counts as a very bad outcome
constexpr size_t kMaxLog = 64;                 // phase records kept while stepping
constexpr int kMaxActions = 256;               // MctsNode::action is a byte
constexpr uint64_t kModelStream = 0x4D435453;  // "MCTS"

template <class... T>
std::string format(const char* f, T... v) {
  char buf[256];
  std::snprintf(buf, sizeof buf, f, double(v)...);
  return buf;
}

std::string value_label(const Vec& a) {
  std::string s = a.size() > 1 ? "(" : "";
  for (int d = 0; d < int(a.size()); ++d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s%+.3g", d ? ", " : "", double(a(d)));
    s += buf;
  }
  return a.size() > 1 ? s + ")" : s;
}
}  // namespace

Mcts::Mcts(MctsParams p) : p_(p) {}

std::string Mcts::set_params(const ParamSet& set) {
  MctsParams next = p_;
  const std::string err = apply_params(next, set);
  if (!err.empty()) return err;
  set_mcts_params(next);
  return "";
}

void Mcts::set_mcts_params(const MctsParams& next) {
  const bool reshape = next.max_depth != p_.max_depth || next.actions_per_dim != p_.actions_per_dim ||
                       next.trace_paths != p_.trace_paths;
  p_ = next;
  if (reshape) reset();
}

void Mcts::reset() {
  tree_.clear();
  active_ = false;
}

void Mcts::setup_actions(const DynamicsModel& m) {
  Mat acts;
  std::vector<std::string> labels;
  if (const auto* d = dynamic_cast<const DiscreteActionSpace*>(&m)) {
    acts = d->discrete_actions();
    labels = d->discrete_action_labels();
  }
  const int dim = m.action_dim();
  if (acts.cols() == 0 || acts.rows() != dim) {
    // K evenly spaced values per dimension over the bounds, all combinations.
    const ActionBounds b = m.action_bounds();
    std::vector<int> k(size_t(dim), p_.actions_per_dim);
    if (p_.actions_per_dim == 0) {
      bool whole = true;
      for (int d = 0; d < dim; ++d) {
        const float span = b.hi(d) - b.lo(d);
        whole = whole && b.lo(d) == 0.f && b.hi(d) == std::floor(b.hi(d)) && span >= 1 && span <= 7;
      }
      for (int d = 0; d < dim; ++d) k[size_t(d)] = whole ? int(b.hi(d) - b.lo(d)) + 1 : 3;
    }
    long total = 1;
    for (int d = 0; d < dim; ++d) total *= k[size_t(d)];
    if (total > kMaxActions) {
      const int kk = std::max(1, int(std::floor(std::pow(double(kMaxActions), 1.0 / dim) + 1e-9)));
      std::fill(k.begin(), k.end(), kk);
      total = 1;
      for (int d = 0; d < dim; ++d) total *= kk;
    }
    acts.resize(dim, total);
    for (long i = 0; i < total; ++i) {
      long rest = i;
      for (int d = 0; d < dim; ++d) {
        const int kd = k[size_t(d)], j = int(rest % kd);
        rest /= kd;
        acts(d, i) = kd == 1 ? 0.5f * (b.lo(d) + b.hi(d)) : b.lo(d) + (b.hi(d) - b.lo(d)) * float(j) / float(kd - 1);
      }
    }
    labels.clear();
  }
  if (acts.cols() > kMaxActions) acts.conservativeResize(Eigen::NoChange, kMaxActions);
  if (int(labels.size()) != int(acts.cols())) {
    labels.clear();
    for (int i = 0; i < int(acts.cols()); ++i) labels.push_back(value_label(acts.col(i)));
  }
  if (acts.rows() != actions_.rows() || acts.cols() != actions_.cols() || acts != actions_) {
    actions_ = acts;
    tree_.clear();
  }
  labels_ = std::move(labels);
}

void Mcts::begin(const PlanRequest& req, bool empty_tree) {
  req_ = req;
  model_seed_ = stream_key(req.seed, uint64_t(req.plan_index), kModelStream);
  if (req.model != ws_model_) {
    ws_ = req.model->make_workspace(1);
    ws_model_ = req.model;
  }
  setup_actions(*req.model);
  const int A = int(actions_.cols()), sd = req.model->state_dim(), ad = req.model->action_dim();
  reused_ = !empty_tree && p_.reuse_tree && !tree_.empty() && tree_.branching() == A && tree_.state_dim() == sd;
  if (!reused_) tree_.reset(A, sd);
  std::copy(req.state.data(), req.state.data() + sd, tree_.state(0));
  s_.resize(sd, 1);
  s_next_.resize(sd, 1);
  a_.resize(ad, 1);
  cost_.resize(1);
  rollout_states_.resize(sd, p_.rollout_depth + 1);
  path_.reserve(size_t(p_.max_depth) + 1);
  reward_.reserve(size_t(p_.max_depth) + 1);
  const size_t K = size_t(p_.trace_paths);
  ring_nodes_.resize(K * size_t(p_.max_depth + 1));
  ring_len_.resize(K);
  ring_return_.resize(K);
  // The normalisation range starts from the kept subtree's values (if any).
  q_lo_ = std::numeric_limits<float>::infinity();
  q_hi_ = -q_lo_;
  if (reused_)
    for (int i = 1; i < tree_.slots(); ++i)
      if (tree_[i].visits > 0) q_lo_ = std::min(q_lo_, tree_[i].q()), q_hi_ = std::max(q_hi_, tree_[i].q());
  sims_done_ = 0;
  next_ = MctsPhase::Selection;
  nonfinite_ = 0;
  ms_rollout_ = ms_total_ = 0;
  log_.clear();
  recording_ = false;
  expanded_node_ = -1;
  active_ = true;
}

float Mcts::step_model(int action, int t) {
  a_ = actions_.col(action);
  cost_.setZero();
  req_.cost->running_cost(s_, a_, t, cost_);
  StepContext ctx;
  ctx.seed = model_seed_;
  ctx.t = t;
  ctx.sample_begin = sims_done_;
  ctx.workspace = ws_.get();
  req_.model->step(s_, a_, s_next_, ctx);
  s_.swap(s_next_);
  const float r = -cost_(0);
  if (std::isfinite(r)) return r;
  ++nonfinite_;
  return kNonfiniteReward;
}

int Mcts::uct_child(int node) const {
  const MctsNode& n = tree_[node];
  const float log_n = std::log(float(std::max(n.visits, 1)));
  const bool scaled = p_.q_scale != MctsParams::QScale::Raw;
  float lo = q_lo_, hi = q_hi_;
  if (p_.q_scale == MctsParams::QScale::Siblings) {
    lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (int j = n.first_child; j < n.first_child + n.expanded; ++j)
      if (tree_[j].visits > 0) lo = std::min(lo, tree_[j].q()), hi = std::max(hi, tree_[j].q());
  }
  int best = -1;
  float best_score = -std::numeric_limits<float>::infinity();
  for (int j = n.first_child; j < n.first_child + n.expanded; ++j) {
    const MctsNode& ch = tree_[j];
    const float score = ucb_terms_log(ch.q(), ch.visits, log_n, p_.c, scaled, lo, hi).total();
    if (best < 0 || score > best_score) best = j, best_score = score;
  }
  return best;
}

int Mcts::best_root_child() const {
  if (tree_.empty() || tree_[0].expanded == 0) return -1;
  const MctsNode& r = tree_[0];
  int best = r.first_child;
  for (int j = r.first_child + 1; j < r.first_child + r.expanded; ++j) {
    const MctsNode &c = tree_[j], &b = tree_[best];
    if (c.visits > b.visits || (c.visits == b.visits && c.q() > b.q())) best = j;
  }
  return best;
}

namespace {
int most_visited_child(const MctsTree& tree, int u) {
  const MctsNode& n = tree[u];
  if (n.expanded == 0) return -1;
  int best = n.first_child;
  for (int j = n.first_child + 1; j < n.first_child + n.expanded; ++j)
    if (tree[j].visits > tree[best].visits || (tree[j].visits == tree[best].visits && tree[j].q() > tree[best].q()))
      best = j;
  return best;
}
}  // namespace

std::string Mcts::node_label(int node) const {
  return node == 0 ? std::string("root") : "'" + labels_[tree_[node].action] + "'";
}

void Mcts::record(MctsPhase phase, std::string caption, const int* nodes, int n) {
  if (log_.size() >= kMaxLog) log_.erase(log_.begin());
  MctsPhaseRecord r;
  r.phase = phase;
  r.simulation = sims_done_;
  r.nodes.assign(nodes, nodes + n);
  r.caption = std::move(caption);
  caption_ = r.caption;
  log_.push_back(std::move(r));
}

void Mcts::select() {
  const int A = int(actions_.cols());
  path_.clear();
  reward_.clear();
  path_.push_back(0);
  reward_.push_back(0.f);
  s_ = req_.state;
  int u = 0;
  auto can_grow = [&](int v) { return tree_.slots() + tree_.slots_needed(v) <= p_.node_cap; };
  for (;;) {
    const MctsNode& n = tree_[u];
    if (n.depth >= p_.max_depth) break;
    if (n.expanded < A && can_grow(u)) break;
    if (n.expanded == 0) break;
    u = uct_child(u);
    const float r = step_model(tree_[u].action, tree_[u].depth - 1);
    path_.push_back(u);
    reward_.push_back(r);
    std::copy(s_.data(), s_.data() + s_.size(), tree_.state(u));
  }
  next_ = MctsPhase::Expansion;
  if (!recording_) return;
  std::string walk;
  for (size_t k = 1; k < path_.size(); ++k) walk += " -> " + node_label(path_[k]);
  const MctsNode& leaf = tree_[u];
  const std::string why = leaf.depth >= p_.max_depth         ? "is at the maximum depth"
                          : leaf.expanded < A && can_grow(u) ? "still has untried actions"
                                                             : "cannot grow (node cap reached)";
  std::string c = path_.size() == 1
                      ? "Selection: the root " + why + ", so the tree policy stops there."
                      : "Selection: from the root UCT took the child with the highest Q + c sqrt(ln N / n) at each "
                        "level:" +
                            walk + format(" (depth %g), which ", leaf.depth) + why + ".";
  record(MctsPhase::Selection, std::move(c), path_.data(), int(path_.size()));
}

void Mcts::expand() {
  const int u = path_.back();
  const MctsNode n = tree_[u];  // a copy: add_child() may move the nodes
  expanded_node_ = -1;
  const bool grow = n.depth < p_.max_depth && n.expanded < int(actions_.cols()) &&
                    tree_.slots() + tree_.slots_needed(u) <= p_.node_cap;
  if (grow) {
    const int child = tree_.add_child(u);
    const float r = step_model(tree_[child].action, tree_[child].depth - 1);
    path_.push_back(child);
    reward_.push_back(r);
    std::copy(s_.data(), s_.data() + s_.size(), tree_.state(child));
    expanded_node_ = child;
  }
  next_ = MctsPhase::Simulation;
  if (!recording_) return;
  if (grow)
    record(MctsPhase::Expansion,
           "Expansion: added the child " + node_label(expanded_node_) + " under " + node_label(u) +
               format(" at depth %g with N = 0 and Q = 0 (step reward %.3g).", tree_[expanded_node_].depth,
                      reward_.back()),
           &expanded_node_, 1);
  else
    record(MctsPhase::Expansion,
           std::string("Expansion: none -- ") +
               (n.depth >= p_.max_depth ? "the node is at the maximum depth." : "the node cap is reached."),
           nullptr, 0);
}

void Mcts::simulate() {
  const Clock::time_point t0 = Clock::now();
  const int leaf = path_.back(), depth = tree_[leaf].depth, A = int(actions_.cols());
  const bool supplied = p_.rollout == MctsParams::Rollout::Supplied && policy_;
  Rng rng(req_.seed, uint64_t(req_.plan_index), uint64_t(sims_done_), 1);
  rollout_states_.col(0) = s_.col(0);
  float ret = 0.f, disc = 1.f;
  for (int k = 0; k < p_.rollout_depth; ++k) {
    int a = supplied ? policy_(s_.col(0), depth + k, rng) : int(rng.below(uint32_t(A)));
    a = std::clamp(a, 0, A - 1);
    ret += disc * step_model(a, depth + k);
    disc *= p_.discount;
    rollout_states_.col(k + 1) = s_.col(0);
  }
  cost_.setZero();
  req_.cost->terminal_cost(s_, cost_);
  float terminal = -cost_(0);
  if (!std::isfinite(terminal)) ++nonfinite_, terminal = kNonfiniteReward;
  leaf_return_ = ret + disc * terminal;
  ms_rollout_ += ms_since(t0);
  next_ = MctsPhase::Backpropagation;
  if (!recording_) return;
  const char* who = supplied                                      ? "supplied"
                    : p_.rollout == MctsParams::Rollout::Supplied ? "random (none supplied)"
                                                                  : "random";
  record(MctsPhase::Simulation,
         std::string("Simulation: the ") + who +
             format(" default policy ran %g steps from depth %g; discounted return %.4g (terminal reward %.3g "
                    "included).",
                    p_.rollout_depth, depth, leaf_return_, terminal),
         &path_.back(), 1);
}

void Mcts::backpropagate() {
  float g = leaf_return_;
  for (int k = int(path_.size()) - 1; k >= 1; --k) {
    g = reward_[size_t(k)] + p_.discount * g;
    MctsNode& n = tree_[path_[size_t(k)]];
    ++n.visits;
    n.value_sum += g;
    const float q = n.q();
    q_lo_ = std::min(q_lo_, q);
    q_hi_ = std::max(q_hi_, q);
  }
  MctsNode& root = tree_[0];
  ++root.visits;
  root.value_sum += g;
  if (p_.trace_paths > 0) {
    const size_t slot = size_t(sims_done_ % p_.trace_paths), stride = size_t(p_.max_depth + 1);
    std::copy(path_.begin(), path_.end(), ring_nodes_.begin() + long(slot * stride));
    ring_len_[slot] = int(path_.size());
    ring_return_[slot] = leaf_return_;
  }
  if (recording_) {
    const MctsNode& leaf = tree_[path_.back()];
    record(MctsPhase::Backpropagation,
           format("Backpropagation: the discounted return was added to N and Q of %g nodes up to the root "
                  "(root N = %g; the leaf now has Q = %.4g).",
                  double(path_.size()), root.visits, leaf.q()),
           path_.data(), int(path_.size()));
  }
  ++sims_done_;
  next_ = MctsPhase::Selection;
}

const std::string& Mcts::step_phase() {
  if (!active_) {
    caption_ = "No search in progress: begin() a new one.";
    return caption_;
  }
  recording_ = true;
  switch (next_) {
    case MctsPhase::Selection:
      select();
      break;
    case MctsPhase::Expansion:
      expand();
      break;
    case MctsPhase::Simulation:
      simulate();
      break;
    case MctsPhase::Backpropagation:
      backpropagate();
      break;
  }
  return caption_;
}

void Mcts::step_simulation() {
  if (!active_) return;
  do step_phase();
  while (next_ != MctsPhase::Selection);
}

void Mcts::plan(const PlanRequest& req, PlanTrace& trace) {
  const Clock::time_point t0 = Clock::now();
  begin(req);
  plan_before_ = plan_;
  auto one = [this] {
    select();
    expand();
    simulate();
    backpropagate();
  };
  // The stop flag is checked before every simulation (a simulation is at most max_depth +
  // rollout_depth model steps).
  bool cancelled = false;
  if (p_.time_budget_ms > 0.f) {
    do {
      if ((cancelled = req.stop_requested())) break;
      one();
    } while (ms_since(t0) < double(p_.time_budget_ms));
  } else {
    for (int i = 0; i < p_.simulations; ++i) {
      if ((cancelled = req.stop_requested())) break;
      one();
    }
  }
  ms_total_ = ms_since(t0);
  snapshot(trace);
  if (cancelled) {  // the tree keeps its simulations; the plan stays the one from before
    plan_ = plan_before_;
    trace.cancelled = true;
  }
}

PlanMemory Mcts::plan_memory(const ParamSet& p, int state_dim, int action_dim, int trace_cap) const {
  (void)action_dim, (void)trace_cap;
  // Node slots with their states (the tree, reroot()'s second buffer and vector growth), the
  // trace's copy of the live nodes, the ring of recent simulation paths and its copy.
  const double nodes = p.get("node_cap"), paths = p.get("trace_paths"), depth = p.get("max_depth");
  const double node = double(MctsTree::bytes_per_node_fixed()) + sizeof(float) * state_dim;
  PlanMemory m;
  m.bytes = nodes * (3 * node + sizeof(MctsTraceNode) + sizeof(float) * state_dim + 2 * sizeof(int)) +
            2 * paths * (depth + 1) * sizeof(int) + sizeof(float) * state_dim * (p.get("rollout_depth") + 1);
  char buf[160];
  std::snprintf(buf, sizeof buf, "node_cap x bytes per node = %.0f x %.0f (and trace_paths x max_depth = %.0f x %.0f)",
                nodes, 3 * node + sizeof(MctsTraceNode) + sizeof(float) * state_dim, paths, depth + 1);
  m.product = buf;
  return m;
}

void Mcts::shift(int steps) {
  if (steps <= 0) return;
  active_ = false;
  const int H = int(plan_.cols());
  for (int k = 0; k < H; ++k) plan_.col(k) = plan_.col(std::min(k + steps, H - 1));
  if (!p_.reuse_tree || tree_.empty()) {
    tree_.clear();
    return;
  }
  int u = 0;
  for (int i = 0; i < steps; ++i) {
    u = most_visited_child(tree_, u);
    if (u < 0) {
      tree_.clear();
      return;
    }
  }
  tree_.reroot(u);
}

void Mcts::snapshot(PlanTrace& trace) {
  assert(req_.model && req_.cost && "Mcts::snapshot() before begin()");
  trace.cancelled = false;
  if (tree_.empty()) {  // dropped by reset(): nothing to show
    trace.mcts.reset();
    return;
  }
  const int sd = req_.model->state_dim(), ad = req_.model->action_dim(), H = p_.max_depth;
  // The plan: the most-visited path, padded with its last action.
  std::vector<int>& best = bfs_;  // reused buffer
  best.clear();
  for (int u = 0; u >= 0; u = most_visited_child(tree_, u)) best.push_back(u);
  plan_.resize(ad, H);
  for (int k = 0; k < H; ++k) {
    const int node = best[size_t(std::min<int>(k + 1, int(best.size()) - 1))];
    plan_.col(k) = actions_.col(node == 0 ? 0 : tree_[node].action);
  }
  trace.planner = name();
  trace.plan_index = req_.plan_index;
  trace.horizon = H;
  trace.state_dim = sd;
  trace.action_dim = ad;
  trace.iterations_used = 0;
  trace.start_state = req_.state;
  trace.plan_actions = plan_;
  // Roll the plan through the model (one outcome of the model's randomness).
  trace.plan_states.resize(sd, H + 1);
  trace.plan_states.col(0) = req_.state;
  s_ = req_.state;
  float cost = 0.f;
  for (int k = 0; k < H; ++k) {
    a_ = plan_.col(k);
    cost_.setZero();
    req_.cost->running_cost(s_, a_, k, cost_);
    StepContext ctx{model_seed_, k, 0, ws_.get()};
    req_.model->step(s_, a_, s_next_, ctx);
    s_.swap(s_next_);
    trace.plan_states.col(k + 1) = s_.col(0);
    cost += cost_(0);
  }
  cost_.setZero();
  req_.cost->terminal_cost(s_, cost_);
  trace.plan_cost = cost + cost_(0);
  trace.ess = 0.f;
  trace.nonfinite = nonfinite_;
  trace.ms_total = ms_total_;
  trace.ms_rollout = ms_rollout_;
  trace.ms_sample = 0;
  trace.ms_update = ms_total_ - ms_rollout_;

  // The tree for the inspector. Reuse the previous trace object if nobody else holds it.
  if (trace.mcts == trace_) trace.mcts.reset();
  if (!trace_ || trace_.use_count() > 1) trace_ = std::make_shared<MctsTrace>();
  MctsTrace& m = *trace_;
  m.action_set = actions_;
  m.action_labels = labels_;
  m.c = p_.c;
  m.normalized = p_.q_scale != MctsParams::QScale::Raw;
  m.sibling_range = p_.q_scale == MctsParams::QScale::Siblings;
  m.q_lo = q_hi_ >= q_lo_ ? q_lo_ : 0.f;
  m.q_hi = q_hi_ >= q_lo_ ? q_hi_ : 0.f;
  m.simulations = sims_done_;
  m.node_cap = p_.node_cap;
  m.slots = tree_.slots();
  m.bytes_per_node = tree_.bytes_per_node();
  m.reused = reused_;
  m.ms_total = ms_total_;
  m.ms_rollout = ms_rollout_;
  m.nodes.clear();
  m.best_path.clear();
  m.path_nodes.clear();
  m.path_begin.clear();
  m.path_returns.clear();
  m.phases.clear();
  if (sims_done_ > 0)
    m.last_rollout = rollout_states_;
  else
    m.last_rollout.resize(sd, 0);
  if (!p_.trace_tree) {
    m.states.resize(sd, 0);
    trace.mcts = trace_;
    return;
  }
  // Breadth-first copy of the live nodes; remap_ maps tree index -> trace index.
  remap_.assign(size_t(tree_.slots()), -1);
  order_.clear();
  order_.push_back(0);
  remap_[0] = 0;
  for (size_t h = 0; h < order_.size(); ++h) {
    const MctsNode& n = tree_[order_[h]];
    MctsTraceNode t;
    t.parent = n.parent < 0 ? -1 : remap_[size_t(n.parent)];
    t.action = n.action;
    t.depth = n.depth;
    t.visits = n.visits;
    t.q = n.q();
    if (n.expanded > 0) {
      t.first_child = int(order_.size());
      t.child_count = n.expanded;
      for (int a = 0; a < n.expanded; ++a) {
        remap_[size_t(n.first_child + a)] = int(order_.size());
        order_.push_back(n.first_child + a);
      }
    }
    m.nodes.push_back(t);
  }
  m.states.resize(sd, long(order_.size()));
  for (size_t i = 0; i < order_.size(); ++i) m.states.col(long(i)) = Eigen::Map<const Vec>(tree_.state(order_[i]), sd);
  for (int u : best) m.best_path.push_back(remap_[size_t(u)]);
  const int K = p_.trace_paths;
  for (int s = std::max(0, sims_done_ - K); s < sims_done_ && K > 0; ++s) {
    const size_t slot = size_t(s % K), stride = size_t(p_.max_depth + 1);
    m.path_begin.push_back(int(m.path_nodes.size()));
    for (int k = 0; k < ring_len_[slot]; ++k)
      m.path_nodes.push_back(remap_[size_t(ring_nodes_[slot * stride + size_t(k)])]);
    m.path_returns.push_back(ring_return_[slot]);
  }
  if (!m.path_begin.empty()) m.path_begin.push_back(int(m.path_nodes.size()));
  for (const MctsPhaseRecord& r : log_) {
    MctsPhaseRecord c = r;
    for (int& v : c.nodes) v = remap_[size_t(v)];
    m.phases.push_back(std::move(c));
  }
  trace.mcts = trace_;
}

}  // namespace mbrl
