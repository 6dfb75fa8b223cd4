#include "app/gui/session.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "engine/setup.hpp"
#include "core/mcts/mcts.hpp"
#include "core/rng.hpp"
#include "core/planners/registry.hpp"
#include "engine/episode_runner.hpp"
#include "envs/registry.hpp"

namespace mbrl::gui {

namespace {
double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
float env_dt(const Env& env) {
  const ParamSet p = env.params();
  const int i = p.index_of("dt");
  return i >= 0 && p.values[size_t(i)] > 0 ? float(p.values[size_t(i)]) : 0.05f;
}
}  // namespace

struct Session::Sim {
  std::unique_ptr<Env> env;
  std::string env_name, planner_name;
  std::unique_ptr<MpcController> mpc;
  std::unique_ptr<ThreadPool> pool;
  uint64_t seed = 0;
  int trace_cap = 1000;
  int threads = 2;
  Vec state;
  int64_t step = 0;
  int64_t episode = 0;
  int64_t run_steps = 0;  // real steps since the last user reset: the MBRL loop's resets keep counting (gui.stop_at)
  PlanTrace trace;
  bool force_plan = false;
  // Learned model (null: true dynamics). Declared after env: destroyed first.
  ParamSet model_params = describe(ModelParams{}), loop_params = describe(LiveLoopParams{});
  std::unique_ptr<LiveLearner> learn;
  bool can_plan() const { return !learn || learn->ready(); }
  bool can_act() const { return !learn || !learn->waiting(); }
};

Session::Session(const SessionConfig& cfg) : sim_(std::make_unique<Sim>()) {
  Sim& s = *sim_;
  KeyValues rest;
  for (const auto& [key, value] : cfg.sets) {
    const bool is_model = key.rfind("model.", 0) == 0, is_loop = key.rfind("loop.", 0) == 0;
    if (!is_model && !is_loop) {
      rest.emplace_back(key, value);
      continue;
    }
    if (!cfg.learned) throw std::runtime_error("--set " + key + ": needs the learned model (--set gui.model=ensemble)");
    ParamSet& target = is_model ? s.model_params : s.loop_params;
    if (auto err = target.set_from_string(key.substr(is_model ? 6 : 5), value))
      throw std::runtime_error("--set " + key + ": " + *err + (is_model ? " (learned model)" : " (MBRL loop)"));
  }
  RunSetup setup;
  if (std::string err = build_setup(cfg.env, cfg.planner, rest, setup); !err.empty()) throw std::runtime_error(err);
  s.env = std::move(setup.env);
  s.env_name = cfg.env;
  s.planner_name = cfg.planner;
  s.mpc = std::make_unique<MpcController>(std::move(setup.planner), setup.mpc);
  s.threads = std::max(1, cfg.threads);
  s.seed = cfg.seed;
  s.trace_cap = cfg.trace_cap;
  start_episode(s);
  publish_env(s);
  publish_params(s);
  if (cfg.learned) make_learner(s);
  publish_learn(s, true);
  thread_ = std::thread([this] { worker(); });
}

Session::~Session() {
  {
    std::lock_guard lk(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void Session::post(Command c) {
  {
    std::lock_guard lk(mu_);
    commands_.push_back(std::move(c));
  }
  cv_.notify_all();
}

// ---- worker side -------------------------------------------------------------------------

void Session::start_episode(Sim& s) {
  s.run_steps = 0;
  if (s.learn) s.learn->episode_started();
  begin_episode(s, s.env->reset(s.seed));
}

void Session::next_loop_episode(Sim& s) {
  // Every loop episode starts from its own initial state, as `run --loop` does.
  constexpr uint64_t kLoopEpisode = 0x4C560004ull;
  begin_episode(s, s.env->reset(stream_key(s.seed, kLoopEpisode, uint64_t(s.episode))));
}

void Session::begin_episode(Sim& s, const Vec& start) {
  s.state = start;
  s.step = 0;
  ++s.episode;
  s.mpc->reset();
  std::lock_guard lk(mu_);
  shared_.episode = s.episode;
  shared_.seed = s.seed;
  shared_.step = 0;
  shared_.state = s.state;
  shared_.states.assign(1, s.state);
  shared_.actions.clear();
  shared_.costs.clear();
  shared_.has_trace = false;
  budget_ = 0;
}

void Session::publish_env(Sim& s) {
  std::shared_ptr<const Env> copy = s.env->clone();
  const float dt = env_dt(*s.env);
  std::lock_guard lk(mu_);
  shared_.env = std::move(copy);
  shared_.env_name = s.env_name;
  shared_.planner_name = s.planner_name;
  ++shared_.env_version;
  dt_ = dt;
}

void Session::publish_params(Sim& s) {
  ParamSet pp = s.mpc->planner().params(), env = s.env->params();
  ParamSet mp = describe(s.mpc->params());
  std::lock_guard lk(mu_);
  shared_.planner_params = std::move(pp);
  shared_.mpc_params = std::move(mp);
  shared_.env_params = std::move(env);
  shared_.planner_name = s.planner_name;
  shared_.env_name = s.env_name;
  ++shared_.params_version;
}

void Session::publish_state(Sim& s, bool appended) {
  std::lock_guard lk(mu_);
  shared_.step = s.step;
  shared_.state = s.state;
  if (!appended && !shared_.states.empty()) shared_.states.back() = s.state;  // edited by the mouse
}

void Session::make_learner(Sim& s) {
  s.learn.reset();
  s.learn = std::make_unique<LiveLearner>(*s.env, load<ModelParams>(s.model_params),
                                          load<LiveLoopParams>(s.loop_params), s.seed);
  s.mpc->reset();
  std::lock_guard lk(mu_);
  shared_.has_trace = false;
}

void Session::publish_learn(Sim& s, bool params) {
  LearnStatus st = s.learn ? s.learn->status() : LearnStatus{};
  std::lock_guard lk(mu_);
  shared_.learned = s.learn != nullptr;
  shared_.learn = std::move(st);
  if (params) {
    shared_.model_params = s.model_params;
    shared_.loop_params = s.loop_params;
    ++shared_.learn_params_version;
  }
}

void Session::do_plan(Sim& s) {
  PlanRequest req;
  req.state = s.state;
  req.model = s.env.get();
  req.cost = s.env.get();
  if (s.learn) {  // can_plan(): a trained model is there
    req.model = &s.learn->model();
    req.cost = &s.learn->cost();
  }
  req.seed = s.seed;
  req.pool = s.pool.get();
  req.trace_cap = s.trace_cap;
  {
    std::lock_guard lk(mu_);
    worker_planning_ = true;
    plan_started_ = now_s();
  }
  const double t0 = now_s();
  s.mpc->plan(req, s.trace);
  const double ms = (now_s() - t0) * 1000.0;
  std::shared_ptr<const EnsembleFan> fan = s.learn ? s.learn->fan(req.state, s.trace.plan_actions) : nullptr;
  {
    std::lock_guard lk(mu_);
    shared_.fan = std::move(fan);
  }
  publish_trace(s, ms);
}

void Session::publish_trace(Sim& s, double ms) {
  std::lock_guard lk(mu_);
  worker_planning_ = false;
  std::swap(shared_.trace, s.trace);  // double buffer: the worker refills the older one
  shared_.has_trace = true;
  shared_.last_plan_ms = ms;
  ++shared_.trace_version;
}

void Session::mcts_step(int kind, int count) {
  set_playing(false);
  post([this, kind, count](Sim& s) {
    auto* mcts = dynamic_cast<Mcts*>(&s.mpc->planner());
    if (!mcts) return;
    PlanRequest req;
    req.state = s.state;
    req.model = s.env.get();
    req.cost = s.env.get();
    req.seed = s.seed;
    req.plan_index = s.mpc->plans_made();
    req.pool = s.pool.get();
    req.trace_cap = s.trace_cap;
    const double t0 = now_s();
    if (kind == 2 || !mcts->searching()) mcts->begin(req);
    std::string caption;
    for (int i = 0; i < count && kind != 2; ++i) {
      if (kind == 0)
        caption = mcts->step_phase();
      else
        mcts->step_simulation();
    }
    mcts->snapshot(s.trace);
    {
      std::lock_guard lk(mu_);
      shared_.mcts_caption = caption;
    }
    publish_trace(s, (now_s() - t0) * 1000.0);
  });
}

void Session::worker() {
  Sim& s = *sim_;
  // Planning yields to the window: this thread and the pool threads it starts (which inherit
  // the value) run at a lower priority, so a long plan never delays a frame on a busy machine.
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
  s.pool = std::make_unique<ThreadPool>(s.threads);
  std::unique_lock lk(mu_);
  while (true) {
    const auto may_step = [&] { return (stop_at_ < 0 || s.run_steps < stop_at_) && s.can_act(); };
    const auto ready = [&] {
      return quit_ || !commands_.empty() || (s.can_plan() && (s.force_plan || s.mpc->due())) ||
             (may_step() && (steps_requested_ > 0 || (playing_ && (max_speed_ || budget_ >= 1.0))));
    };
    // While a model trains in the background, wake up to show its progress and swap it in.
    if (s.learn)
      cv_.wait_for(lk, std::chrono::milliseconds(100), ready);
    else
      cv_.wait(lk, ready);
    if (quit_) return;
    std::deque<Command> cmds;
    cmds.swap(commands_);
    lk.unlock();
    for (auto& c : cmds) c(s);
    if (s.learn) {
      if (s.learn->poll()) s.force_plan = true;  // plan through the new model at once
      publish_learn(s, false);
    }
    lk.lock();
    if (quit_) return;
    // MBRL v1.0 executes whole plans; the user's open-loop setting applies otherwise.
    s.mpc->force_open_loop(s.learn && s.learn->ready() && s.learn->executes_whole_plans());
    // Plan first whenever the controller is due, so the trace shows the plan from this state.
    const bool due = s.can_plan() && s.mpc->due();
    if (due || (s.force_plan && s.can_plan())) {
      s.force_plan = false;
      lk.unlock();
      do_plan(s);
      lk.lock();
      continue;  // re-check commands before stepping (a reset may have arrived)
    }
    bool do_step = false;
    if (!may_step()) {
      budget_ = 0;
      steps_requested_ = 0;
    } else if (steps_requested_ > 0) {
      --steps_requested_;
      do_step = true;
    } else if (playing_ && (max_speed_ || budget_ >= 1.0)) {
      if (!max_speed_) budget_ -= 1.0;
      do_step = true;
    }
    if (!do_step) continue;
    lk.unlock();
    const bool random = s.learn && !s.learn->ready();
    const Vec a = random ? s.learn->random_action() : s.mpc->act();
    Vec c(1);
    c.setZero();
    s.env->running_cost(s.state, a, int(s.step), c);
    const Vec next = real_step(*s.env, s.state, a, s.mpc->params().process_noise, s.seed, int(s.step));
    bool loop_reset = false;
    if (s.learn) {
      s.learn->record(s.state, a, next, int(s.episode), int(s.step));
      loop_reset = s.learn->take_reset();
      publish_learn(s, false);
    }
    s.state = next;
    ++s.step;
    ++s.run_steps;
    lk.lock();
    shared_.step = s.step;
    shared_.state = s.state;
    shared_.states.push_back(s.state);
    shared_.actions.push_back(a);
    shared_.costs.push_back(c(0));
    if (loop_reset) {  // the loop's episode is over: the next one starts from a new state
      lk.unlock();
      next_loop_episode(s);
      lk.lock();
    }
  }
}

// ---- main-thread side --------------------------------------------------------------------

void Session::sync(SessionView& v) {
  std::lock_guard lk(mu_);
  const Shared& sh = shared_;
  if (v.episode != sh.episode) {
    v.episode = sh.episode;
    v.states.clear();
    v.actions.clear();
    v.costs.clear();
  }
  v.seed = sh.seed;
  v.step = sh.step;
  v.state = sh.state;
  for (size_t i = v.states.size(); i < sh.states.size(); ++i) v.states.push_back(sh.states[i]);
  if (!v.states.empty() && !sh.states.empty()) v.states.back() = sh.states.back();
  for (size_t i = v.actions.size(); i < sh.actions.size(); ++i) v.actions.push_back(sh.actions[i]);
  for (size_t i = v.costs.size(); i < sh.costs.size(); ++i) v.costs.push_back(sh.costs[i]);
  if (v.env_version != sh.env_version) {
    v.env_version = sh.env_version;
    v.env = sh.env;
    v.dt = dt_;
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
  v.learn = sh.learn;
  if (v.learn_params_version != sh.learn_params_version) {
    v.learn_params_version = sh.learn_params_version;
    v.model_params = sh.model_params;
    v.loop_params = sh.loop_params;
  }
  v.planning = worker_planning_;
  v.planning_for_s = worker_planning_ ? now_s() - plan_started_ : 0.0;
  v.last_plan_ms = sh.last_plan_ms;
  if (v.message_version != sh.message_version) {
    v.message_version = sh.message_version;
    v.message = sh.message;
  }
}

void Session::advance(double frame_dt, double speed, bool max_speed) {
  {
    std::lock_guard lk(mu_);
    max_speed_ = max_speed;
    if (playing_ && !max_speed) budget_ = std::min(budget_ + frame_dt * speed / double(dt_), 2.0);
  }
  cv_.notify_all();
}

void Session::set_playing(bool on) {
  {
    std::lock_guard lk(mu_);
    playing_ = on;
    budget_ = 0;
  }
  cv_.notify_all();
}

bool Session::playing() const {
  std::lock_guard lk(mu_);
  return playing_;
}

bool Session::behind() const {
  std::lock_guard lk(mu_);
  return playing_ && !max_speed_ && worker_planning_ && budget_ >= 1.0;
}

void Session::step_once() {
  {
    std::lock_guard lk(mu_);
    ++steps_requested_;
  }
  cv_.notify_all();
}

void Session::plan_once() {
  post([](Sim& s) { s.force_plan = true; });
}

void Session::reset(uint64_t seed) {
  post([this, seed](Sim& s) {
    s.seed = seed;
    start_episode(s);
  });
}

void Session::set_env(const std::string& name) {
  post([this, name](Sim& s) {
    const EnvEntry* e = find_env(name);
    if (!e) return;
    const bool learned = s.learn != nullptr;
    s.learn.reset();  // it refers to the old env
    s.env = e->make();
    s.env_name = name;
    ParamSet pp = s.mpc->planner().params();
    pp.reset_defaults();
    apply_recommended(*s.env, pp);
    s.mpc->planner().set_params(pp);
    start_episode(s);
    if (learned) make_learner(s);
    publish_env(s);
    publish_params(s);
    publish_learn(s, false);
  });
}

void Session::set_planner(const std::string& name) {
  post([this, name](Sim& s) {
    const PlannerEntry* e = find_planner(name);
    if (!e) return;
    auto planner = e->make();
    ParamSet pp = planner->params();
    apply_recommended(*s.env, pp);
    planner->set_params(pp);
    const MpcParams mp = s.mpc->params();
    s.mpc = std::make_unique<MpcController>(std::move(planner), mp);
    s.planner_name = name;
    {
      std::lock_guard lk(mu_);
      shared_.has_trace = false;
    }
    publish_env(s);
    publish_params(s);
  });
}

namespace {
void report(std::mutex& mu, std::string& msg, int64_t& version, const std::string& err) {
  std::lock_guard lk(mu);
  if (msg == err) return;
  msg = err;
  ++version;
}
}  // namespace

void Session::set_planner_params(const ParamSet& p, bool replan_if_paused) {
  post([this, p, replan_if_paused](Sim& s) {
    const std::string err = s.mpc->planner().set_params(p);
    report(mu_, shared_.message, shared_.message_version, err);
    if (err.empty() && replan_if_paused && !playing()) s.force_plan = true;
  });
}

void Session::set_mpc_params(const ParamSet& p) {
  post([this, p](Sim& s) {
    const std::string err = s.mpc->set_params(p);
    report(mu_, shared_.message, shared_.message_version, err);
  });
}

void Session::set_env_params(const ParamSet& p) {
  post([this, p](Sim& s) {
    const std::string err = s.env->set_params(p);
    report(mu_, shared_.message, shared_.message_version, err);
    if (!err.empty()) return;
    publish_env(s);
    if (!playing()) s.force_plan = true;
  });
}

void Session::reset_planner_defaults() {
  post([this](Sim& s) {
    ParamSet pp = s.mpc->planner().params();
    pp.reset_defaults();
    apply_recommended(*s.env, pp);
    s.mpc->planner().set_params(pp);
    s.mpc->reset();
    s.force_plan = true;
    publish_params(s);
  });
}

void Session::set_learned(bool on) {
  post([this, on](Sim& s) {
    if (on == (s.learn != nullptr)) return;
    if (on) {
      make_learner(s);
    } else {
      s.learn.reset();
      s.mpc->reset();
      s.force_plan = true;
    }
    publish_learn(s, true);
  });
}

void Session::cancel_training() {
  post([this](Sim& s) {
    if (s.learn) s.learn->cancel_training();
    publish_learn(s, false);
  });
}

void Session::retrain_now() {
  post([this](Sim& s) {
    if (s.learn) s.learn->retrain_now();
    publish_learn(s, false);
  });
}

void Session::save_model(const std::string& path) {
  post([this, path](Sim& s) {
    const std::string err = s.learn ? s.learn->save_file(path) : "turn on the learned model first";
    report(mu_, shared_.message, shared_.message_version, err);
    publish_learn(s, false);
  });
}

void Session::load_model(const std::string& path) {
  post([this, path](Sim& s) {
    const std::string err = s.learn ? s.learn->load_file(path) : "turn on the learned model first";
    report(mu_, shared_.message, shared_.message_version, err);
    if (!err.empty()) return;
    s.model_params = s.learn->model_params();  // the file's architecture
    s.mpc->reset();
    s.force_plan = true;
    publish_learn(s, true);
  });
}

void Session::set_learn_params(const ParamSet& model, const ParamSet& loop) {
  post([this, model, loop](Sim& s) {
    std::string err;
    if (s.learn) {
      err = s.learn->set_params(model, loop);
    } else if ((err = validate_ranges(model)).empty()) {
      err = validate_ranges(loop);
    }
    report(mu_, shared_.message, shared_.message_version, err);
    if (err.empty()) {
      s.model_params = model;
      s.loop_params = loop;
      if (s.learn && !playing()) s.force_plan = true;
    }
    publish_learn(s, !err.empty());  // a rejected edit restores the panel's values
  });
}

void Session::set_trace_cap(int cap) {
  post([cap](Sim& s) {
    if (s.trace_cap == cap) return;
    s.trace_cap = cap;
    s.force_plan = true;
  });
}

void Session::set_stop_at(int64_t step) {
  {
    std::lock_guard lk(mu_);
    stop_at_ = step;
  }
  cv_.notify_all();
}

void Session::click(P2 world) {
  post([this, world](Sim& s) {
    if (!s.env->on_click(world, s.state)) return;
    publish_env(s);
    publish_state(s, false);
    s.force_plan = true;
  });
}

void Session::drag(P2 from, P2 to) {
  post([this, from, to](Sim& s) {
    if (!s.env->on_drag(from, to, s.state)) return;
    publish_env(s);
    publish_state(s, false);
    s.force_plan = true;
  });
}

}  // namespace mbrl::gui
