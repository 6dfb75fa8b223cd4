#include "engine/record/recording.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/engine.hpp"

namespace mbrl {

namespace {
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

size_t mat_bytes(const Mat& m) { return size_t(m.size()) * sizeof(float); }
size_t vec_bytes(const Vec& v) { return size_t(v.size()) * sizeof(float); }

// Events after which the scene (env, names, parameters) may look different.
bool changes_scene(const Event& e) {
  switch (e.kind) {
    case Event::Kind::Set:
    case Event::Kind::SwitchEnv:
    case Event::Kind::SwitchPlanner:
    case Event::Kind::SwitchModel:
    case Event::Kind::Reset:
    case Event::Kind::Click:
    case Event::Kind::Drag:
    case Event::Kind::PlannerDefaults:
    case Event::Kind::LoadModel:
      return true;
    default:
      return false;
  }
}
}  // namespace

size_t plan_trace_bytes(const PlanTrace& t) {
  size_t b = sizeof(PlanTrace) + vec_bytes(t.start_state) + mat_bytes(t.plan_actions) + mat_bytes(t.plan_states);
  for (int i = 0; i < t.iterations_used; ++i) {
    const SampleSet& s = t.iterations[size_t(i)];
    b += sizeof(SampleSet) + s.index.size() * sizeof(int) + mat_bytes(s.actions) + mat_bytes(s.states) +
         vec_bytes(s.costs) + vec_bytes(s.weights) + s.elite.size() + vec_bytes(s.all_costs) +
         vec_bytes(s.all_weights) + mat_bytes(s.mean_before) + mat_bytes(s.sigma_before) + mat_bytes(s.mean_after) +
         mat_bytes(s.sigma_after);
  }
  return b;
}

size_t Recording::detail_bytes(const RecordFrame& f) { return vec_bytes(f.state) + vec_bytes(f.action); }

RecordEntry& Recording::push(RecordEntry::Kind kind) {
  RecordEntry en;
  en.kind = kind;
  en.position = last_frame();
  entries_.push_back(en);
  return entries_.back();
}

size_t Recording::log_bytes() const {
  return frames_.size() * sizeof(RecordFrame) + entries_.size() * sizeof(RecordEntry) + events_.size() * sizeof(Event);
}

void Recording::start(const Engine& e) {
  std::lock_guard lk(mu_);
  entries_.clear();
  events_.clear();
  frames_.clear();
  count_frames();
  snapshots_.clear();
  plans_.clear();
  first_detailed_ = 0;
  frame_bytes_ = trace_bytes_ = 0;
  plans_dropped_ = 0;
  full_ = false;
  next_plan_cost_ = next_ess_ = kNaN;
  RecordFrame f;
  f.episode = e.episode();
  f.ep_step = e.step_index();
  f.hash = e.state_hash();
  f.plan_cost = f.ess = kNaN;
  f.state = e.state();
  frames_.push_back(std::move(f));
  count_frames();
  frame_bytes_ += detail_bytes(frames_.back());
  add_snapshot(e);
}

void Recording::add_snapshot(const Engine& e) {
  const int64_t pos = last_frame();
  RecordSnapshot s;
  s.position = pos;
  s.env_name = e.env_name();
  s.planner_name = e.planner_name();
  s.model_kind = e.model_kind();
  s.env = e.env().clone();
  s.params = e.params();
  // Several changes at one frame (a drag sends one event per mouse move): the last one counts.
  if (!snapshots_.empty() && snapshots_.back().position == pos)
    snapshots_.back() = std::move(s);
  else
    snapshots_.push_back(std::move(s));
  frames_.back().snapshot = int32_t(snapshots_.size()) - 1;
}

void Recording::on_event(const Engine& e, const Event& ev) {
  std::lock_guard lk(mu_);
  if (full_) return;
  push(RecordEntry::Kind::Event).index = uint32_t(events_.size());
  events_.push_back(ev);
  // The frame shows the session as it is now (a reset shows its new start).
  RecordFrame& f = frames_.back();
  if (f.detail) {
    frame_bytes_ -= detail_bytes(f);
    f.state = e.state();
    frame_bytes_ += detail_bytes(f);
  }
  f.episode = e.episode();
  f.ep_step = e.step_index();
  if (e.step_index() == 0) f.action.resize(0);  // a new episode's start: no step led here
  if (changes_scene(ev)) add_snapshot(e);
  if (ev.kind == Event::Kind::Reset || ev.kind == Event::Kind::SwitchEnv || ev.kind == Event::Kind::SwitchModel ||
      ev.kind == Event::Kind::SwitchPlanner)
    next_plan_cost_ = next_ess_ = kNaN;
}

void Recording::on_plan(const Engine& e) {
  std::lock_guard lk(mu_);
  if (full_) return;
  const int64_t at = push(RecordEntry::Kind::Plan).position;
  const PlanTrace& t = e.trace();
  next_plan_cost_ = t.plan_cost;
  next_ess_ = t.ess;
  if (!keep_traces) return;
  KeptPlan k;
  k.position = at;
  k.trace = std::make_shared<const PlanTrace>(t);
  k.bytes = plan_trace_bytes(t);
  if (!plans_.empty() && plans_.back().position == k.position) {  // replaced at the same frame
    trace_bytes_ -= plans_.back().bytes;
    plans_.pop_back();
  }
  trace_bytes_ += k.bytes;
  plans_.push_back(std::move(k));
  enforce_limits();
}

void Recording::on_step(const Engine& e, const Vec& action, float cost) {
  std::lock_guard lk(mu_);
  if (full_) return;
  push(RecordEntry::Kind::Step);
  RecordFrame f;
  f.episode = e.episode();
  f.ep_step = e.step_index();
  f.hash = e.state_hash();
  f.state = e.state();
  f.action = action;
  f.cost = cost;
  f.plan_cost = next_plan_cost_;
  f.ess = next_ess_;
  f.snapshot = frames_.back().snapshot;
  frame_bytes_ += detail_bytes(f);
  frames_.push_back(std::move(f));
  count_frames();
  enforce_limits();
  // Past the log cap the recording ends here, after a whole step, so what it holds replays.
  if (log_bytes() > limits_.log_bytes) full_ = true;
}

void Recording::on_take(const Engine&) {
  std::lock_guard lk(mu_);
  if (full_) return;
  push(RecordEntry::Kind::Take);
}

void Recording::on_inspect(int kind, int count) {
  std::lock_guard lk(mu_);
  if (full_) return;
  RecordEntry& en = push(RecordEntry::Kind::Inspect);
  en.inspect = uint8_t(kind);
  en.count = count;
}

void Recording::enforce_limits() {
  // The newest frame always keeps its detail: it is what a branch starts from.
  while (frame_bytes_ > limits_.frame_bytes && first_detailed_ < last_frame()) {
    RecordFrame& f = frames_[size_t(first_detailed_)];
    frame_bytes_ -= detail_bytes(f);
    f.state = Vec();
    f.action = Vec();
    f.detail = false;
    frame_bytes_ += detail_bytes(f);
    ++first_detailed_;
  }
  while (trace_bytes_ > limits_.trace_bytes && plans_.size() > 1) {
    trace_bytes_ -= plans_.front().bytes;
    plans_.pop_front();
    ++plans_dropped_;
  }
}

void Recording::recount() {
  frame_bytes_ = 0;
  for (const RecordFrame& f : frames_) frame_bytes_ += detail_bytes(f);
}

std::shared_ptr<const PlanTrace> Recording::plan_at(int64_t frame) const {
  auto it = std::lower_bound(plans_.begin(), plans_.end(), frame,
                             [](const KeptPlan& k, int64_t f) { return k.position < f; });
  if (it == plans_.end() || it->position != frame) return nullptr;
  return it->trace;
}

const RecordSnapshot& Recording::snapshot_at(int64_t frame) const {
  frame = std::clamp<int64_t>(frame, 0, last_frame());
  return snapshots_[size_t(frames_[size_t(frame)].snapshot)];
}

size_t Recording::entries_through(int64_t frame) const {
  // Entries are in position order; every entry at `frame`, then the step that leaves it.
  auto it = std::upper_bound(entries_.begin(), entries_.end(), frame,
                             [](int64_t f, const RecordEntry& e) { return f < e.position; });
  size_t n = size_t(it - entries_.begin());
  // The step entry at `frame` is the one that makes frame + 1: not part of `frame`.
  while (n > 0 && entries_[n - 1].position == frame && entries_[n - 1].kind == RecordEntry::Kind::Step) --n;
  return n;
}

int64_t Recording::episode_start(int64_t frame) const {
  frame = std::clamp<int64_t>(frame, 0, last_frame());
  const int64_t ep = frames_[size_t(frame)].episode;
  int64_t f = frame;
  while (f > 0 && frames_[size_t(f - 1)].episode == ep) --f;
  return f;
}

std::string Recording::note() const {
  std::string n;
  if (full_)
    n = "recording stopped at frame " + std::to_string(last_frame()) + ": the log reached its memory cap (" +
        std::to_string(limits_.log_bytes >> 20) + " MB); the session goes on unrecorded";
  if (first_detailed_ > 0) {
    if (!n.empty()) n += "; ";
    n += "the memory cap dropped the states of frames 0-" + std::to_string(first_detailed_ - 1) +
         " (replay still has their hashes)";
  }
  if (plans_dropped_ > 0) {
    if (!n.empty()) n += "; ";
    n += "plans older than frame " + std::to_string(plans_.empty() ? 0 : plans_.front().position) +
         " are no longer kept";
  }
  return n;
}

void Recording::truncate_after(int64_t frame) {
  std::lock_guard lk(mu_);
  frame = std::clamp<int64_t>(frame, 0, last_frame());
  entries_.resize(entries_through(frame));
  // Events no entry refers to any more.
  uint32_t keep_events = 0;
  for (const RecordEntry& e : entries_)
    if (e.kind == RecordEntry::Kind::Event) keep_events = std::max(keep_events, e.index + 1);
  events_.resize(keep_events);
  while (last_frame() > frame) {
    frame_bytes_ -= detail_bytes(frames_.back());
    frames_.pop_back();
    count_frames();
  }
  while (!snapshots_.empty() && snapshots_.back().position > frame) snapshots_.pop_back();
  while (!plans_.empty() && plans_.back().position > frame) {
    trace_bytes_ -= plans_.back().bytes;
    plans_.pop_back();
  }
  bookmarks.erase(
      std::remove_if(bookmarks.begin(), bookmarks.end(), [&](const Bookmark& b) { return b.frame > frame; }),
      bookmarks.end());
  first_detailed_ = std::min(first_detailed_, frame);
  full_ = false;
}

}  // namespace mbrl
