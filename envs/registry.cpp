#include "envs/registry.hpp"

#include "envs/cartpole.hpp"
#include "envs/hill.hpp"
#include "envs/navigation.hpp"
#include "envs/pendulum.hpp"

namespace mbrl {

namespace {
template <class E>
EnvEntry entry(std::string category) {
  const E proto;
  return {proto.name(), proto.display_name(), std::move(category), proto.description(),
          [] { return std::unique_ptr<Env>(std::make_unique<E>()); }};
}
}  // namespace

// The explicit list (add an entry per environment; the order is the order of menus and help).
const std::vector<EnvEntry>& env_registry() {
  static const std::vector<EnvEntry> list = {
      entry<PendulumEnv>("Classic control"),
      entry<CartPoleEnv>("Classic control"),
      entry<NavigationEnv>("Navigation"),
      entry<HillEnv>("Classic control"),
  };
  return list;
}

const EnvEntry* find_env(const std::string& name) {
  for (const auto& e : env_registry())
    if (e.name == name) return &e;
  return nullptr;
}

std::string env_names() {
  std::string s;
  for (const auto& e : env_registry()) s += (s.empty() ? "" : ", ") + e.name;
  return s;
}

}  // namespace mbrl
