#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/objective.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl {

namespace {
// Huber's rho with the squared error inside |u| <= delta (linear outside, C1); psi = rho' / 2.
inline float huber_rho(float u, float delta) {
  const float a = std::abs(u);
  return a <= delta ? u * u : delta * (2.0f * a - delta);
}
inline float huber_psi(float u, float delta) { return std::clamp(u, -delta, delta); }
}  // namespace

void WindowBatch::gather(const Dataset& d, const std::vector<int>& starts, size_t begin, size_t count, int k) {
  const int sd = d.state_dim(), ad = d.action_dim();
  const Eigen::Index B = Eigen::Index(count);
  s0.resize(sd, B);
  actions.resize(size_t(k));
  targets.resize(size_t(k));
  for (int j = 0; j < k; ++j) {
    actions[size_t(j)].resize(ad, B);
    targets[size_t(j)].resize(sd, B);
  }
  for (Eigen::Index c = 0; c < B; ++c) {
    const int i = starts[begin + size_t(c)];
    s0.col(c) = d.state(i);
    for (int j = 0; j < k; ++j) {
      actions[size_t(j)].col(c) = d.action(i + j);
      targets[size_t(j)].col(c) = d.next_state(i + j);
    }
  }
}

double unroll_loss(const Ensemble& ens, const float* theta, const ObsMap& obs, const WindowBatch& b, float weight_decay,
                   float* grad, UnrollScratch& sc) {
  const NetSpec& sp = ens.spec;
  const MlpShape& shape = ens.shape();
  const int K = b.k(), D = sp.state_dim, od = sp.obs_dim;
  const Eigen::Index B = b.s0.cols();
  const bool prob = sp.head == Head::Probabilistic;
  const Eigen::Index P = sp.member_params();
  const float* max_lv = theta + ens.bounds_offset();
  const float* min_lv = max_lv + D;
  const Vec& tstd = ens.target.std;
  const Vec& tmean = ens.target.mean;
  const double inv_n = 1.0 / (double(K) * double(D) * double(B));
  const float delta = prob ? kHuberProbabilistic : kHuberDeterministic;

  sc.caches.resize(size_t(K));
  sc.s.resize(size_t(K) + 1);
  sc.r.resize(size_t(K));
  sc.lv.resize(size_t(K));
  sc.s[0] = b.s0;
  sc.obs.resize(od, B);
  sc.x.resize(sp.in_dim(), B);
  double loss = 0.0;
  for (int j = 0; j < K; ++j) {
    obs.apply(sc.s[size_t(j)], sc.obs);
    sc.x.topRows(od) = sc.obs;
    sc.x.bottomRows(sp.action_dim) = b.actions[size_t(j)];
    ens.input.normalize(sc.x, sc.x);
    MlpCache& c = sc.caches[size_t(j)];
    mlp_forward_train(shape, theta, sc.x, c);
    const Mat& out = c.a.back();
    Mat& sn = sc.s[size_t(j) + 1];
    sn = sc.s[size_t(j)] + ((out.topRows(D).array().colwise() * tstd.array()).colwise() + tmean.array()).matrix();
    Mat& r = sc.r[size_t(j)];
    r = sn - b.targets[size_t(j)];
    for (int a : obs.angle_dims) r.row(a) = r.row(a).unaryExpr([](float v) { return wrap_angle(v); });
    r.array().colwise() /= tstd.array();
    if (prob) {
      Mat& lv = sc.lv[size_t(j)];
      lv.resize(D, B);
      for (Eigen::Index c2 = 0; c2 < B; ++c2)
        for (int d = 0; d < D; ++d) lv(d, c2) = soft_logvar(out(D + d, c2), max_lv[d], min_lv[d]);
      double sum = 0.0;
      for (Eigen::Index c2 = 0; c2 < B; ++c2)
        for (int d = 0; d < D; ++d) sum += double(huber_rho(r(d, c2) * std::exp(-0.5f * lv(d, c2)), delta) + lv(d, c2));
      loss += sum * inv_n;
    } else {
      loss += r.unaryExpr([delta](float u) { return huber_rho(u, delta); }).cast<double>().sum() * inv_n;
    }
  }
  if (prob)
    for (int d = 0; d < D; ++d) loss += 0.01 * (double(max_lv[d]) - double(min_lv[d]));
  if (weight_decay > 0.f)
    for (int l = 0; l < shape.layers(); ++l)
      loss += 0.5 * double(weight_decay) * double(mlp_weight(shape, theta, l).squaredNorm());

  if (!grad) return loss;
  Eigen::Map<Vec> g(grad, P);
  g.setZero();
  const float fn = float(inv_n);
  sc.G.setZero(D, B);
  sc.gout.resize(sp.net_out(), B);
  for (int j = K - 1; j >= 0; --j) {
    const Mat& r = sc.r[size_t(j)];
    const Mat& out = sc.caches[size_t(j)].a.back();
    if (prob) {
      const Mat& lv = sc.lv[size_t(j)];
      // u = r exp(-lv/2): dl/ds^_{j+1} = 2 psi(u) exp(-lv/2) / std ; dl/dlv = 1 - psi(u) u
      for (Eigen::Index c2 = 0; c2 < B; ++c2)
        for (int d = 0; d < D; ++d) {
          const float inv_sigma = std::exp(-0.5f * lv(d, c2)), u = r(d, c2) * inv_sigma;
          const float psi = huber_psi(u, delta);
          sc.G(d, c2) += 2.0f * fn * psi * inv_sigma / tstd(d);
          float dr, dmax, dmin;
          soft_logvar(out(D + d, c2), max_lv[d], min_lv[d], &dr, &dmax, &dmin);
          const float dl = fn * (1.0f - psi * u);
          sc.gout(D + d, c2) = dl * dr;
          grad[ens.bounds_offset() + d] += dl * dmax;
          grad[ens.bounds_offset() + D + d] += dl * dmin;
        }
    } else {
      sc.G.array() += (r.unaryExpr([delta](float u) { return huber_psi(u, delta); }).array().colwise() / tstd.array()) *
                      (2.0f * fn);
    }
    // s^_{j+1} = s^_j + std .* mu + mean  =>  dL/dmu = std .* G
    sc.gout.topRows(D) = (sc.G.array().colwise() * tstd.array()).matrix();
    mlp_backward(shape, theta, sc.caches[size_t(j)], sc.gout, grad, j > 0 ? &sc.gin : nullptr, sc.delta, sc.tmp);
    if (j > 0) {
      // Through the input normaliser and the observation map back to s^_j.
      sc.gobs = (sc.gin.topRows(od).array().colwise() / ens.input.std.head(od).array()).matrix();
      sc.gs.resize(D, B);
      obs.vjp(sc.s[size_t(j)], sc.gobs, sc.gs);
      sc.G += sc.gs;
    }
  }
  if (prob)
    for (int d = 0; d < D; ++d) {
      grad[ens.bounds_offset() + d] += 0.01f;
      grad[ens.bounds_offset() + D + d] -= 0.01f;
    }
  if (weight_decay > 0.f)
    for (int l = 0; l < shape.layers(); ++l) {
      Eigen::Map<Vec> gw(grad + shape.w_offset(l), Eigen::Index(shape.sizes[size_t(l)]) * shape.sizes[size_t(l) + 1]);
      gw += weight_decay * Eigen::Map<const Vec>(theta + shape.w_offset(l), gw.size());
    }
  return loss;
}

}  // namespace mbrl
