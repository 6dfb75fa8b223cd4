#pragma once
// A recording: a session as its setup plus everything that happened to its engine, in order
// (events, plans, steps, training runs taken, MCTS inspector steps), and per frame the state,
// the action, the cost and a 64-bit hash of the state bits. An Engine with a recording attached
// (Engine::set_recording) appends to it as it goes; replay.hpp rebuilds the engine from the setup
// and calls the same things in the same order, which gives the same episode bit for bit.
//
// Frames: frame k is the session after k real steps (frame 0: the start), with the events that
// came before step k + 1 applied (a reset between steps shows its new start). The hash of frame k
// is the engine's state hash right after step k, the one replay compares.
//
// Memory stays bounded: frame detail (states, actions) and kept plan traces each have a byte cap.
// Past the frame cap the oldest frames lose their detail (the log and the hashes stay, so replay
// still works); past the trace cap the oldest plans are dropped. Plans are kept, not re-planned:
// the overlay at a past frame is the plan that was made there, for the last `trace_bytes` of plans.
//
// Thread safety: the engine's thread appends, other threads read under lock().
#include <atomic>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/plan_trace.hpp"
#include "engine/engine.hpp"

namespace mbrl {

constexpr int kRecordingFormatVersion = 1;

struct RecordEntry {
  enum class Kind : uint8_t {
    Event,    // events[index] was applied (successfully)
    Plan,     // the engine planned from its current state
    Step,     // one real step: frame position + 1 follows
    Take,     // a background training run was taken (its model swapped in, or its failure noted)
    Inspect,  // the MCTS inspector: index = kind (0 phase, 1 simulation, 2 new search), count
  };
  Kind kind = Kind::Step;
  uint8_t inspect = 0;
  int32_t count = 0;
  uint32_t index = 0;    // Event: into events()
  int64_t position = 0;  // frames before it (the frame it happened at)
};

struct RecordFrame {
  int64_t episode = 0;               // the engine's episode counter
  int32_t ep_step = 0;               // steps into that episode
  uint64_t hash = 0;                 // Engine::state_hash() right after the step (frame 0: at the start)
  float cost = 0.f;                  // running cost of the step that led here (frame 0: 0)
  float plan_cost = 0.f, ess = 0.f;  // of the plan whose action this step executed (NaN: none)
  int32_t snapshot = 0;              // the env snapshot in force
  bool detail = true;                // state and action kept (false: dropped by the memory cap)
  Vec state;                         // the state shown at this frame
  Vec action;                        // the action of the step that led here (frame 0: empty)
};

// What the scene looked like from `position` on: env, names, parameters (after an event).
struct RecordSnapshot {
  int64_t position = 0;
  std::string env_name, planner_name, model_kind;
  std::shared_ptr<const Env> env;  // a display copy
  ParamTree params;                // every parameter then (in memory only: files keep the env's)
};

struct KeptPlan {
  int64_t position = 0;  // made at this frame (its start state is that frame's state)
  std::shared_ptr<const PlanTrace> trace;
  size_t bytes = 0;
};

struct RecordLimits {
  size_t frame_bytes = size_t(256) << 20;  // frame detail
  size_t trace_bytes = size_t(128) << 20;  // kept plan traces
  size_t log_bytes = size_t(512) << 20;    // entries and frames without detail: past it, recording stops
};

struct Bookmark {
  int64_t frame = 0;
  std::string label;
};

class Recording {
 public:
  Recording() = default;
  explicit Recording(RecordLimits limits) : limits_(limits) {}
  Recording(const Recording&) = delete;
  Recording& operator=(const Recording&) = delete;

  // ---- what the session was built from ----
  EngineSetup setup;
  TrainingMode training = TrainingMode::Synchronous;
  std::string app_version, build;  // of the program that recorded it (build_info.hpp)
  bool keep_traces = true;         // keep plan traces for the overlay (off: headless recordings)

  // ---- written by the engine (its thread) ----
  void start(const Engine& e);  // frame 0; called by Engine::set_recording
  void on_event(const Engine& e, const Event& ev);
  void on_plan(const Engine& e);
  void on_step(const Engine& e, const Vec& action, float cost);  // the step's action and running cost
  void on_take(const Engine& e);
  void on_inspect(int kind, int count);

  // ---- read (under lock() from other threads) ----
  std::unique_lock<std::mutex> lock() const { return std::unique_lock<std::mutex>(mu_); }
  const std::vector<RecordEntry>& entries() const { return entries_; }
  const std::vector<Event>& events() const { return events_; }
  const std::deque<RecordFrame>& frames() const { return frames_; }
  int64_t last_frame() const { return last_frame_.load(); }   // safe without the lock
  int64_t first_detailed() const { return first_detailed_; }  // frames before it have no state
  const std::vector<RecordSnapshot>& snapshots() const { return snapshots_; }
  const std::deque<KeptPlan>& plans() const { return plans_; }
  // The plan made last at `frame` (null: none made there, or no longer kept).
  std::shared_ptr<const PlanTrace> plan_at(int64_t frame) const;
  // The snapshot in force at `frame`.
  const RecordSnapshot& snapshot_at(int64_t frame) const;
  // The entries up to and including every entry at `frame` (before the step that makes frame + 1).
  size_t entries_through(int64_t frame) const;
  // The first frame of the episode `frame` belongs to.
  int64_t episode_start(int64_t frame) const;
  // "" or one line saying what the memory caps dropped.
  std::string note() const;
  size_t frame_bytes() const { return frame_bytes_; }  // states and actions held
  size_t log_bytes() const;                            // the entries and the frames' fixed part
  bool full() const { return full_; }                  // the log cap was reached: nothing more is recorded
  size_t trace_bytes() const { return trace_bytes_; }
  const RecordLimits& limits() const { return limits_; }

  std::vector<Bookmark> bookmarks;

  // ---- editing ----
  // Keeps frames 0..frame and the entries through it (a branch: "continue live from here").
  void truncate_after(int64_t frame);

  // ---- building from a file (recording_io.cpp) ----
  void push_frame(RecordFrame f) {
    frames_.push_back(std::move(f));
    count_frames();
  }
  void push_entry(const RecordEntry& e) { entries_.push_back(e); }
  void push_event(const Event& e) { events_.push_back(e); }
  void push_snapshot(RecordSnapshot s) { snapshots_.push_back(std::move(s)); }
  void set_first_detailed(int64_t f) { first_detailed_ = f; }
  void recount();  // frame_bytes after building

 private:
  RecordEntry& push(RecordEntry::Kind kind);  // a new entry at the current frame
  void add_snapshot(const Engine& e);
  void enforce_limits();
  static size_t detail_bytes(const RecordFrame& f);

  RecordLimits limits_;
  mutable std::mutex mu_;
  std::vector<RecordEntry> entries_;
  std::vector<Event> events_;
  std::deque<RecordFrame> frames_;
  std::vector<RecordSnapshot> snapshots_;
  std::deque<KeptPlan> plans_;
  int64_t first_detailed_ = 0;
  size_t frame_bytes_ = 0, trace_bytes_ = 0;
  int64_t plans_dropped_ = 0;
  bool full_ = false;
  std::atomic<int64_t> last_frame_{-1};
  void count_frames() { last_frame_ = int64_t(frames_.size()) - 1; }
  float next_plan_cost_ = 0.f, next_ess_ = 0.f;  // of the last plan (the next steps execute it)
};

// How many bytes a trace holds (for the cap).
size_t plan_trace_bytes(const PlanTrace& t);

}  // namespace mbrl
