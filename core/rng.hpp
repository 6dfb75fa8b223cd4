#pragma once
// Counter-based random streams. Every draw in the project derives from
// (seed, stream a, stream b) -- e.g. (scenario seed, plan index, sample index) -- so
// results never depend on thread count, chunking or timing, and replays are bit-identical.
// Own implementation (splitmix64 + Box-Muller) because std:: distributions are not
// specified bit-for-bit across standard libraries.
#include <cmath>
#include <cstdint>

namespace mbrl {

inline uint64_t splitmix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// Hash a tuple of stream identifiers into one 64-bit key.
inline uint64_t stream_key(uint64_t seed, uint64_t a = 0, uint64_t b = 0, uint64_t c = 0) {
  uint64_t h = splitmix64(seed ^ 0x6A09E667F3BCC908ull);
  h = splitmix64(h ^ a);
  h = splitmix64(h ^ (b + 0x3C6EF372FE94F82Bull));
  h = splitmix64(h ^ (c + 0xA54FF53A5F1D36F1ull));
  return h;
}

// A small sequential generator seeded from a stream key.
class Rng {
 public:
  explicit Rng(uint64_t key = 0) : state_(key) {}
  Rng(uint64_t seed, uint64_t a, uint64_t b = 0, uint64_t c = 0) : state_(stream_key(seed, a, b, c)) {}

  uint64_t next_u64() {
    state_ += 0x9E3779B97F4A7C15ull;
    uint64_t z = state_;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  // Uniform in [0, 1) with 24 bits (exactly representable as float).
  float uniform() { return float(next_u64() >> 40) * (1.0f / 16777216.0f); }
  float uniform(float lo, float hi) { return lo + (hi - lo) * uniform(); }
  // Uniform integer in [0, n).
  uint32_t below(uint32_t n) { return uint32_t((next_u64() >> 32) * uint64_t(n) >> 32); }
  // Standard normal (Box-Muller; caches the second value).
  float normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    float u1 = 0.f;
    do u1 = uniform();
    while (u1 <= 0.f);
    const float u2 = uniform();
    const float r = std::sqrt(-2.0f * std::log(u1));
    const float phi = 6.28318530717958647692f * u2;
    spare_ = r * std::sin(phi);
    has_spare_ = true;
    return r * std::cos(phi);
  }

 private:
  uint64_t state_;
  float spare_ = 0.f;
  bool has_spare_ = false;
};

}  // namespace mbrl
