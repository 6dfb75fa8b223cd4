#pragma once
// The real system of an episode: the environment's true dynamics plus process noise, drawn from a
// stream of its own so that the real world's randomness never mixes with the planner's; and the
// network input map the learned models use for an environment.
#include <cstdint>

#include "core/learn/obs_map.hpp"
#include "envs/env.hpp"

namespace mbrl {

// The random stream of the real system (process noise, stochastic envs) for an episode step.
StepContext real_step_context(uint64_t seed, int step);

// One real step: env dynamics, then process noise (std * env scale .* N(0, 1)).
Vec real_step(const Env& env, const Vec& s, const Vec& a, float process_noise, uint64_t seed, int step);

// The network input map for an environment: every state named "theta" becomes (sin, cos).
ObsMap obs_map_for(const Env& env);

}  // namespace mbrl
