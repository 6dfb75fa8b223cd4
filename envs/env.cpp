#include "envs/env.hpp"

namespace mbrl {

std::string Task::set_params(const ParamSet& p) {
  if (p.infos.empty()) return "";
  return "unknown parameter '" + p.infos[0].key + "' (this environment has no parameters)";
}

void EnvView::world_points(CMatRef states, Eigen::Ref<Eigen::Matrix2Xf> out) const {
  if (states.rows() >= 2) {
    out = states.topRows(2);
  } else {
    out.row(0) = states.row(0);
    out.row(1).setZero();
  }
}

Vec Env::step_one(const Vec& s, const Vec& a, const StepContext& ctx) const {
  Mat next(state_dim(), 1);
  step(s, a, next, ctx);
  return next.col(0);
}

Vec Env::process_noise_scale() const { return Vec::Ones(state_dim()); }

double env_time_step(const Env& env) {
  const ParamSet p = env.params();
  const int i = p.index_of("dt");
  return i >= 0 && p.values[size_t(i)] > 0 ? p.values[size_t(i)] : 0.05;
}

}  // namespace mbrl
