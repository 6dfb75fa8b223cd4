#include "core/planners/registry.hpp"

#include "core/planners/cem.hpp"
#include "core/mcts/mcts_entry.hpp"
#include "core/planners/mppi.hpp"
#include "core/planners/shooting.hpp"

namespace mbrl {

namespace {
const char* const kSampling = "Sampling (continuous)";
}

// One entry per planner, in the order the lectures introduce them. To add a planner, append an
// entry here (display name, kind, category, description, factory).
const std::vector<PlannerEntry>& planner_registry() {
  static const std::vector<PlannerEntry> entries = {
      {"shooting", "Random shooting", PlannerKind::Sampling, kSampling,
       "MBRL v0: sample many action sequences (uniform in the bounds, or Gaussian around the previous plan), roll "
       "each through the model and execute the first action of the cheapest one (argmax of predicted reward), or "
       "soften the choice with a softmax over costs. Simple and parallel, but a needle-in-a-haystack search with "
       "high variance that scales poorly with horizon and action dimension.",
       [] { return std::unique_ptr<Planner>(new ShootingPlanner()); }},
      {"cem", "Cross-entropy method (CEM)", PlannerKind::Sampling, kSampling,
       "Iterative sampling-based optimisation: sample a population from a Gaussian over action sequences, rank by "
       "predicted cost, refit the Gaussian to the elites (with momentum alpha and a minimum std), repeat; return "
       "the mean. Optionally PDDM's softer reward-weighted elite mean and temporally smoothed noise.",
       [] { return std::unique_ptr<Planner>(new CemPlanner()); }},
      {"mppi", "MPPI", PlannerKind::Sampling, kSampling,
       "MBRL v1: perturb the nominal plan with Gaussian noise and average the perturbations with weights "
       "exp(-S/lambda)/Z -- the KL-regularised optimal distribution q* = p exp(-S/lambda)/Z, estimated with "
       "self-normalised importance weights. Lower variance than random shooting; lambda trades greedy (small) "
       "against averaging (large). Optional control cost, PDDM temporal smoothing and refinement iterations.",
       [] { return std::unique_ptr<Planner>(new MppiPlanner()); }},
      mcts_planner_entry(),
  };
  return entries;
}

const PlannerEntry* find_planner(const std::string& name) {
  for (const auto& e : planner_registry())
    if (e.name == name) return &e;
  return nullptr;
}

std::string planner_names() {
  std::string s;
  for (const auto& e : planner_registry()) s += (s.empty() ? "" : ", ") + e.name;
  return s;
}

}  // namespace mbrl
