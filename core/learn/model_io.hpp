#pragma once
// Save and load a trained ensemble (weights, normalisers, shapes) to a versioned binary file:
//   "MBRLNET\0" magic, u32 version, shapes (state/action/obs dims, members, hidden widths,
//   activation, head), the observation map's name, u64 payload count, float payload
//   (normalisers, then each member's flat parameters), u64 FNV-1a checksum of all bytes before.
// Little-endian, as written by x86-64/ARM64. Saving writes a temporary file and renames it, so
// a crash never leaves half a model. A missing, corrupt, truncated or mismatched file gives a
// message naming the file and what was expected, and leaves the caller's ensemble unchanged.
#include <string>

#include "core/learn/ensemble.hpp"

namespace mbrl {

constexpr uint32_t kModelFileVersion = 1;

// "" on success, else a message.
std::string save_model(const std::string& path, const Ensemble& ens);

// Loads into `out` only if everything checks out. With `expect`, the file must be for the same
// environment interface (state, action and observation dims and observation map name); with
// `same_architecture` also the same members, widths, activation and head.
std::string load_model(const std::string& path, Ensemble& out, const NetSpec* expect = nullptr,
                       bool same_architecture = false);

}  // namespace mbrl
