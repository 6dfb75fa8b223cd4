#include "app/gui/session.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <stdexcept>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/gui/engine_view.hpp"
#include "engine/record/replay.hpp"

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
  int trace_cap = 1000;
};

Session::Session(const SessionConfig& cfg) : sim_(std::make_unique<Sim>()), limits_(cfg.record_limits) {
  options_.threads = std::max(1, cfg.threads);
  options_.trace_cap = cfg.trace_cap;
  options_.training = TrainingMode::Background;
  options_.model_views = true;
  if (std::string err = Engine::create(cfg.setup, options_, sim_->engine); !err.empty()) throw std::runtime_error(err);
  sim_->trace_cap = cfg.trace_cap;
  rec_ = std::make_shared<Recording>(limits_);
  sim_->engine->set_recording(rec_.get());
  publish(*sim_, true);
  thread_ = std::thread([this] { worker(); });
}

Session::~Session() {
  // A plan in progress (an MCTS time budget, a million samples) or a synchronous training run
  // stops at its next check instead of running to its end: the worker is then joined at once.
  cancel_rebuild_ = true;  // a re-simulation stops between entries
  {
    std::lock_guard lk(mu_);  // the worker replaces the engine under this lock (a rebuild)
    sim_->engine->request_stop();
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
    const double t0 = now_s();
    const std::string caption = s.engine->inspect_mcts(kind, count, s.scratch);
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
  // s.engine, never a reference to it: a command (continue from here, open) replaces the engine.
  std::unique_lock lk(mu_);
  while (true) {
    const auto may_step = [&] { return (stop_at_ < 0 || s.run_steps < stop_at_) && s.engine->can_step(); };
    const auto ready = [&] {
      return quit_ || !commands_.empty() || s.engine->plan_due() ||
             (may_step() && (steps_requested_ > 0 || (playing_ && (max_speed_ || budget_ >= 1.0))));
    };
    // While a model trains in the background, wake up to show its progress and swap it in.
    if (s.engine->learned())
      cv_.wait_for(lk, std::chrono::milliseconds(100), ready);
    else
      cv_.wait(lk, ready);
    if (quit_) return;
    std::deque<Command> cmds;
    cmds.swap(commands_);
    lk.unlock();
    for (auto& c : cmds) c(s);
    if (s.engine->learned()) {
      s.engine->poll();  // a new model makes the plan stale: it is replanned at once
      publish(s, false);
    }
    lk.lock();
    if (quit_) return;
    if (s.engine->plan_due()) {
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
    if (s.engine->step()) ++s.run_steps;
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
  post([cap](Sim& s) {
    s.trace_cap = cap;
    s.engine->set_trace_cap(cap);
  });
}

std::shared_ptr<const Recording> Session::recording() const {
  std::lock_guard lk(mu_);
  return rec_;
}

RebuildStatus Session::rebuild_status() const {
  std::lock_guard lk(mu_);
  RebuildStatus r = rebuild_;
  r.frame = rebuild_frame_.load();
  return r;
}

void Session::cancel_rebuild() { cancel_rebuild_ = true; }

void Session::add_bookmark(int64_t frame, const std::string& label) {
  std::shared_ptr<Recording> r = std::const_pointer_cast<Recording>(recording());
  auto lk = r->lock();
  for (const Bookmark& b : r->bookmarks)
    if (b.frame == frame) return;
  r->bookmarks.push_back({frame, label});
  std::sort(r->bookmarks.begin(), r->bookmarks.end(),
            [](const Bookmark& a, const Bookmark& b) { return a.frame < b.frame; });
}

void Session::continue_from(int64_t frame) {
  set_playing(false);
  rebuild(recording(), frame, false, "continue live from step " + std::to_string(frame));
}

void Session::open_recording(std::unique_ptr<Recording> rec, const std::string& name) {
  set_playing(false);
  std::shared_ptr<Recording> shown(std::move(rec));
  {
    std::lock_guard lk(mu_);
    rec_ = shown;  // the timeline shows the file's frames at once
  }
  rebuild(shown, -1, true, "opening " + name);
}

// On the worker: a new engine from `source`'s setup, re-simulated up to `frame` (-1: all), then
// live. fresh_record: it records into a new recording (the plans come back); otherwise `source`
// (the session's own) is cut at `frame` and recorded on.
void Session::rebuild(std::shared_ptr<const Recording> source, int64_t frame, bool fresh_record,
                      const std::string& what) {
  cancel_rebuild_ = false;
  rebuild_frame_ = 0;
  {
    std::lock_guard lk(mu_);
    rebuild_.running = true;
    rebuild_.target = frame < 0 ? source->last_frame() : frame;
    rebuild_.what = what;
  }
  post([this, source, frame, fresh_record](Sim& s) {
    std::shared_ptr<Recording> into = fresh_record ? std::make_shared<Recording>(limits_) : nullptr;
    Replayer r(*source, options_, into.get());
    ReplayControl ctl;
    ctl.cancel = &cancel_rebuild_;
    ctl.frame = &rebuild_frame_;
    const bool ok = r.advance_to(frame, ctl);
    std::string err;
    if (r.report().cancelled) {
      err = "cancelled: the session stays where it was";
    } else if (!r.engine()) {
      err = r.report().error;
    } else {
      if (!ok)
        err = "this build replays the recording only up to step " + std::to_string(r.frame()) + ": " + r.report().error;
      s.engine->set_recording(nullptr);
      std::unique_ptr<Engine> old;  // destroyed outside the lock (it may join a training run)
      {
        std::lock_guard lk(mu_);
        old = std::move(s.engine);
        s.engine = r.take_engine();
      }
      s.run_steps = 0;
      s.published_states = 0;
      std::shared_ptr<Recording> live = into;
      if (!live) {
        live = std::const_pointer_cast<Recording>(source);
        live->truncate_after(r.frame());
      }
      s.engine->set_recording(live.get(), false);
      s.engine->set_trace_cap(s.trace_cap);
      std::lock_guard lk(mu_);
      rec_ = live;
      shared_.episode = -1;  // the view's history restarts
      ++shared_.generation;
    }
    report(err);
    publish(s, true);
    std::lock_guard lk(mu_);
    if (s.engine->has_trace() && !shared_.has_trace) {  // the plan made at that step, as it was shown
      shared_.has_trace = true;
      shared_.fan = s.engine->fan();
      s.engine->swap_trace(shared_.trace);
      ++shared_.trace_version;
    }
    rebuild_.running = false;  // after the publish: the window goes live on the new engine's view
  });
}

void Session::set_stop_at(int64_t step) {
  {
    std::lock_guard lk(mu_);
    stop_at_ = step;
  }
  cv_.notify_all();
}

}  // namespace mbrl::gui
