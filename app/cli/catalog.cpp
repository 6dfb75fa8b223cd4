#include <sstream>

#include "app/cli/commands.hpp"
#include "app/gui_params.hpp"
#include "engine/loop_params.hpp"
#include "core/mpc.hpp"
#include "core/planners/registry.hpp"
#include "envs/registry.hpp"

namespace mbrl {

namespace {
void list_params(std::ostringstream& os, const ParamSet& p, const std::string& prefix) {
  for (size_t i = 0; i < p.infos.size(); ++i) {
    const ParamInfo& info = p.infos[i];
    ParamSet def = p;
    def.values[i] = info.def;
    os << "      " << prefix << info.key << " = " << def.value_string(int(i)) << "  " << p.range_string(int(i)) << "  "
       << info.help << "\n";
  }
}
}  // namespace

std::string catalog_text() {
  std::ostringstream os;
  os << "\nPLANNERS (--planner NAME; parameters: --set planner.KEY=VALUE or KEY=VALUE, default and range shown)\n";
  for (const auto& e : planner_registry()) {
    os << "  " << e.name << ": " << e.display_name << " [" << e.category << "]\n";
    list_params(os, e.make()->params(), "planner.");
  }
  os << "\nENVIRONMENTS (--env NAME; parameters: --set env.KEY=VALUE)\n";
  for (const auto& e : env_registry()) {
    auto env = e.make();
    os << "  " << e.name << ": " << e.display_name << " [" << e.category << "], " << env->default_steps()
       << " steps by default\n";
    list_params(os, env->params(), "env.");
    os << "      recommended planner settings:";
    for (const auto& [k, v] : env->recommended_planner_settings()) os << " " << k << "=" << v;
    os << "\n";
  }
  os << "\nMODEL-PREDICTIVE CONTROL (--set mpc.KEY=VALUE)\n";
  list_params(os, describe(MpcParams{}), "mpc.");
  os << "\nLEARNED MODEL (run --model nn|ensemble; --set model.KEY=VALUE; nn: members = 1, no bootstrap)\n";
  list_params(os, describe(ModelParams{}), "model.");
  os << "\nMBRL LOOP (run --model nn|ensemble --loop v0.5|v1.0|v1.5; --set loop.KEY=VALUE)\n";
  list_params(os, describe(LoopParams{}), "loop.");
  os << "\nWINDOW (the window only; --set gui.KEY=VALUE)\n";
  list_params(os, describe(GuiParams{}), "gui.");
  return os.str();
}

}  // namespace mbrl
