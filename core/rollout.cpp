#include "core/rollout.hpp"

#include <cassert>
#include <cmath>
#include <limits>

#include "core/rng.hpp"

namespace mbrl {

namespace {
constexpr uint64_t kModelStream = 0x40DE15ull;  // keeps model noise apart from action draws

// dst.col(j) = src.col(j) for blocks of a few rows: plain loops (specialised for 1 and 2 rows,
// the common action and state sizes), because Eigen's generic block assignment pays its
// alignment peeling once per 1- or 2-row column.
template <int Rows>
void copy_cols(float* d, Eigen::Index ds, const float* s, Eigen::Index ss, Eigen::Index rows, Eigen::Index n) {
  const Eigen::Index R = Rows > 0 ? Rows : rows;
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index r = 0; r < R; ++r) d[j * ds + r] = s[j * ss + r];
}

template <class Dst, class Src>
void copy_block(Dst&& dst, const Src& src) {
  const Eigen::Index rows = src.rows(), n = src.cols();
  if (rows == 1) copy_cols<1>(dst.data(), dst.outerStride(), src.data(), src.outerStride(), 1, n);
  else if (rows == 2) copy_cols<2>(dst.data(), dst.outerStride(), src.data(), src.outerStride(), 2, n);
  else copy_cols<0>(dst.data(), dst.outerStride(), src.data(), src.outerStride(), rows, n);
}
}  // namespace

void Rollout::prepare(const PlanRequest& req, int horizon, int population) {
  assert(req.model && req.cost);
  assert(req.state.size() == req.model->state_dim());
  S_ = req.model->state_dim();
  A_ = req.model->action_dim();
  H_ = horizon;
  K_ = population;
  record_ = req.trace_cap > 0;
  actions.resize(A_ * H_, K_);
  if (record_) states.resize(S_ * (H_ + 1), K_);
  costs.resize(K_);
  one_cost_.resize(1);
  const size_t nw = size_t(req.pool ? std::max(1, req.pool->size()) : 1);
  if (workers_.size() != nw || model_ != req.model) {
    workers_.clear();
    workers_.resize(nw);
    for (auto& w : workers_) w.workspace = req.model->make_workspace(kChunk);
    model_ = req.model;
  }
  // Size every worker's draw scratch for a full chunk now: growing it lazily would allocate in
  // whichever later plan first hands that worker a chunk.
  for (auto& w : workers_) {
    w.normals.reserve(A_ * H_, kChunk);
    w.x0.resize(S_, kChunk);
    w.x1.resize(S_, kChunk);
    w.u.resize(A_, kChunk);
  }
}

void Rollout::roll_chunk(const PlanRequest& req, int iteration, int c0, int n, RolloutWorker& w) {
  const DynamicsModel& model = *req.model;
  const CostModel& cost = *req.cost;
  auto c = costs.segment(c0, n);
  // Step in packed per-worker buffers (column stride = dimension): models can then vectorise
  // over the columns. The population's state trajectories are copied out only when a trace keeps
  // samples.
  auto x = w.x0.leftCols(n);
  auto y = w.x1.leftCols(n);
  auto u = w.u.leftCols(n);
  x.colwise() = req.state;
  if (record_) copy_block(states.block(0, c0, S_, n), x);
  StepContext ctx;
  ctx.seed = stream_key(req.seed, uint64_t(req.plan_index), uint64_t(iteration), kModelStream);
  ctx.sample_begin = c0;
  ctx.workspace = w.workspace.get();
  for (int t = 0; t < H_; ++t) {
    ctx.t = t;
    copy_block(u, actions.block(t * A_, c0, A_, n));
    if (t % 2 == 0) {
      cost.running_cost(x, u, t, c);
      model.step(x, u, y, ctx);
      if (record_) copy_block(states.block((t + 1) * S_, c0, S_, n), y);
    } else {
      cost.running_cost(y, u, t, c);
      model.step(y, u, x, ctx);
      if (record_) copy_block(states.block((t + 1) * S_, c0, S_, n), x);
    }
  }
  cost.terminal_cost(H_ % 2 == 0 ? x : y, c);
}

int Rollout::sanitize_costs() {
  int bad = 0;
  const float inf = std::numeric_limits<float>::infinity();
  for (int i = 0; i < K_; ++i)
    if (!std::isfinite(costs(i))) {
      costs(i) = inf;
      ++bad;
    }
  return bad;
}

float Rollout::roll_one(const PlanRequest& req, const Mat& plan, Mat& states_out, int tag) {
  const int H = int(plan.cols());
  states_out.resize(S_, H + 1);
  states_out.col(0) = req.state;
  one_cost_.setZero();
  StepContext ctx;
  ctx.seed = stream_key(req.seed, uint64_t(req.plan_index), uint64_t(tag), kModelStream);
  ctx.sample_begin = tag;
  ctx.workspace = workers_.empty() ? nullptr : workers_[0].workspace.get();
  for (int t = 0; t < H; ++t) {
    ctx.t = t;
    req.cost->running_cost(states_out.col(t), plan.col(t), t, one_cost_);
    req.model->step(states_out.col(t), plan.col(t), states_out.col(t + 1), ctx);
  }
  req.cost->terminal_cost(states_out.col(H), one_cost_);
  return one_cost_(0);
}

}  // namespace mbrl
