#include "envs/env.hpp"

namespace mbrl {

Vec Env::step_one(const Vec& s, const Vec& a, const StepContext& ctx) const {
  Mat next(state_dim(), 1);
  step(s, a, next, ctx);
  return next.col(0);
}

Vec Env::process_noise_scale() const { return Vec::Ones(state_dim()); }

}  // namespace mbrl
