#pragma once
// Shared numeric types. Batches are column-major: one column per sample, float.
#include <Eigen/Core>
#include <cstdint>

namespace mbrl {

using Mat = Eigen::MatrixXf;  // rows = dimension, cols = batch
using Vec = Eigen::VectorXf;
using MatRef = Eigen::Ref<Mat>;
using CMatRef = const Eigen::Ref<const Mat>&;
using VecRef = Eigen::Ref<Vec>;
using CVecRef = const Eigen::Ref<const Vec>&;

// Box bounds on the action, one entry per action dimension.
struct ActionBounds {
  Vec lo;
  Vec hi;
};

}  // namespace mbrl
