#include "app/gui/session.hpp"

#include <algorithm>
#include <chrono>
#include <stdexcept>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/gui/engine_view.hpp"
#include "core/mcts/mcts.hpp"

namespace mbrl::gui {

namespace {
double now_s() {
  using namespace std::chrono;
  return duration<double>(steady_clock::now().time_since_epoch()).count();
}
}  // namespace

struct Session::Sim {
  std::unique_ptr<Engine> engine;
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
  if (std::string err = Engine::create(cfg.setup, options, sim_->engine); !err.empty()) throw std::runtime_error(err);
  publish(*sim_, true);
  thread_ = std::thread([this] { worker(); });
}

Session::~Session() {
  // A plan in progress (an MCTS time budget, a million samples) or a synchronous training run
  // stops at its next check instead of running to its end: the worker is then joined at once.
  sim_->engine->request_stop();
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
  LearnStatus learn = s.engine->learner() ? s.engine->learner()->status() : LearnStatus{};
  std::lock_guard lk(mu_);  // the env copy and the parameter sets are small
  if (copy_engine_view(*s.engine, std::move(learn), shared_, s.published_states, everything)) budget_ = 0;
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
  sync_view(shared_, v);
  v.planning = worker_planning_;
  v.planning_for_s = worker_planning_ ? now_s() - plan_started_ : 0.0;
}

void Session::advance(double frame_dt, double speed, bool max_speed) {
  {
    std::lock_guard lk(mu_);
    max_speed_ = max_speed;
    if (playing_ && !max_speed) budget_ = std::min(budget_ + frame_dt * speed / double(shared_.dt), 2.0);
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
