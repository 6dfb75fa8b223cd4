// The planners' random draws: sample j's numbers come from Rng(seed, a, j, c) alone (so a
// sample's noise does not depend on the chunk or thread that draws it), and they are standard
// normal / uniform in the bounds.
#include <doctest/doctest.h>

#include <cmath>

#include "core/rng.hpp"
#include "core/planners/sampling_common.hpp"

using namespace mbrl;

TEST_CASE("fill_normals: column j is Box-Muller on Rng(seed, a, first + j, c)'s stream") {
  const int rows = 31, n = 40;  // odd rows: the last pair contributes one normal
  Mat out(rows, n);
  DrawScratch s;
  fill_normals(9, 4, 100, 2, out, s);
  for (int j = 0; j < n; ++j) {
    Rng g(9, 4, uint64_t(100 + j), 2);
    const int pairs = (rows + 1) / 2;
    for (int p = 0; p < pairs; ++p) {
      const uint64_t x = g.next_u64();
      const double u1 = (double(x >> 40) + 0.5) / 16777216.0;
      const double u2 = double((x >> 16) & 0xFFFFFFu) / 16777216.0;
      const double r = std::sqrt(-2.0 * std::log(u1));
      CHECK(out(p, j) == doctest::Approx(r * std::cos(2 * M_PI * u2)).epsilon(1e-4).scale(1.0));
      if (pairs + p < rows)
        CHECK(out(pairs + p, j) == doctest::Approx(r * std::sin(2 * M_PI * u2)).epsilon(1e-4).scale(1.0));
    }
  }
  // The same sample drawn inside another block (another chunk) gets the same numbers.
  Mat one(rows, 1);
  fill_normals(9, 4, 117, 2, one, s);
  CHECK(one.col(0) == out.col(17));
}

TEST_CASE("fill_normals: standard normal statistics") {
  Mat out(30, 4000);
  DrawScratch s;
  for (int c0 = 0; c0 < 4000; c0 += 128) {
    const int n = std::min(128, 4000 - c0);
    fill_normals(1, 2, c0, 0, out.middleCols(c0, n), s);
  }
  const double mean = out.mean();
  const double var = (out.array() - mean).square().mean();
  CHECK(std::abs(mean) < 0.01);
  CHECK(var == doctest::Approx(1.0).epsilon(0.02));
  CHECK(double((out.array().abs() < 1.0f).cast<float>().mean()) == doctest::Approx(0.6827).epsilon(0.01));
}

TEST_CASE("fill_uniform: inside the per-dimension bounds and spread over them") {
  Vec lo(4), hi(4);
  lo << -2, 0.5f, -2, 0.5f;  // two steps of a 2-D action
  hi << 2, 1.5f, 2, 1.5f;
  Mat out(4, 5000);
  DrawScratch s;
  fill_uniform(3, 1, 0, 0, lo, hi, out, s);
  for (int r = 0; r < 4; ++r) {
    CHECK(out.row(r).minCoeff() >= lo(r));
    CHECK(out.row(r).maxCoeff() < hi(r));
    CHECK(out.row(r).mean() == doctest::Approx(0.5 * (lo(r) + hi(r))).epsilon(0.02).scale(1.0));
    CHECK(out.row(r).minCoeff() < lo(r) + 0.01f * (hi(r) - lo(r)));
    CHECK(out.row(r).maxCoeff() > hi(r) - 0.01f * (hi(r) - lo(r)));
  }
}
