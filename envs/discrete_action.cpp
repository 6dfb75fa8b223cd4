#include "envs/discrete_action.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace mbrl {

namespace {
constexpr const char* kCountKey = "discrete_actions";

std::string fmt_value(float v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%+.3g", double(v));
  return buf;
}
}  // namespace

std::string DiscreteActionEnv::check_count(const ActionBounds& b, int n) {
  const int dim = int(b.lo.size());
  if (dim < 1) return "parameter '" + std::string(kCountKey) + "': the environment has no action";
  if (dim == 1 && (n < 3 || n > 5))
    return "parameter '" + std::string(kCountKey) + "': " + std::to_string(n) + " is out of range [3, 5]";
  if (dim >= 2 && (n < 4 || n > 5))
    return "parameter '" + std::string(kCountKey) + "': " + std::to_string(n) + " is out of range [4, 5] for a " +
           std::to_string(dim) + "-D action";
  return "";
}

Mat DiscreteActionEnv::action_table(const ActionBounds& b, int n) {
  const int dim = int(b.lo.size());
  Mat t(dim, n);
  if (dim == 1) {
    for (int i = 0; i < n; ++i) t(0, i) = b.lo(0) + (b.hi(0) - b.lo(0)) * float(i) / float(n - 1);
    return t;
  }
  const Vec mid = 0.5f * (b.lo + b.hi);
  for (int i = 0; i < n; ++i) t.col(i) = mid;
  t(0, 0) = b.hi(0);  // +x
  t(0, 1) = b.lo(0);  // -x
  t(1, 2) = b.hi(1);  // +y
  t(1, 3) = b.lo(1);  // -y
  return t;           // column 4 (n = 5): the middle, "coast"
}

DiscreteActionEnv::DiscreteActionEnv(std::unique_ptr<Env> inner, int n) : inner_(std::move(inner)) {
  const ActionBounds b = inner_->action_bounds();
  n_ = check_count(b, n).empty() ? n : (b.lo.size() >= 2 ? 5 : 3);
  table_ = action_table(b, n_);
}

DiscreteActionEnv::DiscreteActionEnv(const DiscreteActionEnv& o)
    : Env(), DiscreteActionSpace(), inner_(o.inner_->clone()), n_(o.n_), table_(o.table_) {}

ActionBounds DiscreteActionEnv::action_bounds() const {
  ActionBounds b;
  b.lo = Vec::Zero(1);
  b.hi = Vec::Constant(1, float(n_ - 1));
  return b;
}

void DiscreteActionEnv::map_actions(CMatRef index_actions, MatRef inner_actions) const {
  for (int i = 0; i < int(index_actions.cols()); ++i) {
    const float x = index_actions(0, i);
    const int k = std::isfinite(x) ? std::clamp(int(std::lround(std::clamp(x, -1e6f, 1e6f))), 0, n_ - 1) : 0;
    inner_actions.col(i) = table_.col(k);
  }
}

namespace {
// Per-thread scratch for the mapped actions: step() is const and called from many threads;
// the buffer grows to the largest batch once and is reused (no allocation after warm-up).
Mat& scratch(int rows, int cols) {
  thread_local Mat buf;
  if (buf.rows() != rows || buf.cols() < cols) buf.resize(rows, std::max<Eigen::Index>(cols, buf.cols()));
  return buf;
}
}  // namespace

void DiscreteActionEnv::step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const {
  Mat& buf = scratch(int(table_.rows()), int(actions.cols()));
  auto mapped = buf.leftCols(actions.cols());
  map_actions(actions, mapped);
  inner_->step(states, mapped, next, ctx);
}

void DiscreteActionEnv::running_cost(CMatRef states, CMatRef actions, int t, VecRef cost) const {
  Mat& buf = scratch(int(table_.rows()), int(actions.cols()));
  auto mapped = buf.leftCols(actions.cols());
  map_actions(actions, mapped);
  inner_->running_cost(states, mapped, t, cost);
}

Mat DiscreteActionEnv::discrete_actions() const {
  Mat a(1, n_);
  for (int i = 0; i < n_; ++i) a(0, i) = float(i);
  return a;
}

std::vector<std::string> DiscreteActionEnv::discrete_action_labels() const {
  std::vector<std::string> labels;
  const std::vector<std::string> names = inner_->action_names();
  for (int i = 0; i < n_; ++i) {
    std::string l;
    for (int d = 0; d < int(table_.rows()); ++d) {
      if (table_.rows() > 1 && table_(d, i) == 0.5f * (inner_->action_bounds().lo(d) + inner_->action_bounds().hi(d)))
        continue;
      if (!l.empty()) l += ' ';
      if (size_t(d) < names.size()) l += names[size_t(d)];
      l += fmt_value(table_(d, i));
    }
    labels.push_back(l.empty() ? "coast" : l);
  }
  return labels;
}

std::string DiscreteActionEnv::display_name() const {
  return inner_->display_name() + " (" + std::to_string(n_) + " actions)";
}

std::string DiscreteActionEnv::description() const {
  return inner_->description() + " Discrete variant: the action is one of " + std::to_string(n_) +
         " fixed vectors, so tree search (MCTS) can branch over them.";
}

Outcome DiscreteActionEnv::evaluate(const EpisodeView& ep) const {
  if (!ep.actions) return inner_->evaluate(ep);
  std::vector<Vec> mapped;
  mapped.reserve(ep.actions->size());
  for (const Vec& a : *ep.actions) {
    Mat m(table_.rows(), 1);
    map_actions(a, m);
    mapped.push_back(m.col(0));
  }
  EpisodeView inner_ep{ep.states, &mapped};
  return inner_->evaluate(inner_ep);
}

ParamSet DiscreteActionEnv::params() const {
  ParamSet s = inner_->params();
  ParamInfo info;
  info.key = kCountKey;
  info.kind = ParamKind::Int;
  info.def = table_.rows() >= 2 ? 5 : 3;
  info.lo = table_.rows() >= 2 ? 4 : 3;
  info.hi = 5;
  info.help = table_.rows() >= 2 ? "Number of discrete actions: 4 = +-x, +-y at full force; 5 adds coasting"
                                 : "Number of discrete actions, evenly spaced from the lowest to the highest";
  s.infos.push_back(info);
  s.values.push_back(n_);
  return s;
}

std::string DiscreteActionEnv::set_params(const ParamSet& p) {
  int n = n_;
  ParamSet inner_set;
  for (size_t i = 0; i < p.infos.size(); ++i) {
    if (p.infos[i].key == kCountKey) {
      const double v = p.values[i];
      if (!std::isfinite(v) || v != std::floor(v))
        return "parameter '" + std::string(kCountKey) + "': expected a whole number";
      n = int(std::clamp(v, -1e6, 1e6));
    } else {
      inner_set.infos.push_back(p.infos[i]);
      inner_set.values.push_back(p.values[i]);
    }
  }
  // Validate everything before changing anything, so an error keeps the old state.
  const std::string count_err = check_count(inner_->action_bounds(), n);
  if (!count_err.empty()) return count_err;
  std::unique_ptr<Env> candidate = inner_->clone();
  const std::string err = candidate->set_params(inner_set);
  if (!err.empty()) return err;
  const std::string count_err2 = check_count(candidate->action_bounds(), n);
  if (!count_err2.empty()) return count_err2;
  inner_ = std::move(candidate);
  n_ = n;
  table_ = action_table(inner_->action_bounds(), n_);
  return "";
}

std::map<std::string, double> DiscreteActionEnv::recommended_planner_settings() const {
  // MCTS: the budget the unit tests solve pendulum, hill and navigation with.
  std::map<std::string, double> s = inner_->recommended_planner_settings();
  s["simulations"] = 200;
  s["rollout_depth"] = 20;
  s["max_depth"] = 20;
  return s;
}

}  // namespace mbrl
