#include "app/gui/engine_view.hpp"

namespace mbrl::gui {

float env_dt(const Env& env) { return float(env_time_step(env)); }

namespace {
// Appends the tail of `from` that `to` does not hold yet, from index `have` on.
template <class T>
void append_from(const std::vector<T>& from, size_t have, std::vector<T>& to) {
  for (size_t i = have; i < from.size(); ++i) to.push_back(from[i]);
}
}  // namespace

bool copy_engine_view(const Engine& e, LearnStatus learn, SessionView& sh, size_t& published, bool everything) {
  bool restarted = false;
  if (sh.episode != e.episode()) {  // a new episode: its history restarts
    sh.episode = e.episode();
    sh.states.clear();
    sh.actions.clear();
    sh.costs.clear();
    sh.has_trace = false;
    published = 0;
    restarted = true;
  }
  append_from(e.states(), published, sh.states);
  append_from(e.actions(), sh.actions.size(), sh.actions);
  append_from(e.costs(), sh.costs.size(), sh.costs);
  published = e.states().size();
  if (!sh.states.empty()) sh.states.back() = e.state();  // a click or drag edits the current state
  sh.step = e.step_index();
  sh.state = e.state();
  sh.seed = e.seed();
  sh.learned = e.learned();
  sh.model_kind = e.model_kind();
  sh.learn = std::move(learn);
  if (!everything) return restarted;
  const ParamTree params = e.params();
  sh.env = e.env().clone();
  ++sh.env_version;
  sh.dt = env_dt(*sh.env);
  sh.env_name = e.env_name();
  sh.planner_name = e.planner_name();
  sh.planner_params = *params.find("planner");
  sh.env_params = *params.find("env");
  sh.mpc_params = *params.find("mpc");
  ++sh.params_version;
  sh.model_params = *params.find("model");
  sh.loop_params = *params.find("loop");
  ++sh.learn_params_version;
  return restarted;
}

void sync_view(const SessionView& sh, SessionView& v) {
  if (v.episode != sh.episode || v.generation != sh.generation) {
    v.episode = sh.episode;
    v.generation = sh.generation;
    v.states.clear();
    v.actions.clear();
    v.costs.clear();
  }
  v.seed = sh.seed;
  v.step = sh.step;
  v.state = sh.state;
  append_from(sh.states, v.states.size(), v.states);
  if (!v.states.empty() && !sh.states.empty()) v.states.back() = sh.states.back();
  append_from(sh.actions, v.actions.size(), v.actions);
  append_from(sh.costs, v.costs.size(), v.costs);
  if (v.env_version != sh.env_version) {
    v.env_version = sh.env_version;
    v.env = sh.env;
    v.dt = sh.dt;
  }
  v.env_name = sh.env_name;
  v.planner_name = sh.planner_name;
  if (v.trace_version != sh.trace_version) {
    v.trace_version = sh.trace_version;
    v.trace = sh.trace;  // copy: the worker may swap shared_.trace at the next plan
    v.fan = sh.fan;
  }
  v.has_trace = sh.has_trace;
  if (v.params_version != sh.params_version) {
    v.params_version = sh.params_version;
    v.planner_params = sh.planner_params;
    v.mpc_params = sh.mpc_params;
    v.env_params = sh.env_params;
  }
  v.mcts_caption = sh.mcts_caption;
  v.learned = sh.learned;
  v.model_kind = sh.model_kind;
  v.learn = sh.learn;
  if (v.learn_params_version != sh.learn_params_version) {
    v.learn_params_version = sh.learn_params_version;
    v.model_params = sh.model_params;
    v.loop_params = sh.loop_params;
  }
  v.last_plan_ms = sh.last_plan_ms;
  if (v.message_version != sh.message_version) {
    v.message_version = sh.message_version;
    v.message = sh.message;
  }
}

}  // namespace mbrl::gui
