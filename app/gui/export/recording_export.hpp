#pragma once
// Exports a recording as an animation: re-simulates it on a worker thread (engine/record's
// Replayer, from a copy of the recording's log, so a live session that goes on recording is
// untouched) and, on the GL thread, draws each chosen frame offscreen, reads it back and streams it
// to a media sink (GIF, MP4 or PNG frames). Frames are never buffered beyond a few in flight.
//
// Every frame gets its plan: the replay reaches frame k with the plan made from state k (the
// engine's last plan, as the live window shows it) and the view of that frame is taken right
// then, so no plan needs to be kept (a stored recording keeps plans for recent frames only).
//
//   RecordingExport job;
//   if (auto e = job.start(rec, settings, options, draw); !e.empty()) ...;
//   while (job.pump(25.0)) { ... one UI frame ... }   // the window: a time budget per frame
//   job.run_to_end();                                  // headless: everything at once
//   job.state(), job.summary() / job.error()
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "app/cli/commands.hpp"
#include "app/gui/export/export_plan.hpp"
#include "app/gui/export/offscreen.hpp"
#include "app/gui/session.hpp"
#include "media/sink.hpp"

namespace mbrl::gui {

// Draws `view` into the bound framebuffer of width x height pixels (App::render_offscreen).
using DrawView = std::function<void(const SessionView& view, int width, int height)>;

struct RecordingExportOptions {
  int threads = 2;                   // planning threads of the re-simulation
  int trace_cap = 1000;              // sampled trajectories kept per plan for drawing
  Theme theme = Theme::Dark;         // the GIF palette's hints
  std::string source = "recording";  // provenance "source"
  bool low_priority = false;         // the worker yields to the window (nice 5)
};

struct ExportTimes {
  double resimulate_s = 0;  // worker: replaying the recording up to each frame (planning included)
  double render_s = 0;      // GL thread: drawing a frame and reading it back
  double encode_s = 0;      // GL thread: the sink's add() (GIF: palette mapping and LZW; MP4: the pipe)
  double wait_s = 0;        // GL thread: waiting for the worker's next frame
  double finish_s = 0;      // the sink's finish() (MP4: ffmpeg draining)
};

class RecordingExport {
 public:
  enum class State { Idle, Running, Done, Failed, Cancelled };

  RecordingExport() = default;
  ~RecordingExport();  // cancels a running export (the partial file is removed)
  RecordingExport(const RecordingExport&) = delete;
  RecordingExport& operator=(const RecordingExport&) = delete;

  // Resolves the range, copies the recording's log through the last exported frame (under its
  // lock), opens the sink and the offscreen target, and starts the worker. Call with the GL
  // context current. "" or one line (nothing was written then).
  std::string start(const Recording& rec, const ExportSettings& settings, const RecordingExportOptions& options,
                    DrawView draw);
  // Draws and encodes the frames the worker has ready for about `budget_ms` (one at least, when
  // one is ready). GL thread. Returns true while the export is running.
  bool pump(double budget_ms);
  // Everything at once (headless): blocks until done, failed or cancelled.
  void run_to_end();
  void cancel();

  State state() const { return state_; }
  int64_t frames_done() const { return done_; }
  int64_t frames_total() const { return range_.count(); }
  int64_t frames_resimulated() const { return resim_frame_.load(); }
  const FrameRange& range() const { return range_; }
  // Done: "wrote FILE (N frames, WxH, F fps)" and the sink's note, if any, on a second line.
  const std::string& summary() const { return summary_; }
  const std::string& error() const { return error_; }
  const ExportTimes& times() const { return times_; }
  const std::string& path() const { return settings_.path; }

 private:
  void worker();
  void replay_frames();                        // the worker's loop
  void finish_worker(const std::string& err);  // "" or why it stopped
  void fail(const std::string& e);
  bool step_one(bool block);  // one frame drawn and encoded; false when none was ready

  ExportSettings settings_;
  RecordingExportOptions options_;
  FrameRange range_;
  DrawView draw_;
  std::unique_ptr<Recording> log_;  // the copy the worker replays
  std::unique_ptr<media::FrameSink> sink_;
  OffscreenTarget target_;
  media::Frame frame_;
  State state_ = State::Idle;
  int64_t done_ = 0;
  std::string summary_, error_;
  ExportTimes times_;

  // Worker -> GL thread: views of the next frames, at most kInFlight.
  static constexpr size_t kInFlight = 3;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<SessionView> ready_;  // guarded by mu_
  std::string worker_error_;       // guarded by mu_
  bool worker_done_ = false;       // guarded by mu_
  double worker_resim_s_ = 0;      // guarded by mu_
  std::atomic<bool> cancel_{false};
  std::atomic<int64_t> resim_frame_{0};
};

// Copies `rec`'s setup, log, frames (their hashes, not their states) and scene snapshots through
// frame `last` into `out` (a fresh recording), under rec's lock: what a Replayer needs while `rec`
// goes on recording on another thread.
void copy_recording_log(const Recording& rec, int64_t last, Recording& out);

}  // namespace mbrl::gui
