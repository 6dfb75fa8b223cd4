#include "app/gui/export/recording_export.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/gui/engine_view.hpp"
#include "engine/record/replay.hpp"

namespace mbrl::gui {

namespace {
using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t0) { return std::chrono::duration<double>(Clock::now() - t0).count(); }

std::string fps_text(double fps) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", fps);
  return buf;
}
}  // namespace

namespace {
// copy_recording_log with rec's lock held.
void copy_log_locked(const Recording& rec, int64_t last, Recording& out) {
  last = std::clamp<int64_t>(last, 0, rec.last_frame());
  out.setup = rec.setup;
  out.training = rec.training;
  out.app_version = rec.app_version;
  out.build = rec.build;
  const size_t n = rec.entries_through(last);
  uint32_t events = 0;
  for (size_t i = 0; i < n; ++i) {
    const RecordEntry& e = rec.entries()[i];
    out.push_entry(e);
    if (e.kind == RecordEntry::Kind::Event) events = std::max(events, e.index + 1);
  }
  for (uint32_t i = 0; i < events; ++i) out.push_event(rec.events()[i]);
  // Frames 0..last without their states (a replay checks hashes only: copying stays cheap under
  // the lock the session's worker waits for).
  for (int64_t k = 0; k <= last; ++k) {
    RecordFrame c = rec.frames()[size_t(k)];
    c.state = Vec();
    c.action = Vec();
    c.detail = false;
    out.push_frame(std::move(c));
  }
  for (const RecordSnapshot& s : rec.snapshots())
    if (s.position <= last) out.push_snapshot(s);
  out.set_first_detailed(last + 1);
  out.recount();
}
}  // namespace

void copy_recording_log(const Recording& rec, int64_t last, Recording& out) {
  auto lk = rec.lock();
  copy_log_locked(rec, last, out);
}

RecordingExport::~RecordingExport() {
  cancel_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string RecordingExport::start(const Recording& rec, const ExportSettings& settings,
                                   const RecordingExportOptions& options, DrawView draw) {
  if (state_ == State::Running) return "an export is already running";
  settings_ = settings;
  options_ = options;
  draw_ = std::move(draw);
  done_ = 0;
  summary_.clear();
  error_.clear();
  times_ = {};
  if (settings.width < 16 || settings.height < 16 || settings.width > media::kMaxSide ||
      settings.height > media::kMaxSide)
    return settings.path + ": the picture size " + std::to_string(settings.width) + "x" +
           std::to_string(settings.height) + " is out of range (16 to " + std::to_string(media::kMaxSide) +
           " pixels a side)";
  log_ = std::make_unique<Recording>();
  {  // the range and the copy under one lock: the session may go on (or be cut back) meanwhile
    auto lk = rec.lock();
    if (std::string e = resolve_range(settings, rec.last_frame(), range_); !e.empty()) return settings.path + ": " + e;
    copy_log_locked(rec, range_.last, *log_);
  }

  std::string err;
  // A missing folder under the default export place is made (the dialog's default path).
  const std::filesystem::path parent = std::filesystem::path(settings.path).parent_path();
  std::error_code ec;
  if (!parent.empty() && !std::filesystem::exists(parent, ec)) std::filesystem::create_directories(parent, ec);
  sink_ = media::make_sink(settings.path, err);
  if (!sink_) return err;
  media::VideoOptions vo;
  vo.width = settings.width;
  vo.height = settings.height;
  vo.fps = settings.fps;
  vo.loop = true;
  vo.metadata = provenance(log_->setup, range_, options.source);
  vo.palette_hint = palette_hints(options.theme);
  if (std::string e = target_.resize(settings.width, settings.height); !e.empty()) {
    sink_.reset();
    return settings.path + ": " + e;
  }
  if (std::string e = sink_->begin(vo); !e.empty()) {
    sink_.reset();
    return e;
  }
  cancel_ = false;
  resim_frame_ = 0;
  ready_.clear();
  worker_error_.clear();
  worker_done_ = false;
  worker_resim_s_ = 0;
  state_ = State::Running;
  thread_ = std::thread([this] { worker(); });
  return "";
}

void RecordingExport::worker() {
  if (options_.low_priority) setpriority(PRIO_PROCESS, pid_t(syscall(SYS_gettid)), 5);
  try {
    replay_frames();
  } catch (const std::exception& e) {
    finish_worker(std::string("the re-simulation failed: ") + e.what());
  }
}

void RecordingExport::finish_worker(const std::string& err) {
  std::lock_guard lk(mu_);
  worker_error_ = err;
  worker_done_ = true;
  cv_.notify_all();
}

void RecordingExport::replay_frames() {
  auto finish = [&](const std::string& err) { finish_worker(err); };
  EngineOptions eo;
  eo.threads = options_.threads;
  eo.trace_cap = options_.trace_cap;
  eo.model_views = true;  // the learned model's fan of each plan, as the window draws it
  const auto t_build = Clock::now();
  Replayer replay(*log_, eo);
  if (!replay.report().error.empty()) return finish("cannot re-simulate the recording: " + replay.report().error);
  double resim = seconds_since(t_build);
  Engine& e = *replay.engine();
  SessionView v;
  size_t published = 0;
  ReplayControl ctl;
  ctl.cancel = &cancel_;
  ctl.frame = &resim_frame_;
  for (int64_t i = 0; i < range_.count(); ++i) {
    const int64_t k = range_.at(i);
    const auto t0 = Clock::now();
    if (!replay.advance_to(k, ctl)) {
      if (replay.report().cancelled || cancel_) return finish("");
      return finish("the re-simulation stopped: " + replay.report().error);
    }
    copy_engine_view(e, e.learner() ? e.learner()->status() : LearnStatus{}, v, published, true);
    v.has_trace = e.has_trace();
    if (v.has_trace && v.trace_version != e.plans()) {
      v.trace = e.trace();
      v.fan = e.fan();
      v.trace_version = e.plans();
    }
    resim += seconds_since(t0);
    std::unique_lock lk(mu_);
    worker_resim_s_ = resim;
    cv_.wait(lk, [&] { return ready_.size() < kInFlight || cancel_; });
    if (cancel_) break;
    ready_.push_back(v);
    cv_.notify_all();
  }
  finish("");
}

void RecordingExport::fail(const std::string& e) {
  cancel_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  sink_.reset();  // abandoned: what was partly written is removed
  error_ = e;
  state_ = State::Failed;
}

void RecordingExport::cancel() {
  if (state_ != State::Running) return;
  cancel_ = true;
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  sink_.reset();
  state_ = State::Cancelled;
}

bool RecordingExport::step_one(bool block) {
  SessionView v;
  {
    std::unique_lock lk(mu_);
    if (block && ready_.empty() && !worker_done_) {
      const auto t0 = Clock::now();
      cv_.wait(lk, [&] { return !ready_.empty() || worker_done_; });
      times_.wait_s += seconds_since(t0);
    }
    times_.resimulate_s = worker_resim_s_;
    if (ready_.empty()) {
      if (worker_done_) {
        const std::string err = worker_error_;
        lk.unlock();
        fail(settings_.path + ": " + (err.empty() ? "the re-simulation ended early" : err));
      }
      return false;
    }
    v = std::move(ready_.front());
    ready_.pop_front();
    cv_.notify_all();
  }
  const auto t0 = Clock::now();
  target_.bind();
  draw_(v, settings_.width, settings_.height);
  target_.read(frame_);
  target_.unbind();
  const auto t1 = Clock::now();
  times_.render_s += std::chrono::duration<double>(t1 - t0).count();
  const std::string err = sink_->add(frame_);
  times_.encode_s += seconds_since(t1);
  if (!err.empty()) {
    fail(err);
    return false;
  }
  ++done_;
  if (done_ == range_.count()) {
    if (thread_.joinable()) thread_.join();
    {
      std::lock_guard lk(mu_);
      times_.resimulate_s = worker_resim_s_;
    }
    const auto t2 = Clock::now();
    const media::SinkResult r = sink_->finish();
    times_.finish_s = seconds_since(t2);
    sink_.reset();
    if (!r.error.empty()) {
      error_ = r.error;
      state_ = State::Failed;
      return false;
    }
    summary_ = r.note.empty() ? "wrote " + settings_.path + " (" + std::to_string(done_) + " frames, " +
                                    std::to_string(settings_.width) + "x" + std::to_string(settings_.height) + ", " +
                                    fps_text(settings_.fps) + " fps)"
                              : r.note;
    state_ = State::Done;
  }
  return true;
}

bool RecordingExport::pump(double budget_ms) {
  const auto t0 = Clock::now();
  while (state_ == State::Running) {
    if (!step_one(false)) break;
    if (seconds_since(t0) * 1000.0 >= budget_ms) break;
  }
  return state_ == State::Running;
}

void RecordingExport::run_to_end() {
  while (state_ == State::Running) step_one(true);
}

}  // namespace mbrl::gui
