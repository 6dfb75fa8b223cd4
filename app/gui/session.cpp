#include "app/gui/session.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "core/mcts/mcts.hpp"

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
  std::unique_ptr<Engine> engine;
  int threads = 2;
  int64_t run_steps = 0;  // real steps since the last user reset: the MBRL loop's resets keep counting (gui.stop_at)
  size_t published_states = 0;
  PlanTrace scratch;  // the MCTS inspector's snapshot
};

Session::Session(const SessionConfig& cfg) : sim_(std::make_unique<Sim>()) {
  EngineOptions options;
  options.threads = std::max(1, cfg.threads);
  options.trace_cap = cfg.trace_cap;
  options.training = TrainingMode::Background;
  options.model_views = true;
  // The engine's own pool is made here, on the constructing thread; planning runs on the worker.
  if (std::string err = Engine::create(cfg.setup, options, sim_->engine); !err.empty()) throw std::runtime_error(err);
  publish(*sim_, true);
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

void Session::publish(Sim& s, bool everything) {
  Engine& e = *s.engine;
  std::shared_ptr<const Env> env_copy;
  ParamTree params;
  if (everything) {
    env_copy = e.env().clone();
    params = e.params();
  }
  LearnStatus status = e.learner() ? e.learner()->status() : LearnStatus{};
  std::lock_guard lk(mu_);
  SessionView& sh = shared_;
  if (sh.episode != e.episode()) {  // a new episode: its history restarts
    sh.episode = e.episode();
    sh.states.clear();
    sh.actions.clear();
    sh.costs.clear();
    sh.has_trace = false;
    s.published_states = 0;
    budget_ = 0;
  }
  for (size_t i = s.published_states; i < e.states().size(); ++i) sh.states.push_back(e.states()[i]);
  for (size_t i = sh.actions.size(); i < e.actions().size(); ++i) sh.actions.push_back(e.actions()[i]);
  for (size_t i = sh.costs.size(); i < e.costs().size(); ++i) sh.costs.push_back(e.costs()[i]);
  s.published_states = e.states().size();
  if (!sh.states.empty()) sh.states.back() = e.state();  // a click or drag edits the current state
  sh.step = e.step_index();
  sh.state = e.state();
  sh.seed = e.seed();
  sh.learned = e.learned();
  sh.model_kind = e.model_kind();
  sh.learn = std::move(status);
  if (!everything) return;
  sh.env = std::move(env_copy);
  ++sh.env_version;
  dt_ = env_dt(*sh.env);
  sh.env_name = e.env_name();
  sh.planner_name = e.planner_name();
  sh.planner_params = *params.find("planner");
  sh.env_params = *params.find("env");
  sh.mpc_params = *params.find("mpc");
  ++sh.params_version;
  sh.model_params = *params.find("model");
  sh.loop_params = *params.find("loop");
  ++sh.learn_params_version;
}

void Session::report(const std::string& err) {
  std::lock_guard lk(mu_);
  if (shared_.message == err) return;
  shared_.message = err;
  ++shared_.message_version;
}

void Session::do_plan(Sim& s) {
  {
    std::lock_guard lk(mu_);
    worker_planning_ = true;
    plan_started_ = now_s();
  }
  const double t0 = now_s();
  s.engine->plan();
  const double ms = (now_s() - t0) * 1000.0;
  {
    std::lock_guard lk(mu_);
    shared_.fan = s.engine->fan();
    s.engine->swap_trace(shared_.trace);  // double buffer: the engine refills the older one
  }
  publish_trace(s, ms);
}

void Session::publish_trace(Sim&, double ms) {
  std::lock_guard lk(mu_);
  worker_planning_ = false;
  shared_.has_trace = true;
  shared_.last_plan_ms = ms;
  ++shared_.trace_version;
}

void Session::mcts_step(int kind, int count) {
  set_playing(false);
  post([this, kind, count](Sim& s) {
    auto* mcts = dynamic_cast<Mcts*>(&s.engine->planner());
    if (!mcts) return;
    // The engine's own request: the learned model when it is on, the episode's planner stream.
    const PlanRequest req = s.engine->plan_request();
    const double t0 = now_s();
    if (kind == 2 || !mcts->searching()) mcts->begin(req);
    std::string caption;
    for (int i = 0; i < count && kind != 2; ++i) {
      if (kind == 0)
        caption = mcts->step_phase();
      else
        mcts->step_simulation();
    }
    mcts->snapshot(s.scratch);
    {
      std::lock_guard lk(mu_);
      shared_.mcts_caption = caption;
      std::swap(shared_.trace, s.scratch);
    }
    publish_trace(s, (now_s() - t0) * 1000.0);
  });
}

void Session::worker() {
  Sim& s = *sim_;
  // Planning yields to the window: this thread and the pool threads it starts (which inherit
  // the value) run at a lower priority, so a long plan never delays a frame on a busy machine.
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
  Engine& e = *s.engine;
  std::unique_lock lk(mu_);
  while (true) {
    const auto may_step = [&] { return (stop_at_ < 0 || s.run_steps < stop_at_) && e.can_step(); };
    const auto ready = [&] {
      return quit_ || !commands_.empty() || e.plan_due() ||
             (may_step() && (steps_requested_ > 0 || (playing_ && (max_speed_ || budget_ >= 1.0))));
    };
    // While a model trains in the background, wake up to show its progress and swap it in.
    if (e.learned())
      cv_.wait_for(lk, std::chrono::milliseconds(100), ready);
    else
      cv_.wait(lk, ready);
    if (quit_) return;
    std::deque<Command> cmds;
    cmds.swap(commands_);
    lk.unlock();
    for (auto& c : cmds) c(s);
    if (e.learned()) {
      e.poll();  // a new model makes the plan stale: it is replanned at once
      publish(s, false);
    }
    lk.lock();
    if (quit_) return;
    if (e.plan_due()) {
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
    if (e.step()) ++s.run_steps;
    publish(s, false);
    lk.lock();
  }
}

// ---- main-thread side --------------------------------------------------------------------

void Session::sync(SessionView& v) {
  std::lock_guard lk(mu_);
  const SessionView& sh = shared_;
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
  v.model_kind = sh.model_kind;
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

void Session::apply(const Event& ev) {
  post([this, ev](Sim& s) {
    const std::string err = s.engine->apply(ev);
    report(err);
    if (err.empty() &&
        (ev.kind == Event::Kind::Reset || ev.kind == Event::Kind::SwitchEnv || ev.kind == Event::Kind::SwitchModel))
      s.run_steps = 0;  // a user reset: gui.stop_at counts from here
    if (ev.kind == Event::Kind::SwitchPlanner) {
      std::lock_guard lk(mu_);
      shared_.has_trace = false;
    }
    publish(s, true);  // a rejected edit restores the panel's values
  });
}

void Session::save_model(const std::string& path) {
  post([this, path](Sim& s) {
    Learner* l = s.engine->learner();
    report(l ? l->save_file(path) : "turn on the learned model first");
    publish(s, false);
  });
}

void Session::set_trace_cap(int cap) {
  // A view setting, not an event: the next plan keeps this many samples for drawing.
  post([cap](Sim& s) { s.engine->set_trace_cap(cap); });
}

void Session::set_stop_at(int64_t step) {
  {
    std::lock_guard lk(mu_);
    stop_at_ = step;
  }
  cv_.notify_all();
}

}  // namespace mbrl::gui
