#pragma once
// Transitions (s, a, s') gathered by the MBRL loop, with a size cap (oldest dropped first) and,
// per transition, where it came from (source: 0 = random exploration, k = iteration k of the
// loop; the coverage view colours by it) and its place in an episode (so K-step windows of
// consecutive transitions can be cut for the simulation-error objective).
// Every transition gets a serial number at insertion; the train/holdout split hashes it, so a
// transition stays on its side of the split while the dataset grows.
#include <cstdint>
#include <vector>

#include "core/types.hpp"

namespace mbrl {

class Dataset {
 public:
  Dataset(int state_dim, int action_dim, int cap = 50000);

  int state_dim() const { return sd_; }
  int action_dim() const { return ad_; }
  int size() const { return size_; }
  int cap() const { return cap_; }
  // Changing the cap keeps the newest transitions.
  void set_cap(int cap);
  void clear();

  // Appends one transition. `episode` groups transitions of one rollout; `step` is the index
  // of s within it (consecutive steps of one episode chain into K-step windows).
  void add(const Vec& s, const Vec& a, const Vec& s_next, int source, int episode, int step);

  // Logical index i in [0, size): 0 = oldest.
  auto state(int i) const { return S_.col(phys(i)); }
  auto action(int i) const { return A_.col(phys(i)); }
  auto next_state(int i) const { return N_.col(phys(i)); }
  int source(int i) const { return src_[size_t(phys(i))]; }
  int episode(int i) const { return ep_[size_t(phys(i))]; }
  int step(int i) const { return step_[size_t(phys(i))]; }
  uint64_t serial(int i) const { return serial_[size_t(phys(i))]; }

  // Whether transition i is held out (stable hash of its serial number).
  static bool is_holdout(uint64_t serial, float fraction, uint64_t seed);
  void split(float fraction, uint64_t seed, std::vector<int>& train, std::vector<int>& holdout) const;
  // Starts i (among `candidates`) of windows i, i+1, ..., i+k-1 of consecutive steps of one episode.
  std::vector<int> window_starts(const std::vector<int>& candidates, int k) const;
  // A resample of `from` with replacement, of the same size, from Rng(seed, member).
  static std::vector<int> bootstrap(const std::vector<int>& from, uint64_t seed, int member);

 private:
  int phys(int i) const { return (head_ + i) % cap_; }
  void reserve_storage();
  int sd_, ad_, cap_;
  int head_ = 0, size_ = 0;
  uint64_t next_serial_ = 0;
  Mat S_, A_, N_;
  std::vector<int> src_, ep_, step_;
  std::vector<uint64_t> serial_;
};

}  // namespace mbrl
