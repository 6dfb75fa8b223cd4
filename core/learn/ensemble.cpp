#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/ensemble.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "core/rng.hpp"
#include "core/thread_pool.hpp"

namespace mbrl {

MlpShape NetSpec::shape() const {
  MlpShape s;
  s.sizes.push_back(in_dim());
  for (int h : hidden) s.sizes.push_back(h);
  s.sizes.push_back(net_out());
  s.act = act;
  return s;
}

Eigen::Index NetSpec::member_params() const {
  return shape().num_params() + (head == Head::Probabilistic ? 2 * state_dim : 0);
}

bool NetSpec::operator==(const NetSpec& o) const {
  return state_dim == o.state_dim && action_dim == o.action_dim && obs_dim == o.obs_dim && obs_name == o.obs_name &&
         members == o.members && hidden == o.hidden && act == o.act && head == o.head;
}

std::string NetSpec::describe() const {
  static const char* acts[] = {"silu", "tanh", "relu"};
  std::ostringstream os;
  os << obs_name << ": state " << state_dim << ", action " << action_dim << ", obs " << obs_dim << " -> ";
  for (size_t i = 0; i < hidden.size(); ++i) os << (i ? "x" : "") << hidden[i];
  os << ' ' << acts[int(act)] << " -> " << (head == Head::Probabilistic ? "probabilistic" : "deterministic") << ", "
     << members << (members == 1 ? " member" : " members");
  return os.str();
}

float softplus(float x) { return std::max(x, 0.0f) + std::log1p(std::exp(-std::abs(x))); }

static float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

float soft_logvar(float raw, float max_lv, float min_lv, float* d_raw, float* d_max, float* d_min) {
  // u = max - softplus(max - raw); lv = min + softplus(u - min)
  const float u = max_lv - softplus(max_lv - raw);
  const float lv = min_lv + softplus(u - min_lv);
  if (d_raw) {
    const float s1 = sigmoid(max_lv - raw);  // du/draw = s1, du/dmax = 1 - s1
    const float s2 = sigmoid(u - min_lv);    // dlv/du = s2, dlv/dmin = 1 - s2
    *d_raw = s2 * s1;
    *d_max = s2 * (1.0f - s1);
    *d_min = 1.0f - s2;
  }
  return lv;
}

void EnsembleWorkspace::ensure(const NetSpec& spec, Eigen::Index cols) {
  const int K = spec.members;
  const int h1 = spec.hidden.front();
  if (h0.rows() != Eigen::Index(K) * h1 || h0.cols() < cols) h0.resize(Eigen::Index(K) * h1, cols);
  int mh = 0;
  for (int h : spec.hidden) mh = std::max(mh, h);
  ping.resize(size_t(K));
  pong.resize(size_t(K));
  for (int k = 0; k < K; ++k) {
    if (ping[size_t(k)].rows() != mh || ping[size_t(k)].cols() < cols) ping[size_t(k)].resize(mh, cols);
    if (pong[size_t(k)].rows() != mh || pong[size_t(k)].cols() < cols) pong[size_t(k)].resize(mh, cols);
  }
}

void Ensemble::init(const NetSpec& s, uint64_t seed) {
  spec = s;
  theta.assign(size_t(s.members), Vec::Zero(s.member_params()));
  for (int k = 0; k < s.members; ++k) init_member(k, seed);
  input.set_identity(s.in_dim());
  target.set_identity(s.state_dim);
  sync();
}

void Ensemble::init_member(int k, uint64_t seed) {
  Vec& t = theta[size_t(k)];
  t.resize(spec.member_params());
  Rng rng(seed, 0x4E4E, uint64_t(k));
  const MlpShape s = spec.shape();
  mlp_init(s, t.data(), rng);
  if (spec.head == Head::Probabilistic) {
    // PETS starts the bounds at max 0.5, min -10 (in normalised units).
    t.segment(spec.bounds_offset(), spec.state_dim).setConstant(0.5f);
    t.segment(spec.bounds_offset() + spec.state_dim, spec.state_dim).setConstant(-10.0f);
  }
}

void Ensemble::sync() {
  shape_ = spec.shape();
  bounds_offset_ = spec.bounds_offset();
  const MlpShape& s = shape_;
  const int h1 = s.sizes[1], in = s.in(), K = spec.members;
  w0_stack_.resize(Eigen::Index(K) * h1, in);
  b0_stack_.resize(Eigen::Index(K) * h1);
  for (int k = 0; k < K; ++k) {
    w0_stack_.middleRows(Eigen::Index(k) * h1, h1) = mlp_weight(s, theta[size_t(k)].data(), 0);
    b0_stack_.segment(Eigen::Index(k) * h1, h1) = mlp_bias(s, theta[size_t(k)].data(), 0);
  }
}

bool Ensemble::all_finite() const {
  for (const Vec& t : theta)
    if (!t.allFinite()) return false;
  return input.mean.allFinite() && input.std.allFinite() && target.mean.allFinite() && target.std.allFinite();
}

void Ensemble::forward_tail(int k, Eigen::Ref<const Mat, 0, Eigen::OuterStride<>> h, MatRef out, Mat& ping, Mat& pong,
                            Eigen::Index col0) const {
  const MlpShape& s = shape_;
  const int L = s.layers();
  const Eigen::Index n = h.cols();
  const float* th = theta[size_t(k)].data();
  using SMap = Eigen::Map<const Mat, 0, Eigen::OuterStride<>>;
  Mat* bufs[2] = {&ping, &pong};
  int which = 0;
  const float* cd = h.data();
  Eigen::Index cr = h.rows(), cs = h.outerStride();
  for (int l = 1; l < L; ++l) {
    const int fo = s.sizes[size_t(l) + 1];
    SMap cur(cd, cr, n, Eigen::OuterStride<>(cs));
    if (l + 1 == L) {
      out.noalias() = mlp_weight(s, th, l) * cur;
      out.colwise() += mlp_bias(s, th, l);
    } else {
      Mat& buf = *bufs[which];
      auto dst = buf.block(0, col0, fo, n);
      dst.noalias() = mlp_weight(s, th, l) * cur;
      bias_activate(s.act, dst, mlp_bias(s, th, l));
      cd = dst.data();
      cr = fo;
      cs = buf.rows();
      which ^= 1;
    }
  }
}

void Ensemble::forward_cols(CMatRef x, MatRef out, EnsembleWorkspace& ws, Eigen::Index c0, Eigen::Index n) const {
  const int h1 = spec.hidden.front(), K = spec.members, no = spec.net_out();
  auto h0 = ws.h0.middleCols(c0, n);
  h0.noalias() = w0_stack_ * x.middleCols(c0, n);
  bias_activate(spec.act, h0, b0_stack_);
  for (int k = 0; k < K; ++k)
    forward_tail(k, h0.middleRows(Eigen::Index(k) * h1, h1), out.block(Eigen::Index(k) * no, c0, no, n),
                 ws.ping[size_t(k)], ws.pong[size_t(k)], c0);
}

void Ensemble::forward_all(CMatRef x, MatRef out, EnsembleWorkspace& ws, ThreadPool* pool) const {
  const Eigen::Index n = x.cols();
  ws.ensure(spec, n);
  const int T = pool ? pool->size() : 1;
  if (T > 1 && n >= 64 * T) {
    // Each thread runs the whole ensemble on its own contiguous slice of columns (balanced for
    // any member count; buffers are sliced the same way, so threads never share memory).
    const Eigen::Index per = ((n + T - 1) / T + 15) / 16 * 16;
    pool->parallel_for(T, [&](int t, int) {
      const Eigen::Index c0 = std::min<Eigen::Index>(n, per * t), m = std::min<Eigen::Index>(per, n - c0);
      if (m > 0) forward_cols(x, out, ws, c0, m);
    });
  } else {
    forward_cols(x, out, ws, 0, n);
  }
}

void Ensemble::forward_member(int k, CMatRef x, MatRef out, EnsembleWorkspace& ws) const {
  const Eigen::Index n = x.cols();
  ws.ensure(spec, n);
  const MlpShape& s = shape_;
  const int h1 = s.sizes[1];
  auto h = ws.h0.topLeftCorner(h1, n);
  h.noalias() = mlp_weight(s, theta[size_t(k)].data(), 0) * x;
  bias_activate(spec.act, h, mlp_bias(s, theta[size_t(k)].data(), 0));
  forward_tail(k, h, out, ws.ping[size_t(k)], ws.pong[size_t(k)], 0);
}

}  // namespace mbrl
