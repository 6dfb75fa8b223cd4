// `mbrl-playground list envs|planners [--json]`: the registries' names with their kind, one per
// line, for scripts (the GUI smoke tests play every env with every planner of the matching kind).
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "app/cli/commands.hpp"
#include "core/planners/registry.hpp"
#include "envs/registry.hpp"

namespace mbrl {

namespace {

// The one place that turns a registry entry into its kind: an env is "continuous" or "discrete"
// (its actions), a planner "sampling" (continuous actions) or "tree" (discrete actions), from the
// entries' typed kind fields.
std::string kind(const EnvEntry& e) { return e.actions == ActionKind::Discrete ? "discrete" : "continuous"; }
std::string kind(const PlannerEntry& p) { return p.kind == PlannerKind::Sampling ? "sampling" : "tree"; }

template <class Entries>
int print(const Entries& entries, bool json) {
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : entries)
      list.push_back({{"name", e.name}, {"kind", kind(e)}, {"display_name", e.display_name}});
    std::printf("%s\n", list.dump(2).c_str());
  } else {
    for (const auto& e : entries) std::printf("%s %s\n", e.name.c_str(), kind(e).c_str());
  }
  return 0;
}

}  // namespace

int list_command(const ListArgs& args) {
  if (args.what == "envs") return print(env_registry(), args.json);
  if (args.what == "planners") return print(planner_registry(), args.json);
  std::fprintf(stderr, "mbrl-playground list: '%s': expected envs or planners\n", args.what.c_str());
  return 2;
}

}  // namespace mbrl
