#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/dataset.hpp"

#include <algorithm>
#include <cassert>

#include "core/rng.hpp"

namespace mbrl {

Dataset::Dataset(int state_dim, int action_dim, int cap) : sd_(state_dim), ad_(action_dim), cap_(std::max(1, cap)) {}

void Dataset::clear() { head_ = size_ = 0; }

void Dataset::reserve_storage() {
  // Grow geometrically up to the cap so small datasets stay small.
  const int have = int(S_.cols());
  if (size_ < have || have >= cap_) return;
  const int want = std::min(cap_, std::max(256, have * 2));
  S_.conservativeResize(sd_, want);
  A_.conservativeResize(ad_, want);
  N_.conservativeResize(sd_, want);
  src_.resize(size_t(want));
  ep_.resize(size_t(want));
  step_.resize(size_t(want));
  serial_.resize(size_t(want));
}

void Dataset::set_cap(int cap) {
  cap = std::max(1, cap);
  // Re-pack the newest min(size, cap) transitions in logical order.
  const int keep = std::min(size_, cap);
  const int first = size_ - keep;
  Mat S(sd_, keep), A(ad_, keep), N(sd_, keep);
  std::vector<int> src(static_cast<size_t>(keep)), ep(static_cast<size_t>(keep)), st(static_cast<size_t>(keep));
  std::vector<uint64_t> se(static_cast<size_t>(keep));
  for (int j = 0; j < keep; ++j) {
    const int p = phys(first + j);
    S.col(j) = S_.col(p);
    A.col(j) = A_.col(p);
    N.col(j) = N_.col(p);
    src[size_t(j)] = src_[size_t(p)];
    ep[size_t(j)] = ep_[size_t(p)];
    st[size_t(j)] = step_[size_t(p)];
    se[size_t(j)] = serial_[size_t(p)];
  }
  S_.swap(S);
  A_.swap(A);
  N_.swap(N);
  src_.swap(src);
  ep_.swap(ep);
  step_.swap(st);
  serial_.swap(se);
  cap_ = cap;
  head_ = 0;
  size_ = keep;
}

void Dataset::add(const Vec& s, const Vec& a, const Vec& s_next, int source, int episode, int step) {
  assert(s.size() == sd_ && a.size() == ad_ && s_next.size() == sd_);
  int p;
  if (size_ < cap_) {
    reserve_storage();
    // While growing (head_ == 0 until the cap is reached) physical == logical.
    p = phys(size_);
    ++size_;
  } else {
    p = head_;
    head_ = (head_ + 1) % cap_;
  }
  S_.col(p) = s;
  A_.col(p) = a;
  N_.col(p) = s_next;
  src_[size_t(p)] = source;
  ep_[size_t(p)] = episode;
  step_[size_t(p)] = step;
  serial_[size_t(p)] = next_serial_++;
}

bool Dataset::is_holdout(uint64_t serial, float fraction, uint64_t seed) {
  if (fraction <= 0.f) return false;
  return Rng(seed, 0x401D, serial).uniform() < fraction;
}

void Dataset::split(float fraction, uint64_t seed, std::vector<int>& train, std::vector<int>& holdout) const {
  train.clear();
  holdout.clear();
  for (int i = 0; i < size_; ++i) (is_holdout(serial(i), fraction, seed) ? holdout : train).push_back(i);
}

std::vector<int> Dataset::window_starts(const std::vector<int>& candidates, int k) const {
  std::vector<int> out;
  out.reserve(candidates.size());
  for (int i : candidates) {
    if (i + k > size_) continue;
    bool ok = true;
    for (int j = 1; j < k && ok; ++j) ok = episode(i + j) == episode(i) && step(i + j) == step(i) + j;
    if (ok) out.push_back(i);
  }
  return out;
}

std::vector<int> Dataset::bootstrap(const std::vector<int>& from, uint64_t seed, int member) {
  std::vector<int> out(from.size());
  if (from.empty()) return out;
  Rng rng(seed, 0xB007, uint64_t(member));
  for (auto& v : out) v = from[rng.below(uint32_t(from.size()))];
  return out;
}

}  // namespace mbrl
