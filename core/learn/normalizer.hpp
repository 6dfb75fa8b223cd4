#pragma once
// Per-dimension standardisation z = (x - mean) / std of network inputs and residual targets.
// Networks train on z-scores so that all dimensions (angles, velocities, actions) weigh alike.
#include "core/types.hpp"

namespace mbrl {

struct Normalizer {
  Vec mean;  // dim
  Vec std;   // dim, >= min_std

  int dim() const { return int(mean.size()); }
  void set_identity(int dim);
  // Fit on the columns of x; std is floored at min_std (constant dims stay finite).
  void fit(CMatRef x, float min_std = 1e-4f);
  void normalize(CMatRef x, MatRef z) const { z = (x.colwise() - mean).array().colwise() / std.array(); }
  void denormalize(CMatRef z, MatRef x) const { x = (z.array().colwise() * std.array()).matrix().colwise() + mean; }
};

}  // namespace mbrl
