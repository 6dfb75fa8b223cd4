#include "core/rollout.hpp"

#include <algorithm>
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
  if (rows == 1)
    copy_cols<1>(dst.data(), dst.outerStride(), src.data(), src.outerStride(), 1, n);
  else if (rows == 2)
    copy_cols<2>(dst.data(), dst.outerStride(), src.data(), src.outerStride(), 2, n);
  else
    copy_cols<0>(dst.data(), dst.outerStride(), src.data(), src.outerStride(), rows, n);
}

// Eigen's resize() frees the old buffer before allocating the new one and, when that allocation
// throws, leaves the matrix pointing at freed memory. The population-sized buffers are replaced
// instead: the old one is freed first (both need not fit together), and on std::bad_alloc the
// matrix is left empty and valid.
template <class M>
void replace_storage(M& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() == rows && m.cols() == cols) return;
  m = M();
  M fresh(rows, cols);
  m.swap(fresh);
}

float sanitized(float c) { return std::isfinite(c) ? c : std::numeric_limits<float>::infinity(); }
}  // namespace

void Rollout::prepare(const PlanRequest& req, int horizon, int population) {
  assert(req.model && req.cost);
  assert(req.state.size() == req.model->state_dim());
  S_ = req.model->state_dim();
  A_ = req.model->action_dim();
  H_ = horizon;
  K_ = population;
  P_ = std::max(1, req.model->particles());
  chunk_ = std::max(1, kChunk / P_);
  const int cols = chunk_ * P_;  // columns per chunk: at most max(kChunk, P)
  record_ = req.trace_cap > 0;
  keep_ = record_ ? std::min(req.trace_cap, K_) : 0;
  replace_storage(actions, A_ * H_, K_);
  replace_storage(costs, K_, 1);
  replace_storage(kept_states_, record_ ? S_ * (H_ + 1) : 0, keep_);
  slot_cost_.resize(size_t(keep_));
  slot_index_.resize(size_t(keep_));
  heap_.reserve(size_t(keep_));
  kept_order_.reserve(size_t(keep_));
  kept_n_ = 0;
  const size_t nw = size_t(req.pool ? std::max(1, req.pool->size()) : 1);
  if (model_ != req.model) one_.workspace.reset();
  if (workers_.size() != nw || model_ != req.model) {
    workers_.clear();
    workers_.resize(nw);
    model_ = req.model;
  }
  // Size every worker's buffers for a full chunk now: growing them lazily would allocate in
  // whichever later plan first hands that worker a chunk.
  auto size_worker = [&](RolloutWorker& w, int columns) {
    if (!w.workspace || w.x0.cols() < columns) w.workspace = req.model->make_workspace(std::max(kChunk, columns));
    w.normals.reserve(A_ * H_, kChunk);
    if (w.x0.rows() != S_ || w.x0.cols() < columns) {
      w.x0.resize(S_, columns);
      w.x1.resize(S_, columns);
    }
    if (w.u.rows() != A_ || w.u.cols() < columns) w.u.resize(A_, columns);
    if (P_ > 1 && w.particle_costs.size() < columns) w.particle_costs.resize(columns);
    if (record_ && (w.traj.rows() != S_ * (H_ + 1) || w.traj.cols() < chunk_)) w.traj.resize(S_ * (H_ + 1), chunk_);
  };
  for (auto& w : workers_) size_worker(w, std::max(kChunk, cols));
  size_worker(one_, P_);
}

void Rollout::roll_chunk(const PlanRequest& req, int iteration, int c0, int n, RolloutWorker& w) {
  StepContext ctx;
  ctx.seed = stream_key(req.seed, uint64_t(req.plan_index), uint64_t(iteration), kModelStream);
  ctx.workspace = w.workspace.get();
  if (P_ > 1) {
    roll_particles(req, ctx, c0, n, w);
    return;
  }
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
  if (record_) copy_block(w.traj.block(0, 0, S_, n), x);
  ctx.sample_begin = c0;
  for (int t = 0; t < H_; ++t) {
    if (req.stop_requested()) return;  // a learned model's step over a chunk can take long
    ctx.t = t;
    copy_block(u, actions.block(t * A_, c0, A_, n));
    if (t % 2 == 0) {
      cost.running_cost(x, u, t, c);
      model.step(x, u, y, ctx);
      if (record_) copy_block(w.traj.block((t + 1) * S_, 0, S_, n), y);
    } else {
      cost.running_cost(y, u, t, c);
      model.step(y, u, x, ctx);
      if (record_) copy_block(w.traj.block((t + 1) * S_, 0, S_, n), x);
    }
  }
  cost.terminal_cost(H_ % 2 == 0 ? x : y, c);
}

void Rollout::roll_particles(const PlanRequest& req, const StepContext& ctx0, int c0, int n, RolloutWorker& w) {
  const DynamicsModel& model = *req.model;
  const CostModel& cost = *req.cost;
  const int P = P_, m = n * P;
  StepContext ctx = ctx0;
  ctx.sample_begin = c0 * P;
  auto pc = w.particle_costs.head(m);
  pc.setZero();
  Mat* cur = &w.x0;
  Mat* nxt = &w.x1;
  cur->leftCols(m).colwise() = req.state;
  auto record = [&](int t, const Mat& xs) {  // particle 0 of every candidate
    for (int i = 0; i < n; ++i) w.traj.block(t * S_, i, S_, 1) = xs.col(Eigen::Index(i) * P);
  };
  if (record_) record(0, *cur);
  auto u = w.u.leftCols(m);
  for (int t = 0; t < H_; ++t) {
    if (req.stop_requested()) return;
    ctx.t = t;
    for (int i = 0; i < n; ++i)
      u.middleCols(Eigen::Index(i) * P, P).colwise() = actions.block(t * A_, c0 + i, A_, 1).col(0);
    cost.running_cost(cur->leftCols(m), u, t, pc);
    model.step(cur->leftCols(m), u, nxt->leftCols(m), ctx);
    std::swap(cur, nxt);
    if (record_) record(t + 1, *cur);
  }
  cost.terminal_cost(cur->leftCols(m), pc);
  // Sum each candidate's particles in a fixed order, so the mean does not depend on threads.
  for (int i = 0; i < n; ++i) costs(c0 + i) += pc.segment(Eigen::Index(i) * P, P).sum() / float(P);
}

bool Rollout::slot_less(int a, int b) const {
  const float ca = slot_cost_[size_t(a)], cb = slot_cost_[size_t(b)];
  return ca < cb || (ca == cb && slot_index_[size_t(a)] < slot_index_[size_t(b)]);
}

void Rollout::keep_chunk(int c0, int n, const RolloutWorker& w) {
  // The kept set is the keep_ smallest (cost, index) pairs: a total order, so the set and every
  // slot's contents do not depend on the order in which the threads offer their chunks.
  auto heap_less = [this](int a, int b) { return slot_less(a, b); };  // max-heap: the worst on top
  std::lock_guard<std::mutex> lock(keep_mu_);
  for (int i = 0; i < n; ++i) {
    const float cost = sanitized(costs(c0 + i));
    const int index = c0 + i;
    int slot;
    if (kept_n_ < keep_) {
      slot = kept_n_++;
    } else {
      if (keep_ == 0) return;
      const int worst = heap_.front();
      const float wc = slot_cost_[size_t(worst)];
      if (!(cost < wc || (cost == wc && index < slot_index_[size_t(worst)]))) continue;
      std::pop_heap(heap_.begin(), heap_.end(), heap_less);
      heap_.pop_back();
      slot = worst;
    }
    slot_cost_[size_t(slot)] = cost;
    slot_index_[size_t(slot)] = index;
    kept_states_.col(slot) = w.traj.col(i);
    heap_.push_back(slot);
    std::push_heap(heap_.begin(), heap_.end(), heap_less);
  }
}

void Rollout::finish_kept() {
  kept_order_.resize(size_t(kept_n_));
  for (int k = 0; k < kept_n_; ++k) kept_order_[size_t(k)] = k;
  std::sort(kept_order_.begin(), kept_order_.end(), [this](int a, int b) { return slot_less(a, b); });
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
  const int H = int(plan.cols()), P = P_;
  states_out.resize(S_, H + 1);
  StepContext ctx;
  ctx.seed = stream_key(req.seed, uint64_t(req.plan_index), uint64_t(tag), kModelStream);
  ctx.sample_begin = tag * P;
  ctx.workspace = one_.workspace.get();
  Mat* cur = &one_.x0;
  Mat* nxt = &one_.x1;
  auto u = one_.u.leftCols(P);
  Vec& pc = one_.particle_costs;
  if (pc.size() < P) pc.resize(P);
  auto c = pc.head(P);
  c.setZero();
  cur->leftCols(P).colwise() = req.state;
  states_out.col(0) = req.state;
  for (int t = 0; t < H; ++t) {
    ctx.t = t;
    u.colwise() = plan.col(t);
    req.cost->running_cost(cur->leftCols(P), u, t, c);
    req.model->step(cur->leftCols(P), u, nxt->leftCols(P), ctx);
    std::swap(cur, nxt);
    states_out.col(t + 1) = cur->col(0);
  }
  req.cost->terminal_cost(cur->leftCols(P), c);
  return c.sum() / float(P);
}

}  // namespace mbrl
