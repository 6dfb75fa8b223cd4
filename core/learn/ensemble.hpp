#pragma once
// K networks of one shape with their input/target normalisers: the learned dynamics. Each member
// maps a normalised input [phi(s); a] to the normalised residual (s' - s) (the residual-model trick):
// a deterministic head outputs the mean; a probabilistic head (PETS) also outputs a
// log-variance, squashed softly between learnable per-member bounds.
//
// The inference forward over a batch is GEMM-shaped: the first layers of all members are stacked
// into one (K*h) x in matrix (one GEMM for all members), then one GEMM per member per layer over
// the whole batch. Never a loop over samples.
#include <string>
#include <vector>

#include "core/learn/mlp.hpp"
#include "core/learn/normalizer.hpp"

namespace mbrl {

class ThreadPool;

struct NetSpec {
  int state_dim = 0, action_dim = 0, obs_dim = 0;
  std::string obs_name = "identity";  // the ObsMap it was built for
  int members = 1;
  std::vector<int> hidden{64, 64};
  Activation act = Activation::SiLU;
  Head head = Head::Deterministic;

  int in_dim() const { return obs_dim + action_dim; }
  int net_out() const { return head == Head::Probabilistic ? 2 * state_dim : state_dim; }
  MlpShape shape() const;
  // Per member: the MLP, then (probabilistic) max_logvar and min_logvar, state_dim each.
  Eigen::Index member_params() const;
  Eigen::Index bounds_offset() const { return shape().num_params(); }
  bool operator==(const NetSpec& o) const;
  std::string describe() const;  // "pendulum: 3 -> 64x64 silu -> 2 (deterministic), 5 members"
};

// Soft bounds of PETS: lv = max - softplus(max - raw); lv = min + softplus(lv - min).
float softplus(float x);
float soft_logvar(float raw, float max_lv, float min_lv, float* d_raw = nullptr, float* d_max = nullptr,
                  float* d_min = nullptr);

// Scratch for Ensemble::forward_*: grows to the largest batch seen, then never allocates.
struct EnsembleWorkspace {
  Mat h0;                       // stacked first hidden layer, (K*h1) x N
  std::vector<Mat> ping, pong;  // per member hidden buffers
  void ensure(const NetSpec& spec, Eigen::Index cols);
};

class Ensemble {
 public:
  NetSpec spec;
  std::vector<Vec> theta;  // per member, member_params() each
  Normalizer input;        // over [phi(s); a]
  Normalizer target;       // over the residual s' - s (angles wrapped)

  // Fresh weights (member k from Rng(seed, k)) and identity normalisers.
  void init(const NetSpec& s, uint64_t seed);
  void init_member(int k, uint64_t seed);
  // Rebuild the cached shape and the stacked first layer after spec or theta changed (training,
  // loading).
  void sync();
  int members() const { return spec.members; }
  bool all_finite() const;

  // x: in_dim x N, normalised. out: (K * net_out) x N, member k in rows [k*net_out, (k+1)*net_out).
  // With a pool, the columns are split into one slice per thread (for one big batch, as in the
  // bench; planners already run chunks in parallel and pass no pool).
  void forward_all(CMatRef x, MatRef out, EnsembleWorkspace& ws, ThreadPool* pool = nullptr) const;
  // One member over x (in_dim x N): out net_out x N.
  void forward_member(int k, CMatRef x, MatRef out, EnsembleWorkspace& ws) const;

  // The member network's shape (cached: spec.shape() builds a vector).
  const MlpShape& shape() const { return shape_; }
  Eigen::Index bounds_offset() const { return bounds_offset_; }
  const float* max_logvar(int k) const { return theta[size_t(k)].data() + bounds_offset_; }
  const float* min_logvar(int k) const { return max_logvar(k) + spec.state_dim; }

 private:
  void forward_cols(CMatRef x, MatRef out, EnsembleWorkspace& ws, Eigen::Index c0, Eigen::Index n) const;
  void forward_tail(int k, Eigen::Ref<const Mat, 0, Eigen::OuterStride<>> h, MatRef out, Mat& ping, Mat& pong,
                    Eigen::Index col0) const;
  MlpShape shape_;
  Eigen::Index bounds_offset_ = 0;
  Mat w0_stack_;
  Vec b0_stack_;
};

}  // namespace mbrl
