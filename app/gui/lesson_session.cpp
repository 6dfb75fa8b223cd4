#include "app/gui/lesson_session.hpp"

#include <algorithm>
#include <chrono>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/gui/engine_view.hpp"

namespace mbrl::gui {

namespace {
void toggle(std::vector<std::string>& on, const std::string& name, bool show) {
  on.erase(std::remove(on.begin(), on.end(), name), on.end());
  if (show) on.push_back(name);
}
}  // namespace

LessonSession::LessonSession(const Lesson& lesson, int threads, int trace_cap, bool autoplay, bool threaded)
    : lesson_(lesson), player_(lesson_, 0, threads, trace_cap, /*model_views=*/true), autoplay_(autoplay) {
  published_.assign(player_.lanes(), 0);
  shared_.lanes.resize(player_.lanes());
  shared_.steps = lesson_.timeline.size();
  shared_.chosen.assign(lesson_.timeline.size(), -1);
  publish(true);
  if (threaded) thread_ = std::thread([this] { worker(); });
}

bool LessonSession::play_tick(bool& stepped) {
  stepped = false;
  if (thread_.joinable() || player_.finished()) return false;
  const LessonStep::Op op = lesson_.timeline[player_.position()].op;
  auto steps = [&] {
    int64_t n = 0;
    for (size_t i = 0; i < player_.lanes(); ++i) n += player_.lane(i).total_steps();
    return n;
  };
  const int64_t before = steps();
  player_.tick();
  stepped = op == LessonStep::Op::Run && steps() != before;
  publish(op == LessonStep::Op::Set || op == LessonStep::Op::Reset);
  return true;
}

LessonSession::~LessonSession() {
  {
    std::lock_guard lk(mu_);
    quit_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

bool LessonSession::stops_at(size_t pos) const {
  if (pos >= lesson_.timeline.size()) return false;
  const LessonStep::Op op = lesson_.timeline[pos].op;
  return op == LessonStep::Op::Pause || op == LessonStep::Op::Question;
}

void LessonSession::publish(bool everything) {
  std::vector<LearnStatus> learn(player_.lanes());
  for (size_t i = 0; i < player_.lanes(); ++i)
    if (const Learner* l = player_.lane(i).learner()) learn[i] = l->status();
  std::lock_guard lk(mu_);
  LessonView& v = shared_;
  v.position = player_.position();
  v.finished = player_.finished();
  v.waiting = !v.finished && stops_at(v.position) && !autoplay_;
  v.caption = player_.caption();
  v.question = player_.question();
  v.revealed = player_.answer_revealed();
  v.checks = player_.checks();
  v.frozen.assign(player_.lanes(), false);
  for (size_t i = 0; i < player_.lanes(); ++i) v.frozen[i] = player_.frozen(i);
  // The overlay and panel steps played so far, on top of the lesson's ui.
  v.overlays_shown = lesson_.ui.overlays;
  v.overlays_hidden.clear();
  v.panels_shown = lesson_.ui.panels;
  v.highlighted.clear();
  for (size_t k = 0; k < v.position && k < lesson_.timeline.size(); ++k) {
    const LessonStep& st = lesson_.timeline[k];
    if (st.op == LessonStep::Op::Overlay) {
      toggle(v.overlays_shown, st.name, st.show);
      toggle(v.overlays_hidden, st.name, !st.show);
    } else if (st.op == LessonStep::Op::Panel) {
      toggle(v.panels_shown, st.name, st.show);
    }
    if (st.op == LessonStep::Op::Overlay || st.op == LessonStep::Op::Panel)
      toggle(v.highlighted, st.name, st.highlight);
  }
  for (size_t i = 0; i < player_.lanes(); ++i) {
    const Engine& e = player_.lane(i);
    SessionView& lane = v.lanes[i];
    copy_engine_view(e, std::move(learn[i]), lane, published_[i], everything);
    if (e.has_trace() && (!lane.has_trace || lane.trace_version != e.plans())) {
      lane.trace = e.trace();
      lane.fan = e.fan();
      lane.trace_version = e.plans();
      lane.has_trace = true;
    }
  }
  if (!v.lanes.empty() && v.lanes[0].env) dt_ = v.lanes[0].dt;
}

void LessonSession::worker() {
  // Planning and training yield to the window (see Session::worker).
  setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
  std::unique_lock lk(mu_);
  while (true) {
    const auto ready = [&] {
      if (quit_ || seek_ >= 0 || !edits_.empty()) return true;
      const size_t pos = player_.position();
      if (player_.finished()) return false;
      if (stops_at(pos)) return go_ || autoplay_;
      if (lesson_.timeline[pos].op == LessonStep::Op::Run) return fast_ || max_speed_ || budget_ >= 1.0;
      return true;
    };
    cv_.wait_for(lk, std::chrono::milliseconds(100), ready);
    if (quit_) return;
    if (seek_ >= 0) {  // back / restart: replay from the lesson's start (deterministic)
      const size_t k = size_t(seek_);
      seek_ = -1;
      shared_.busy = true;
      go_ = fast_ = false;
      lk.unlock();
      player_.play_to(k);
      publish(true);
      lk.lock();
      shared_.busy = false;
      budget_ = 0;
      for (size_t q = k; q < shared_.chosen.size(); ++q) shared_.chosen[q] = -1;  // asked again
      continue;
    }
    if (!edits_.empty()) {
      std::vector<std::pair<size_t, Event>> edits;
      edits.swap(edits_);
      lk.unlock();
      std::string err;
      for (const auto& [lane, e] : edits)
        if (lane < player_.lanes()) err = player_.lane(lane).apply(e);
      publish(true);
      lk.lock();
      shared_.message = err;
      continue;
    }
    if (!ready() || player_.finished()) continue;
    const size_t pos = player_.position();
    const LessonStep::Op op = lesson_.timeline[pos].op;
    if (stops_at(pos)) go_ = false;
    if (op == LessonStep::Op::Run && !fast_ && !max_speed_) budget_ -= 1.0;
    lk.unlock();
    const bool done = player_.tick();
    publish(op == LessonStep::Op::Set || op == LessonStep::Op::Reset);
    lk.lock();
    if (done && op == LessonStep::Op::Run) fast_ = false;
  }
}

void LessonSession::sync(LessonView& v) {
  std::lock_guard lk(mu_);
  const LessonView& s = shared_;
  v.position = s.position;
  v.steps = s.steps;
  v.waiting = s.waiting;
  v.busy = s.busy;
  v.finished = s.finished;
  v.caption = s.caption;
  v.question = s.question;
  v.chosen = s.chosen;
  v.revealed = s.revealed;
  v.checks = s.checks;
  v.frozen = s.frozen;
  v.overlays_shown = s.overlays_shown;
  v.overlays_hidden = s.overlays_hidden;
  v.panels_shown = s.panels_shown;
  v.highlighted = s.highlighted;
  v.message = s.message;
  v.lanes.resize(s.lanes.size());
  for (size_t i = 0; i < s.lanes.size(); ++i) sync_view(s.lanes[i], v.lanes[i]);
}

void LessonSession::advance(double frame_dt, double speed, bool max_speed) {
  {
    std::lock_guard lk(mu_);
    max_speed_ = max_speed;
    if (!max_speed) budget_ = std::min(budget_ + frame_dt * speed / double(dt_), 2.0);
  }
  cv_.notify_all();
}

void LessonSession::next() {
  {
    std::lock_guard lk(mu_);
    if (shared_.waiting)
      go_ = true;
    else
      fast_ = true;  // during a run: finish it now
  }
  cv_.notify_all();
}

void LessonSession::back() {
  {
    std::lock_guard lk(mu_);
    // The stop before the one the lesson is at (or has passed): replayed from the start.
    size_t k = shared_.position;
    if (k > 0) --k;
    while (k > 0 && !stops_at(k)) --k;
    seek_ = int64_t(k);
  }
  cv_.notify_all();
}

void LessonSession::restart() {
  {
    std::lock_guard lk(mu_);
    seek_ = 0;
  }
  cv_.notify_all();
}

void LessonSession::apply(size_t lane, const Event& e) {
  {
    std::lock_guard lk(mu_);
    edits_.emplace_back(lane, e);
  }
  cv_.notify_all();
}

void LessonSession::choose(int choice) {
  {
    std::lock_guard lk(mu_);
    if (shared_.waiting && shared_.position < shared_.chosen.size()) {
      shared_.chosen[shared_.position] = choice;
      go_ = true;
    }
  }
  cv_.notify_all();
}

}  // namespace mbrl::gui
