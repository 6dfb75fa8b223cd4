#include "engine/real_system.hpp"

#include "core/rng.hpp"

namespace mbrl {

namespace {
constexpr uint64_t kRealSystemStream = 0x5EA15EA1ull;  // keeps env noise apart from planner streams
}

StepContext real_step_context(uint64_t seed, int step) {
  StepContext ctx;
  ctx.seed = stream_key(seed, kRealSystemStream);
  ctx.t = step;
  ctx.sample_begin = 0;
  return ctx;
}

Vec real_step(const Env& env, const Vec& s, const Vec& a, float process_noise, uint64_t seed, int step) {
  Vec next = env.step_one(s, a, real_step_context(seed, step));
  if (process_noise > 0.f) {
    Rng rng(seed, kRealSystemStream + 1, uint64_t(step));
    const Vec scale = env.process_noise_scale();
    for (int i = 0; i < next.size(); ++i) next(i) += process_noise * scale(i) * rng.normal();
  }
  return next;
}

ObsMap obs_map_for(const Env& env) {
  const auto names = env.state_names();
  std::vector<int> angles;
  for (size_t i = 0; i < names.size(); ++i)
    if (names[i] == "theta") angles.push_back(int(i));
  if (angles.empty()) return ObsMap::identity(env.state_dim(), env.name());
  return ObsMap::angles(env.state_dim(), angles, env.name());
}

}  // namespace mbrl
