#pragma once
// Save and load a trained ensemble (weights, normalisers, shapes) to a versioned binary file:
//   "MBRLNET\0" magic, u32 version, shapes (state/action/obs dims, members, hidden widths,
//   activation, head), the observation map's name, u64 payload count, float payload
//   (normalisers, then each member's flat parameters), u64 FNV-1a checksum of all bytes before.
// Little-endian, as written by x86-64/ARM64. Saving writes a temporary file and renames it, so
// a crash never leaves half a model. A missing, corrupt, truncated or mismatched file gives a
// message naming the file and what was expected, and leaves the caller's ensemble unchanged.
//
// Loading checks, in this order, before anything is accepted: the file is a regular file of at
// most model_file_max_bytes(); the header (read alone first) has the magic and version, members,
// layers and widths inside model.members / model.layers / model.width's documented ranges
// (model_params.hpp), at most kModelMaxStateDim states and kModelMaxInDim inputs, and declares
// exactly the file's size; then the payload's checksum; then the contents: finite normalisers
// with std >= kModelMinStd, finite weights with |w| <= kModelMaxWeight, and finite predictions for
// inputs within 3 std of the data's mean (weights near 1e38 made every rollout non-finite).
#include <cstdint>
#include <string>

#include "core/learn/ensemble.hpp"

namespace mbrl {

constexpr uint32_t kModelFileVersion = 1;
constexpr int kModelMaxStateDim = 256;        // states (the envs have at most a few)
constexpr int kModelMaxInDim = 256;           // observation + action dimensions
constexpr uint32_t kModelMaxNameBytes = 256;  // observation map name
constexpr float kModelMinStd = 1e-6f;         // normaliser std floor (the trainer floors at 1e-5 or more)
constexpr float kModelMaxWeight = 1e6f;       // trained weights are O(1)

// The largest file any model within the documented ranges makes (header, payload, checksum).
uint64_t model_file_max_bytes();

// "" on success, else a message.
std::string save_model(const std::string& path, const Ensemble& ens);

// Loads into `out` only if everything checks out. With `expect`, the file must be for the same
// environment interface (state, action and observation dims and observation map name); with
// `same_architecture` also the same members, widths, activation and head.
std::string load_model(const std::string& path, Ensemble& out, const NetSpec* expect = nullptr,
                       bool same_architecture = false);

}  // namespace mbrl
