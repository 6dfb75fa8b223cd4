#pragma once
// Small helpers the analytic environments share: angle wrapping as gymnasium does it,
// clipping, applying a ParamSet to a Params struct with "keep the old on error", and the
// "held for the last N states" test that success predicates use.
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "core/params.hpp"
#include "core/types.hpp"

namespace mbrl::envutil {

constexpr float kPi = 3.14159265358979323846f;

// gymnasium's angle_normalize: ((x + pi) mod 2 pi) - pi with a floor modulo, into [-pi, pi).
inline float angle_normalize(float x) {
  const float two_pi = 2.f * kPi;
  return x + kPi - two_pi * std::floor((x + kPi) / two_pi) - kPi;
}

inline float clip(float x, float lo, float hi) { return x < lo ? lo : (x > hi ? hi : x); }

// Copy the values of `in` onto the current parameters `cur` (keys absent from `in` keep
// their current value), check ranges and cross-field rules, and assign only if all is valid.
// Unknown keys are rejected by name. Returns "" or a message naming the key.
template <class P>
std::string apply_params(P& cur, const ParamSet& in) {
  ParamSet full = describe(cur);
  for (size_t i = 0; i < in.infos.size(); ++i) {
    const int j = full.index_of(in.infos[i].key);
    if (j < 0) {
      std::string valid;
      for (const auto& k : full.keys()) valid += (valid.empty() ? "" : ", ") + k;
      return "unknown parameter '" + in.infos[i].key + "' (valid: " + valid + ")";
    }
    full.values[size_t(j)] = in.values[i];
  }
  std::string err = validate_ranges(full);
  if (!err.empty()) return err;
  P next = load<P>(full);
  err = next.validate();
  if (!err.empty()) return err;
  cur = next;
  return "";
}

// Number of trailing states (from the end of `states`) for which `ok` holds.
int trailing_count(const std::vector<Vec>& states, const std::function<bool(const Vec&)>& ok);

}  // namespace mbrl::envutil
