#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/normalizer.hpp"

#include <cmath>

namespace mbrl {

void Normalizer::set_identity(int dim) {
  mean = Vec::Zero(dim);
  std = Vec::Ones(dim);
}

void Normalizer::fit(CMatRef x, float min_std) {
  const int d = int(x.rows());
  const Eigen::Index n = x.cols();
  if (n == 0) {
    set_identity(d);
    return;
  }
  // Accumulate in double: datasets reach 1e6 samples.
  Eigen::VectorXd m = x.cast<double>().rowwise().mean();
  Eigen::VectorXd v = (x.cast<double>().colwise() - m).array().square().rowwise().mean();
  mean = m.cast<float>();
  std = v.array().sqrt().cast<float>().max(min_std).matrix();
}

}  // namespace mbrl
