// The plots' arithmetic: 1-2-5 ticks that cover any range with a readable count, labels without
// "-0" and with one notation per axis, ranges that ignore NaN/inf, and decimation that keeps
// the extremes a student must see.
#include <doctest/doctest.h>

#include <cfloat>
#include <cmath>
#include <limits>
#include <vector>

#include "app/gui/plots/plot_history.hpp"
#include "app/gui/plots/plot_math.hpp"

using namespace mbrl::gui::plotmath;

namespace {

// The mantissa of a step: 1, 2 or 5 (times a power of ten).
bool is_125(double step) {
  const double mag = std::pow(10.0, std::floor(std::log10(step) + 1e-12));
  const double m = step / mag;
  return std::abs(m - 1) < 1e-6 || std::abs(m - 2) < 1e-6 || std::abs(m - 5) < 1e-6 || std::abs(m - 10) < 1e-6;
}

void check_ticks(double lo, double hi, int max_ticks) {
  CAPTURE(lo);
  CAPTURE(hi);
  CAPTURE(max_ticks);
  const Ticks t = nice_ticks(lo, hi, max_ticks);
  CAPTURE(t.step);
  REQUIRE(t.values.size() >= 2);
  CHECK(int(t.values.size()) <= max_ticks + 1);
  CHECK(is_125(t.step));
  const double tol = t.step * 1e-6;
  // Inside the range, equally spaced, on multiples of the step.
  CHECK(t.values.front() >= lo - tol);
  CHECK(t.values.back() <= hi + tol);
  for (size_t i = 1; i < t.values.size(); ++i)
    CHECK(t.values[i] - t.values[i - 1] == doctest::Approx(t.step).epsilon(1e-6));
  for (double v : t.values) CHECK(std::abs(v / t.step - std::round(v / t.step)) < 1e-6);
  // Covering: no end of the range is further than one step from a tick.
  CHECK(t.values.front() - lo < t.step + tol);
  CHECK(hi - t.values.back() < t.step + tol);
}

}  // namespace

TEST_CASE("nice ticks use 1-2-5 steps and cover assorted ranges with a sane count") {
  const double ranges[][2] = {{0, 1},     {0, 100},    {-3.7, 12.2},       {1e-9, 3e-9},
                              {-1, -0.5}, {0.1, 0.13}, {1234567, 1234568}, {-250, 250},
                              {0, 7},     {999, 1001}, {-1e30, 1e30},      {2.5e-7, 2.6e-7}};
  for (const auto& r : ranges)
    for (int max_ticks : {2, 3, 5, 8, 12}) check_ticks(r[0], r[1], max_ticks);

  // Known answers a reader can check by eye.
  CHECK(nice_ticks(0, 1, 6).step == doctest::Approx(0.2));
  CHECK(nice_ticks(0, 100, 6).step == doctest::Approx(20));
  CHECK(nice_ticks(0, 100, 11).step == doctest::Approx(10));
}

TEST_CASE("nice ticks survive degenerate, reversed, non-finite and huge ranges") {
  const Ticks same = nice_ticks(3, 3, 5);
  REQUIRE(same.values.size() == 1);
  CHECK(same.values[0] == 3);
  CHECK(nice_ticks(std::nan(""), 1, 5).values.empty());
  CHECK(nice_ticks(0, std::numeric_limits<double>::infinity(), 5).values.empty());
  const Ticks rev = nice_ticks(10, 0, 6), fwd = nice_ticks(0, 10, 6);
  CHECK(rev.values == fwd.values);
  // Near the ends of double: the span overflows, the ticks must not.
  const Ticks huge = nice_ticks(-DBL_MAX * 0.9, DBL_MAX * 0.9, 6);
  CHECK(huge.values.size() >= 2);
  CHECK(huge.values.size() <= 7);
  for (double v : huge.values) CHECK(std::isfinite(v));
  // A range too narrow for double precision at its magnitude still gives finite ends, no loop.
  const Ticks narrow = nice_ticks(1e15, 1e15 + 0.001, 6);
  CHECK(narrow.values.size() >= 1);
  CHECK(narrow.values.size() <= 7);
}

TEST_CASE("integer axes never get fractional ticks") {
  const Ticks t = nice_ticks(0, 3, 20, 1.0);
  CHECK(t.step >= 1);
  for (double v : t.values) CHECK(v == std::round(v));
  // Steps of a long episode: still a handful of ticks.
  const Ticks many = nice_ticks(0, 12345, 8, 1.0);
  CHECK(many.values.size() <= 9);
  CHECK(is_125(many.step));
}

TEST_CASE("tick labels: as many decimals as the step needs, never -0, one notation per axis") {
  CHECK(format_tick(0.5, 0.1) == "0.5");
  CHECK(format_tick(2, 1) == "2");
  CHECK(format_tick(-1e-17, 0.2) == "0");
  CHECK(format_tick(-0.0, 1) == "0");
  CHECK(format_tick(0.0010, 0.0005) == "0.0010");
  CHECK(format_tick(1.5e6, 5e5, 2e6) == "1.5e6");
  CHECK(format_tick(5e5, 5e5, 2e6) == "5e5");  // same axis as 1.5e6: scientific too
  CHECK(format_tick(2e-5, 1e-5, 3e-5) == "2e-5");
  CHECK(format_tick(-3, 1) == "-3");
  // Distinct ticks get distinct labels across assorted ranges.
  for (const auto& r : std::vector<std::pair<double, double>>{{0, 1}, {1e-6, 4e-6}, {-2e7, 3e7}, {0.995, 1.005}}) {
    const Ticks t = nice_ticks(r.first, r.second, 8);
    double m = 0;
    for (double v : t.values) m = std::max(m, std::abs(v));
    for (size_t i = 1; i < t.values.size(); ++i)
      CHECK(format_tick(t.values[i], t.step, m) != format_tick(t.values[i - 1], t.step, m));
  }
}

TEST_CASE("the auto range ignores NaN and inf, pads, and widens empty or constant data") {
  Extent e;
  const float vals[] = {
      std::nanf(""), 2.f, std::numeric_limits<float>::infinity(), -1.f, -std::numeric_limits<float>::infinity(), 5.f};
  e.add(vals, 6);
  CHECK(e.lo == -1);
  CHECK(e.hi == 5);
  const Range r = auto_range(e, 0.05);
  CHECK(r.lo == doctest::Approx(-1.3));
  CHECK(r.hi == doctest::Approx(5.3));

  const Range empty = auto_range(Extent{});
  CHECK(empty.valid());

  Extent only_nan;
  only_nan.add(std::nan(""));
  CHECK(only_nan.empty());
  CHECK(auto_range(only_nan).valid());

  for (double v : {0.0, 7.0, -3e8, 1e-20}) {
    Extent c;
    c.add(v), c.add(v);
    const Range cr = auto_range(c);
    CAPTURE(v);
    CHECK(cr.valid());
    CHECK(cr.lo < v);
    CHECK(cr.hi > v);
    CHECK((cr.lo + cr.hi) * 0.5 == doctest::Approx(v));
  }
}

TEST_CASE("min/max decimation keeps the extremes, the order and drops NaN") {
  const int n = 10000;
  std::vector<float> x(n), y(n);
  for (int i = 0; i < n; ++i) x[size_t(i)] = float(i), y[size_t(i)] = std::sin(float(i) * 0.01f);
  y[1234] = 50.f;  // a spike a student must see
  y[7777] = -40.f;
  y[4000] = std::nanf("");
  std::vector<float> ox, oy;
  decimate_minmax(x.data(), y.data(), n, 300, ox, oy);
  CHECK(int(ox.size()) <= 600);
  CHECK(*std::max_element(oy.begin(), oy.end()) == 50.f);
  CHECK(*std::min_element(oy.begin(), oy.end()) == -40.f);
  CHECK(std::is_sorted(ox.begin(), ox.end()));
  for (float v : oy) CHECK(std::isfinite(v));
  // Short series pass through (minus the non-finite points).
  const float sx[] = {0, 1, 2, 3}, sy[] = {1, std::nanf(""), 3, 4};
  decimate_minmax(sx, sy, 4, 100, ox, oy);
  CHECK(ox == std::vector<float>{0, 2, 3});
}

TEST_CASE("effective sample size: N for uniform weights, 1 for one-hot") {
  std::vector<float> u(200, 1.f / 200);
  CHECK(effective_sample_size(u.data(), 200) == doctest::Approx(200));
  std::vector<float> one(50, 0.f);
  one[7] = 1.f;
  CHECK(effective_sample_size(one.data(), 50) == doctest::Approx(1));
  one[8] = std::nanf("");
  CHECK(effective_sample_size(one.data(), 50) == doctest::Approx(1));
}

TEST_CASE("plot history stays capped and keeps step numbers aligned with values") {
  mbrl::gui::PlotHistory h;
  h.capacity = 100;
  mbrl::PlanTrace t;
  t.horizon = 10;
  for (int i = 0; i < 1000; ++i) {
    t.plan_cost = float(10 * i);
    t.ms_total = i;
    if (i % 2 == 0) h.record_plan(t);
    h.record_step(float(i));
  }
  CHECK(h.step_cost.size() <= 125);
  CHECK(h.first_step + int64_t(h.step_cost.size()) == 1000);
  CHECK(h.step_cost.back() == 999.f);
  CHECK(h.step_cost.front() == float(h.first_step));  // value i recorded at step i
  CHECK(h.first_plan + int64_t(h.plan_cost.size()) == 500);
  REQUIRE(h.plan_step.size() == h.plan_cost.size());
  CHECK(h.plan_step.back() == 998.f);                        // the last plan was made before step 998
  CHECK(h.plan_step_cost.back() == doctest::Approx(998.f));  // 9980 / horizon 10
  CHECK(h.ms_total.size() == h.plan_cost.size());
  h.clear();
  CHECK(h.step_cost.empty());
  CHECK(h.first_step == 0);
}

TEST_CASE("dash counts are bounded whatever the dash length: 0 means draw the line solid") {
  const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
  CHECK(dash_count(100, 5) == 10);
  CHECK(dash_count(101, 5) == 11);  // a last, shorter dash
  CHECK(dash_count(100, 0) == 0);   // `t += 2 * dash` never ended
  CHECK(dash_count(100, -1) == 0);
  CHECK(dash_count(100, nan) == 0);
  CHECK(dash_count(nan, 5) == 0);
  CHECK(dash_count(inf, 5) == 0);
  CHECK(dash_count(1e5, 1e-30) == 4096);
  CHECK(dash_count(1e5, 1e-30, 10) == 10);
}
