#include <doctest/doctest.h>

#include <cmath>

#include "envs/env_util.hpp"

using namespace mbrl;

TEST_CASE("env_util: the vectorisable sin and cos are accurate to float precision") {
  double max_sin = 0, max_cos = 0;
  for (float x = -100.f; x < 100.f; x += 0.00317f) {
    max_sin = std::max(max_sin, std::abs(double(envutil::sin_fast(x)) - std::sin(double(x))));
    max_cos = std::max(max_cos, std::abs(double(envutil::cos_fast(x)) - std::cos(double(x))));
  }
  CHECK(max_sin < 2e-7);
  CHECK(max_cos < 2e-7);
  CHECK(envutil::sin_fast(0.f) == 0.f);
  CHECK(envutil::cos_fast(0.f) == 1.f);
  CHECK(std::isnan(envutil::sin_fast(std::nanf(""))));
  CHECK(std::isnan(envutil::cos_fast(INFINITY)));
}

TEST_CASE("env_util: angle_normalize wraps into [-pi, pi] like gymnasium") {
  for (float x : {0.f, 1.f, -1.f, 3.f, 4.f, -4.f, 7.f, 100.f, -100.f}) {
    const double ref = std::remainder(double(x), 2 * M_PI);
    CHECK(envutil::angle_normalize(x) == doctest::Approx(ref).epsilon(1e-5).scale(1));
    CHECK(std::abs(envutil::angle_normalize(x)) <= float(M_PI) + 1e-6f);
  }
}
