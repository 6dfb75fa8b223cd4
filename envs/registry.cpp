#include "envs/registry.hpp"

#include <type_traits>

#include "envs/cartpole.hpp"
#include "envs/discrete_action.hpp"
#include "envs/gridworld.hpp"
#include "envs/hill.hpp"
#include "envs/navigation.hpp"
#include "envs/pendulum.hpp"

namespace mbrl {

namespace {
template <class E>
EnvEntry entry(std::string category) {
  const E proto;
  const ActionKind kind = std::is_base_of_v<DiscreteActionSpace, E> ? ActionKind::Discrete : ActionKind::Continuous;
  return {proto.name(),        proto.display_name(), kind,
          std::move(category), proto.description(),  [] { return std::unique_ptr<Env>(std::make_unique<E>()); }};
}

// A discrete-action variant (for MCTS) of a continuous env: n evenly spaced actions.
template <class E>
EnvEntry discrete_entry(int n) {
  const DiscreteActionEnv proto(std::make_unique<E>(), n);
  return {proto.name(), proto.display_name(), ActionKind::Discrete, "Discrete actions", proto.description(), [n] {
            return std::unique_ptr<Env>(std::make_unique<DiscreteActionEnv>(std::make_unique<E>(), n));
          }};
}
}  // namespace

// The explicit list (add an entry per environment; the order is the order of menus and help). The
// contract tests iterate it: a new entry is checked automatically.
const std::vector<EnvEntry>& env_registry() {
  static const std::vector<EnvEntry> list = {
      entry<PendulumEnv>("Classic control"),
      entry<CartPoleEnv>("Classic control"),
      entry<NavigationEnv>("Navigation"),
      entry<HillEnv>("Classic control"),
      entry<Gridworld>("Discrete actions"),
      discrete_entry<PendulumEnv>(3),
      discrete_entry<HillEnv>(3),
      discrete_entry<NavigationEnv>(5),
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
