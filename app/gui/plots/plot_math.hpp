#pragma once
// The arithmetic behind the plots, kept apart from drawing so it is unit-tested without a window:
// "nice" 1-2-5 tick steps, tick labels, the auto-range of a set of series (NaN/inf skipped,
// degenerate ranges widened, padding), min/max decimation of long series to the pixel width, and
// dash counts. NaN and infinite values never reach a loop bound or a pixel.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

namespace mbrl::gui::plotmath {

struct Range {
  double lo = 0, hi = 1;
  double span() const { return hi - lo; }
  bool valid() const { return std::isfinite(lo) && std::isfinite(hi) && hi > lo; }
};

// The smallest 1-2-5 step (1, 2, 5, 10, 20, ...) times a power of ten that is at least `raw`.
inline double nice_step_at_least(double raw) {
  if (!(raw > 0) || !std::isfinite(raw)) return 1.0;
  const double mag = std::pow(10.0, std::floor(std::log10(raw)));
  const double norm = raw / mag;
  const double f = norm <= 1.0 + 1e-9 ? 1 : norm <= 2.0 + 1e-9 ? 2 : norm <= 5.0 + 1e-9 ? 5 : 10;
  return f * mag;
}

struct Ticks {
  double step = 1;
  std::vector<double> values;  // ascending, inside [lo, hi]
};

// Ticks on a 1-2-5 step for [lo, hi] with at most about `max_ticks` ticks and at least 2 (a
// finer step is taken when a short range would otherwise show fewer). `min_step` (e.g. 1 for
// step counts) keeps the step from getting finer than that. A degenerate or non-finite range
// gives at most one tick.
inline Ticks nice_ticks(double lo, double hi, int max_ticks, double min_step = 0) {
  Ticks t;
  if (!std::isfinite(lo) || !std::isfinite(hi)) return t;
  if (hi < lo) std::swap(lo, hi);
  if (!(hi > lo)) {
    t.values.push_back(lo);
    return t;
  }
  max_ticks = std::clamp(max_ticks, 2, 50);
  // The span may overflow a double for ranges near +-DBL_MAX; halve both ends then.
  const double span = hi - lo;
  const double raw =
      std::isfinite(span) ? span / double(max_ticks - 1) : (hi * 0.5 - lo * 0.5) / double(max_ticks - 1) * 2.0;
  t.step = nice_step_at_least(raw * 0.999999);
  if (min_step > 0 && t.step < min_step) t.step = nice_step_at_least(min_step);
  // Too fine for double precision at this magnitude: only the ends.
  const double eps = std::max(std::abs(lo), std::abs(hi)) * 1e-12;
  if (!std::isfinite(t.step) || t.step <= eps) {
    t.values = {lo, hi};
    t.step = span;
    return t;
  }
  auto fill = [&] {
    t.values.clear();
    const double first = std::ceil(lo / t.step - 1e-9);
    for (int i = 0; i < max_ticks + 2; ++i) {
      double v = (first + i) * t.step;
      if (v > hi + t.step * 1e-9) break;
      if (std::abs(v) < t.step * 1e-9) v = 0;  // no "-0" or 1e-17
      t.values.push_back(v);
    }
  };
  fill();
  // A short axis can fall between two ticks of the coarse step: refine (1-2-5 downwards) until
  // two ticks show, unless min_step forbids it.
  for (int guard = 0; t.values.size() < 2 && guard < 6; ++guard) {
    const double mag = std::pow(10.0, std::floor(std::log10(t.step) + 1e-9));
    const double f = t.step / mag;
    const double finer = f > 4.5 ? 2 * mag : f > 1.5 ? mag : 0.5 * mag;
    if (finer < min_step || finer <= eps) break;
    t.step = finer;
    fill();
  }
  return t;
}

// Decade ticks for a log10 axis given in exponents [lo, hi] (e.g. -4.2 .. 0): one tick per decade,
// or every 2nd/5th/10th... decade when there are many, as exponents.
inline Ticks log_ticks(double lo_exp, double hi_exp, int max_ticks) {
  return nice_ticks(lo_exp, hi_exp, max_ticks, 1.0);
}

// A tick label: as many decimals as the step needs; scientific notation (1.5e6) for very large
// or very small magnitudes. Never "-0".
// `axis_max` (the largest |tick| on the axis, 0: use |v|) makes one axis choose one notation.
inline std::string format_tick(double v, double step, double axis_max = 0) {
  char buf[48];
  if (!std::isfinite(v)) return v != v ? "nan" : (v > 0 ? "inf" : "-inf");
  if (!(step > 0) || !std::isfinite(step)) step = std::abs(v) > 0 ? std::abs(v) : 1;
  if (std::abs(v) < step * 1e-6) v = 0;
  const double a = std::abs(v);
  const double m = axis_max > 0 ? axis_max : a;
  if (a != 0 && (m >= 1e6 || m < 1e-3)) {
    int e = int(std::floor(std::log10(a)));
    double mant = v / std::pow(10.0, e);
    if (std::abs(mant) >= 9.9995) mant /= 10, ++e;
    const int dec = std::clamp(e - int(std::floor(std::log10(step) + 1e-9)), 0, 3);
    std::snprintf(buf, sizeof buf, "%.*fe%d", dec, mant, e);
    // Trim trailing zeros of the mantissa ("2.50e3" -> "2.5e3").
    const std::string s = buf;
    const auto epos = s.find('e');
    std::string ms = s.substr(0, epos);
    if (ms.find('.') != std::string::npos) {
      while (ms.back() == '0') ms.pop_back();
      if (ms.back() == '.') ms.pop_back();
    }
    return ms + s.substr(epos);
  }
  const int dec = std::clamp(-int(std::floor(std::log10(step) + 1e-9)), 0, 8);
  std::snprintf(buf, sizeof buf, "%.*f", dec, v);
  std::string s = buf;
  if (s.find_first_not_of("-0.") == std::string::npos) return "0";
  return s;
}

// A value for a read-out (tooltip): 4 significant digits, scientific when needed.
inline std::string format_value(double v) {
  char buf[48];
  if (!std::isfinite(v)) return v != v ? "nan" : (v > 0 ? "inf" : "-inf");
  const double a = std::abs(v);
  if (a != 0 && (a >= 1e6 || a < 1e-3))
    std::snprintf(buf, sizeof buf, "%.3e", v);
  else
    std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

// Accumulates the finite extent of values (NaN/inf skipped).
struct Extent {
  double lo = std::numeric_limits<double>::infinity();
  double hi = -std::numeric_limits<double>::infinity();
  void add(double v) {
    if (!std::isfinite(v)) return;
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
  void add(const float* v, int n) {
    for (int i = 0; i < n; ++i) add(double(v[i]));
  }
  bool empty() const { return lo > hi; }
};

// The displayed range for an extent: `pad` (fraction of the span) on each side; an empty extent
// gives [0, 1]; a constant value v gives v +- max(|v| * 0.1, 1e-3) so it sits in the middle.
inline Range auto_range(const Extent& e, double pad = 0.05) {
  if (e.empty()) return {0, 1};
  if (!(e.hi > e.lo)) {
    const double v = e.lo, d = std::max(std::abs(v) * 0.1, 1.0e-3);
    Range r{v - d, v + d};
    if (!r.valid()) r = {v - std::abs(v) * 0.5, v + std::abs(v) * 0.5};
    return r;
  }
  double span = e.hi - e.lo;
  if (!std::isfinite(span)) return {e.lo, e.hi};
  Range r{e.lo - span * pad, e.hi + span * pad};
  if (!r.valid()) r = {e.lo, e.hi};
  return r;
}

// Min/max decimation: for a series of n points with ascending x, at most 2 points per bucket of
// `buckets` equal x-intervals (the min and the max, in x order), so a line drawn through the
// result looks the same as the full one at that pixel width. Non-finite y are dropped.
inline void decimate_minmax(const float* x, const float* y, int n, int buckets, std::vector<float>& ox,
                            std::vector<float>& oy) {
  ox.clear(), oy.clear();
  if (n <= 0) return;
  auto ok = [&](int i) { return std::isfinite(x[i]) && std::isfinite(y[i]); };
  if (buckets < 1 || n <= 2 * buckets) {
    for (int i = 0; i < n; ++i)
      if (ok(i)) ox.push_back(x[i]), oy.push_back(y[i]);
    return;
  }
  // Bucket by x when x ascends over a positive span, else by index.
  const double x0 = x[0], x1 = x[n - 1];
  const bool by_x = std::isfinite(x0) && std::isfinite(x1) && x1 > x0;
  int i = 0;
  for (int b = 0; b < buckets && i < n; ++b) {
    const bool last = b == buckets - 1;
    const double xend = x0 + (x1 - x0) * double(b + 1) / buckets;
    const int iend = last ? n : int((long long)n * (b + 1) / buckets);
    int imin = -1, imax = -1;
    for (; i < n && (last || (by_x ? double(x[i]) < xend : i < iend)); ++i) {
      if (!ok(i)) continue;
      if (imin < 0 || y[i] < y[imin]) imin = i;
      if (imax < 0 || y[i] > y[imax]) imax = i;
    }
    if (imin < 0) continue;
    const int a = std::min(imin, imax), c = std::max(imin, imax);
    ox.push_back(x[a]), oy.push_back(y[a]);
    if (c != a) ox.push_back(x[c]), oy.push_back(y[c]);
  }
}

// How many dashes of length `dash` (gaps as long) a dashed line of length `len` has, at most
// `max_dashes`: 0 when the dash length is not positive and finite (draw the line solid) or the
// length is not finite. The count bounds the loop however small the dash is.
inline int dash_count(double len, double dash, int max_dashes = 4096) {
  if (!std::isfinite(len) || !(len > 0) || !std::isfinite(dash) || !(dash > 0)) return 0;
  return int(std::min(std::ceil(len / (2 * dash)), double(max_dashes)));
}

// Effective sample size 1 / sum w^2 of normalised weights (non-finite and negative skipped).
inline double effective_sample_size(const float* w, int n) {
  double s = 0, s2 = 0;
  for (int i = 0; i < n; ++i)
    if (std::isfinite(w[i]) && w[i] > 0) s += w[i], s2 += double(w[i]) * w[i];
  if (!(s2 > 0)) return 0;
  return s * s / s2;  // equals 1/sum w^2 when the weights sum to one
}

}  // namespace mbrl::gui::plotmath
