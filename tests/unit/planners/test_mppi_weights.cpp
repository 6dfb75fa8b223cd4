// The MPPI weights w_i = exp(-(S_i - S_min)/lambda) / Z (softmin_weights): normalised, the
// argmin and uniform limits of the temperature, and no NaN for any cost scale.
#include "core/eigen_warnings.hpp"  // first: see there
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "core/planners/mppi.hpp"
#include "core/rng.hpp"

using namespace mbrl;

namespace {
Vec random_costs(int n, uint64_t seed, float scale) {
  Vec c(n);
  Rng r(seed, 0);
  for (int i = 0; i < n; ++i) c(i) = scale * r.uniform();
  return c;
}
bool all_finite(const Vec& w) { return w.allFinite(); }
}  // namespace

TEST_CASE("mppi weights: non-negative and sum to 1 for any temperature") {
  const Vec c = random_costs(500, 3, 100.f);
  Vec w(500);
  for (float lambda : {1e-6f, 1e-2f, 1.f, 10.f, 1e4f, 1e9f}) {
    CAPTURE(lambda);
    CHECK(softmin_weights(c, lambda, w) == 0);
    CHECK(all_finite(w));
    CHECK((w.array() >= 0.f).all());
    CHECK(w.sum() == doctest::Approx(1.0).epsilon(1e-5));
  }
}

TEST_CASE("mppi weights: lambda -> 0 puts the weight on the cheapest sample") {
  Vec c = random_costs(1000, 5, 50.f);
  Eigen::Index best;
  c.minCoeff(&best);
  Vec w(1000);
  softmin_weights(c, 1e-6f, w);
  CHECK(w(best) > 0.999f);
  w(best) = 0.f;
  CHECK(w.maxCoeff() < 1e-6f);
  // A smaller temperature is always greedier: the cheapest sample's weight grows as lambda shrinks.
  float prev = 0.f;
  for (float lambda : {100.f, 10.f, 1.f, 0.1f}) {
    softmin_weights(c, lambda, w);
    CHECK(w(best) > prev);
    prev = w(best);
  }
}

TEST_CASE("mppi weights: lambda -> infinity approaches uniform weights") {
  const Vec c = random_costs(400, 9, 100.f);
  Vec w(400);
  softmin_weights(c, 1e9f, w);
  CHECK((w.array() - 1.f / 400.f).abs().maxCoeff() < 1e-6f);
  // and the effective sample size approaches the population
  CHECK(effective_sample_size(w) == doctest::Approx(400.0).epsilon(1e-3));
  softmin_weights(c, 1e-6f, w);
  CHECK(effective_sample_size(w) == doctest::Approx(1.0).epsilon(1e-3));
}

TEST_CASE("mppi weights: huge, equal and non-finite costs still give finite normalised weights") {
  Vec w(4);
  SUBCASE("costs of 1e30 next to ordinary ones") {
    Vec c(4);
    c << 1e30f, 2.f, 1e30f, 3.f;
    CHECK(softmin_weights(c, 1.f, w) == 0);
    CHECK(all_finite(w));
    CHECK(w(0) == 0.f);
    CHECK(w(1) > w(3));
    CHECK(w.sum() == doctest::Approx(1.0));
  }
  SUBCASE("all costs 1e30 (a naive exp(-S/lambda) underflows to 0/0)") {
    const Vec c = Vec::Constant(4, 1e30f);
    softmin_weights(c, 1.f, w);
    CHECK(all_finite(w));
    CHECK((w.array() == 0.25f).all());
  }
  SUBCASE("costs at the edge of float range (S - S_min overflows)") {
    Vec c(4);
    c << 3e38f, -3e38f, 0.f, 3e38f;
    softmin_weights(c, 1e-3f, w);
    CHECK(all_finite(w));
    CHECK(w(1) == doctest::Approx(1.0));
  }
  SUBCASE("all-equal costs give uniform weights") {
    const Vec c = Vec::Constant(4, 7.5f);
    softmin_weights(c, 1e-6f, w);
    CHECK((w.array() == 0.25f).all());
  }
  SUBCASE("a NaN or inf cost gets weight 0 and is counted") {
    Vec c(4);
    c << 1.f, std::numeric_limits<float>::quiet_NaN(), 2.f, std::numeric_limits<float>::infinity();
    CHECK(softmin_weights(c, 1.f, w) == 2);
    CHECK(all_finite(w));
    CHECK(w(1) == 0.f);
    CHECK(w(3) == 0.f);
    CHECK(w.sum() == doctest::Approx(1.0));
    CHECK(w(0) / w(2) == doctest::Approx(std::exp(1.0)));
  }
  SUBCASE("no finite cost at all: every weight 0, none NaN") {
    const Vec c = Vec::Constant(4, std::numeric_limits<float>::quiet_NaN());
    CHECK(softmin_weights(c, 1.f, w) == 4);
    CHECK((w.array() == 0.f).all());
  }
}
