#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/mlp.hpp"

#include <algorithm>
#include <cmath>

#include "core/rng.hpp"

namespace mbrl {

int MlpShape::max_hidden() const {
  int m = 0;
  for (int l = 1; l < layers(); ++l) m = std::max(m, sizes[size_t(l)]);
  return m;
}

Eigen::Index MlpShape::w_offset(int l) const {
  Eigen::Index off = 0;
  for (int i = 0; i < l; ++i) off += Eigen::Index(sizes[size_t(i) + 1]) * (sizes[size_t(i)] + 1);
  return off;
}

Eigen::Index MlpShape::num_params() const { return w_offset(layers()); }

void mlp_init(const MlpShape& s, float* theta, Rng& rng) {
  for (int l = 0; l < s.layers(); ++l) {
    const int fan_in = s.sizes[size_t(l)], fan_out = s.sizes[size_t(l) + 1];
    const float a = std::sqrt(6.0f / float(fan_in + fan_out));
    float* w = theta + s.w_offset(l);
    for (Eigen::Index i = 0; i < Eigen::Index(fan_in) * fan_out; ++i) w[i] = rng.uniform(-a, a);
    std::fill(theta + s.b_offset(l), theta + s.b_offset(l) + fan_out, 0.0f);
  }
}

void activate(Activation a, MatRef z) {
  auto x = z.array();
  switch (a) {
    case Activation::SiLU:
      x = x / (1.0f + (-x).exp());
      break;
    case Activation::Tanh:
      x = x.tanh();
      break;
    case Activation::ReLU:
      x = x.max(0.0f);
      break;
  }
}

void bias_activate(Activation a, MatRef z, CVecRef b) {
  const auto bb = b.array();
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    auto c = z.col(j).array();
    switch (a) {
      case Activation::SiLU:
        c = (c + bb) / (1.0f + (-(c + bb)).exp());
        break;
      case Activation::Tanh:
        c = (c + bb).tanh();
        break;
      case Activation::ReLU:
        c = (c + bb).max(0.0f);
        break;
    }
  }
}

void activate_backward(Activation a, CMatRef z, MatRef delta) {
  auto d = delta.array();
  auto x = z.array();
  switch (a) {
    case Activation::SiLU: {
      // silu'(x) = s + x s (1 - s), s = sigmoid(x)
      for (Eigen::Index j = 0; j < z.cols(); ++j)
        for (Eigen::Index i = 0; i < z.rows(); ++i) {
          const float xi = z(i, j), s = 1.0f / (1.0f + std::exp(-xi));
          delta(i, j) *= s * (1.0f + xi * (1.0f - s));
        }
      break;
    }
    case Activation::Tanh:
      d = d * (1.0f - x.tanh().square());
      break;
    case Activation::ReLU:
      d = (x > 0.0f).select(d, 0.0f);
      break;
  }
}

void mlp_forward_train(const MlpShape& s, const float* theta, CMatRef x, MlpCache& c) {
  const int L = s.layers();
  c.a.resize(size_t(L) + 1);
  c.z.resize(size_t(L));
  c.a[0] = x;
  for (int l = 0; l < L; ++l) {
    Mat& z = c.z[size_t(l)];
    z.resize(s.sizes[size_t(l) + 1], x.cols());
    z.noalias() = mlp_weight(s, theta, l) * c.a[size_t(l)];
    z.colwise() += mlp_bias(s, theta, l);
    c.a[size_t(l) + 1] = z;
    if (l + 1 < L) activate(s.act, c.a[size_t(l) + 1]);
  }
}

void mlp_backward(const MlpShape& s, const float* theta, const MlpCache& c, CMatRef grad_out, float* grad, Mat* grad_in,
                  Mat& delta, Mat& tmp) {
  const int L = s.layers();
  delta = grad_out;
  for (int l = L - 1; l >= 0; --l) {
    const int fi = s.sizes[size_t(l)], fo = s.sizes[size_t(l) + 1];
    Eigen::Map<Mat> gw(grad + s.w_offset(l), fo, fi);
    Eigen::Map<Vec> gb(grad + s.b_offset(l), fo);
    gw.noalias() += delta * c.a[size_t(l)].transpose();
    gb += delta.rowwise().sum();
    if (l > 0 || grad_in) {
      tmp.resize(fi, delta.cols());
      tmp.noalias() = mlp_weight(s, theta, l).transpose() * delta;
      if (l > 0) {
        activate_backward(s.act, c.z[size_t(l) - 1], tmp);
        delta.swap(tmp);
      } else {
        *grad_in = tmp;
      }
    }
  }
}

}  // namespace mbrl
