#pragma once
// A multilayer perceptron over a batch (one column per sample): every layer is one GEMM
// W * X + b over the whole batch, hidden layers use SiLU, tanh or ReLU, the last is linear.
// Weights live in one flat vector per network (layer by layer: W_l column-major, then b_l), so
// Adam, checkpoints, rollback, checksums and gradient checks all work on plain vectors.
#include <vector>

#include "core/learn/model_params.hpp"
#include "core/types.hpp"

namespace mbrl {

class Rng;

struct MlpShape {
  std::vector<int> sizes;  // in, hidden..., out
  Activation act = Activation::SiLU;

  int layers() const { return int(sizes.size()) - 1; }
  int in() const { return sizes.front(); }
  int out() const { return sizes.back(); }
  int max_hidden() const;
  Eigen::Index num_params() const;
  Eigen::Index w_offset(int l) const;  // start of W_l (sizes[l+1] x sizes[l])
  Eigen::Index b_offset(int l) const { return w_offset(l) + Eigen::Index(sizes[size_t(l) + 1]) * sizes[size_t(l)]; }
};

using CMap = Eigen::Map<const Mat>;
using CVMap = Eigen::Map<const Vec>;
inline CMap mlp_weight(const MlpShape& s, const float* theta, int l) {
  return CMap(theta + s.w_offset(l), s.sizes[size_t(l) + 1], s.sizes[size_t(l)]);
}
inline CVMap mlp_bias(const MlpShape& s, const float* theta, int l) {
  return CVMap(theta + s.b_offset(l), s.sizes[size_t(l) + 1]);
}

// Glorot-uniform weights, zero biases.
void mlp_init(const MlpShape& s, float* theta, Rng& rng);

// In place: z <- act(z), and delta <- delta .* act'(z) given the pre-activation z.
void activate(Activation a, MatRef z);
// In place: z <- act(z + b) (bias broadcast over columns), one pass over memory.
void bias_activate(Activation a, MatRef z, CVecRef b);
void activate_backward(Activation a, CMatRef z, MatRef delta);

// Activations kept for backprop: a[0] = input, z[l] = pre-activation of layer l, a[l+1] =
// act(z[l]) (the last a is the linear output).
struct MlpCache {
  std::vector<Mat> a, z;
};

void mlp_forward_train(const MlpShape& s, const float* theta, CMatRef x, MlpCache& c);
// Accumulates dL/dtheta into grad (same layout as theta); writes dL/dx into grad_in if given.
// `delta` and `tmp` are scratch (resized as needed).
void mlp_backward(const MlpShape& s, const float* theta, const MlpCache& c, CMatRef grad_out, float* grad, Mat* grad_in,
                  Mat& delta, Mat& tmp);

}  // namespace mbrl
