#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/learned_model.hpp"

#include <cassert>
#include <cmath>

#include "core/rng.hpp"

namespace mbrl {

namespace {
void grow(Mat& m, Eigen::Index rows, Eigen::Index cols) {
  if (m.rows() != rows || m.cols() < cols) m.resize(rows, cols);
}
}  // namespace

void LearnedWorkspace::ensure(const NetSpec& spec, Eigen::Index cols) {
  const int K = spec.members, no = spec.net_out();
  ens.ensure(spec, cols);
  grow(x, spec.in_dim(), cols);
  grow(xg, spec.in_dim(), cols);
  grow(out, Eigen::Index(K) * no, cols);
  grow(og, no, cols);
  if (var.size() < cols) var.resize(cols);
  if (member_of.size() < size_t(cols)) {
    member_of.resize(size_t(cols));
    order.resize(size_t(cols));
  }
  start.resize(size_t(K) + 1);
  pos.resize(size_t(K));
}

LearnedModel::LearnedModel(std::shared_ptr<const Ensemble> ens, ObsMap obs, ActionBounds bounds, const ModelParams& p)
    : ens_(std::move(ens)),
      obs_(std::move(obs)),
      bounds_(std::move(bounds)),
      prop_(p.propagation),
      noise_(p.sample_noise),
      particles_(p.particles) {
  assert(ens_ && ens_->spec.state_dim == obs_.state_dim && ens_->spec.obs_dim == obs_.obs_dim);
}

std::unique_ptr<ModelWorkspace> LearnedModel::make_workspace(int max_batch) const {
  auto w = std::make_unique<LearnedWorkspace>();
  w->ensure(ens_->spec, std::max(1, max_batch));
  return w;
}

LearnedWorkspace& LearnedModel::resolve(ModelWorkspace* ws, Eigen::Index cols) const {
  LearnedWorkspace* w = ws ? dynamic_cast<LearnedWorkspace*>(ws) : nullptr;
  if (!w) {
    thread_local LearnedWorkspace local;
    w = &local;
  }
  w->ensure(ens_->spec, cols);
  return *w;
}

void LearnedModel::inputs(CMatRef states, CMatRef actions, LearnedWorkspace& w) const {
  const Eigen::Index n = states.cols();
  const int od = obs_.obs_dim;
  auto x = w.x.leftCols(n);
  obs_.apply(states, x.topRows(od));
  x.bottomRows(ens_->spec.action_dim) = actions;
  ens_->input.normalize(x, x);
}

void LearnedModel::finish(CMatRef, MatRef next) const {
  if (!obs_.wrap_output) return;
  for (int a : obs_.angle_dims) next.row(a) = next.row(a).unaryExpr([](float v) { return wrap_angle(v); });
}

Eigen::Block<Mat> LearnedModel::forward_members(LearnedWorkspace& w, Eigen::Index n) const {
  const Ensemble& e = *ens_;
  auto out = w.out.topLeftCorner(Eigen::Index(e.spec.members) * e.spec.net_out(), n);
  e.forward_all(w.x.leftCols(n), out, w.ens);
  return out;
}

void LearnedModel::member_moments(const Eigen::Block<Mat>& out, MatRef mean, VecRef var) const {
  const int K = ens_->spec.members, no = ens_->spec.net_out(), D = ens_->spec.state_dim;
  mean = out.topRows(D);
  for (int k = 1; k < K; ++k) mean += out.middleRows(Eigen::Index(k) * no, D);
  mean /= float(K);
  var.setZero();
  for (int k = 0; k < K; ++k)
    var += (out.middleRows(Eigen::Index(k) * no, D) - mean).colwise().squaredNorm().transpose();
  var /= float(K);
}

void LearnedModel::add_delta(CMatRef states, CMatRef delta, MatRef next) const {
  const Vec& tstd = ens_->target.std;
  const Vec& tmean = ens_->target.mean;
  next = states + ((delta.array().colwise() * tstd.array()).colwise() + tmean.array()).matrix();
}

int LearnedModel::particles() const {
  return prop_ == Propagation::Expectation ? ens_->spec.members : std::max(1, particles_);
}

void LearnedModel::step(CMatRef states, CMatRef actions, MatRef next, const StepContext& ctx) const {
  const Ensemble& e = *ens_;
  const NetSpec& sp = e.spec;
  const Eigen::Index n = states.cols();
  const int K = sp.members, no = sp.net_out(), D = sp.state_dim;
  const bool prob = sp.head == Head::Probabilistic, noisy = prob && noise_;
  const Vec& tstd = e.target.std;
  const Vec& tmean = e.target.mean;
  LearnedWorkspace& w = resolve(ctx.workspace, n);
  inputs(states, actions, w);
  auto x = w.x.leftCols(n);
  const uint64_t sb = uint64_t(int64_t(ctx.sample_begin));

  if (prop_ == Propagation::Mean) {
    auto out = forward_members(w, n);
    auto mean = w.og.topLeftCorner(D, n);
    member_moments(out, mean, w.var.head(n));
    w.var_cols = n;
    add_delta(states, mean, next);
    if (noisy) {
      for (Eigen::Index c = 0; c < n; ++c) {
        Rng rng(ctx.seed, uint64_t(ctx.t), sb + uint64_t(c), 1);
        for (int d = 0; d < D; ++d) {
          float v = 0;
          for (int k = 0; k < K; ++k)
            v += std::exp(soft_logvar(out(k * no + D + d, c), e.max_logvar(k)[d], e.min_logvar(k)[d]));
          next(d, c) += std::sqrt(v / float(K)) * tstd(d) * rng.normal();
        }
      }
    }
    finish(states, next);
    return;
  }

  // TS1 / TSinf / Expectation: one member per sample (for TSinf and Expectation the sample
  // index mod K; with P = K particles per candidate that is every member once). Group samples by member (counting sort)
  // so that each member runs one GEMM-shaped forward over its group.
  w.var_cols = 0;
  for (Eigen::Index c = 0; c < n; ++c)
    w.member_of[size_t(c)] = prop_ != Propagation::TS1
                                 ? int((sb + uint64_t(c)) % uint64_t(K))
                                 : int(Rng(ctx.seed, uint64_t(ctx.t), sb + uint64_t(c)).below(uint32_t(K)));
  std::fill(w.start.begin(), w.start.end(), 0);
  for (Eigen::Index c = 0; c < n; ++c) ++w.start[size_t(w.member_of[size_t(c)]) + 1];
  for (int k = 0; k < K; ++k) w.start[size_t(k) + 1] += w.start[size_t(k)];
  {
    std::copy(w.start.begin(), w.start.end() - 1, w.pos.begin());
    for (Eigen::Index c = 0; c < n; ++c) w.order[size_t(w.pos[size_t(w.member_of[size_t(c)])]++)] = int(c);
  }
  for (int k = 0; k < K; ++k) {
    const int b = w.start[size_t(k)], m = w.start[size_t(k) + 1] - b;
    if (m == 0) continue;
    auto xg = w.xg.leftCols(m);
    for (int j = 0; j < m; ++j) xg.col(j) = x.col(w.order[size_t(b + j)]);
    auto og = w.og.topLeftCorner(no, m);
    e.forward_member(k, xg, og, w.ens);
    for (int j = 0; j < m; ++j) {
      const int c = w.order[size_t(b + j)];
      next.col(c) = states.col(c) + (og.col(j).head(D).cwiseProduct(tstd) + tmean);
      if (noisy) {
        Rng rng(ctx.seed, uint64_t(ctx.t), sb + uint64_t(c), 1);
        for (int d = 0; d < D; ++d) {
          const float lv = soft_logvar(og(D + d, j), e.max_logvar(k)[d], e.min_logvar(k)[d]);
          next(d, c) += std::exp(0.5f * lv) * tstd(d) * rng.normal();
        }
      }
    }
  }
  finish(states, next);
}

void LearnedModel::predict_members(CMatRef states, CMatRef actions, MatRef out_members, ModelWorkspace* ws) const {
  const Eigen::Index n = states.cols();
  const int K = ens_->spec.members, no = ens_->spec.net_out(), D = ens_->spec.state_dim;
  LearnedWorkspace& w = resolve(ws, n);
  inputs(states, actions, w);
  auto out = forward_members(w, n);
  for (int k = 0; k < K; ++k) {
    auto mk = out_members.middleRows(Eigen::Index(k) * D, D);
    add_delta(states, out.middleRows(Eigen::Index(k) * no, D), mk);
    finish(states, mk);
  }
}

void LearnedModel::step_member(int k, CMatRef states, CMatRef actions, MatRef next, ModelWorkspace* ws) const {
  const Ensemble& e = *ens_;
  const Eigen::Index n = states.cols();
  LearnedWorkspace& w = resolve(ws, n);
  inputs(states, actions, w);
  auto og = w.og.topLeftCorner(e.spec.net_out(), n);
  e.forward_member(k, w.x.leftCols(n), og, w.ens);
  add_delta(states, og.topRows(e.spec.state_dim), next);
  finish(states, next);
}

void LearnedModel::member_variance(CMatRef states, CMatRef actions, VecRef var, ModelWorkspace* ws) const {
  const Eigen::Index n = states.cols();
  LearnedWorkspace& w = resolve(ws, n);
  inputs(states, actions, w);
  member_moments(forward_members(w, n), w.og.topLeftCorner(ens_->spec.state_dim, n), var);
}

Eigen::Map<const Vec> LearnedModel::last_variance(const ModelWorkspace& ws) {
  const auto& w = static_cast<const LearnedWorkspace&>(ws);
  return Eigen::Map<const Vec>(w.var.data(), w.var_cols);
}

}  // namespace mbrl
