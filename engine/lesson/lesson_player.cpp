#include "core/eigen_warnings.hpp"  // first: see there
#include "engine/lesson/lesson_player.hpp"

#include <filesystem>

#include "engine/record/csv_export.hpp"

#include <algorithm>
#include <cmath>

namespace mbrl {

LessonPlayer::LessonPlayer(const Lesson& lesson, uint64_t seed_offset, int threads, int trace_cap, bool model_views)
    : lesson_(lesson), seed_offset_(seed_offset), threads_(threads), trace_cap_(trace_cap), model_views_(model_views) {
  restart();
}

void LessonPlayer::restart() {
  engines_.clear();
  records_.assign(lesson_.lanes.size(), LaneRecord{});
  frozen_.assign(lesson_.lanes.size(), false);
  EngineOptions o;
  o.threads = threads_;
  o.trace_cap = trace_cap_;
  o.model_views = model_views_;
  for (const LessonLane& lane : lesson_.lanes) {
    EngineSetup s = lane.setup;
    s.seed += seed_offset_;
    std::unique_ptr<Engine> e;
    // The lesson was built once when it was loaded (a dry run): this cannot fail.
    Engine::create(s, o, e);
    engines_.push_back(std::move(e));
  }
  recordings_.clear();
  if (recording_)
    for (auto& e : engines_) {
      recordings_.push_back(std::make_unique<Recording>());
      recordings_.back()->keep_traces = false;
      e->set_recording(recordings_.back().get());
    }
  for (size_t i = 0; i < engines_.size(); ++i) records_[i].observe(*engines_[i]);
  pos_ = 0;
  run_done_ = 0;
  caption_.clear();
  checks_.clear();
  question_ = -1;
  revealed_ = false;
}

bool LessonPlayer::lane_selected(size_t i, const std::string& lane) const {
  return lane.empty() || lesson_.lanes[i].id == lane;
}

bool LessonPlayer::condition_met(size_t i, const std::string& until) const {
  const Engine& e = *engines_[i];
  if (until == "success") return e.learner() ? e.learner()->result().success : records_[i].success_step() >= 0;
  if (until == "done") return e.learner() && e.learner()->done();
  return false;
}

size_t LessonPlayer::lane_index(const std::string& id, size_t fallback) const {
  for (size_t i = 0; i < lesson_.lanes.size(); ++i)
    if (lesson_.lanes[i].id == id) return i;
  return fallback;
}

void LessonPlayer::evaluate(const LessonStep& st) {
  CheckOutcome c;
  c.name = st.text;
  c.pointer = st.pointer;
  c.cmp = st.cmp;
  c.required = st.required;
  const size_t a = lane_index(st.actual.lane, 0);
  std::string why;
  c.actual = metric_value(st.actual, *engines_[a], records_[a], why);
  if (st.against_lane) {
    const size_t b = lane_index(st.expected.lane, 0);
    std::string why_b;
    c.expected = st.scale * metric_value(st.expected, *engines_[b], records_[b], why_b);
    if (why.empty()) why = why_b;
  } else {
    c.expected = st.number;
  }
  c.note = why;
  c.pass = !std::isnan(c.actual) && !std::isnan(c.expected) && compare(c.actual, c.cmp, c.expected);
  checks_.push_back(std::move(c));
}

bool LessonPlayer::tick() {
  if (finished()) return true;
  const LessonStep& st = lesson_.timeline[pos_];
  if (st.op == LessonStep::Op::Run) {
    bool any = false;
    for (size_t i = 0; i < engines_.size(); ++i) {
      if (!lane_selected(i, st.lane) || frozen_[i]) continue;
      if (!st.until.empty() && condition_met(i, st.until)) {
        frozen_[i] = true;
        continue;
      }
      if (!engines_[i]->step()) continue;
      records_[i].observe(*engines_[i]);
      any = true;
    }
    ++run_done_;
    if (any && run_done_ < st.steps) return false;
    if (question_ >= 0) revealed_ = true;  // a question's answer shows after the following run
    std::fill(frozen_.begin(), frozen_.end(), false);
    run_done_ = 0;
    ++pos_;
    return true;
  }
  switch (st.op) {
    case LessonStep::Op::Caption:
      caption_ = st.text;
      break;
    case LessonStep::Op::Set:
      for (size_t i = 0; i < engines_.size(); ++i)
        if (lane_selected(i, st.lane)) engines_[i]->apply(Event::set(st.key, st.value));  // checked when loaded
      break;
    case LessonStep::Op::Event:
      for (size_t i = 0; i < engines_.size(); ++i)
        if (lane_selected(i, st.lane)) engines_[i]->apply(st.event);
      break;
    case LessonStep::Op::Plan:
      for (size_t i = 0; i < engines_.size(); ++i)
        if (lane_selected(i, st.lane)) engines_[i]->plan();
      break;
    case LessonStep::Op::Inspect: {
      PlanTrace scratch;
      for (size_t i = 0; i < engines_.size(); ++i)
        if (lane_selected(i, st.lane)) engines_[i]->inspect_mcts(st.inspect, st.count, scratch);
      break;
    }
    case LessonStep::Op::Reset: {
      const std::string caption = caption_;
      std::vector<CheckOutcome> checks = std::move(checks_);
      const size_t pos = pos_;
      restart();
      pos_ = pos;
      caption_ = caption;
      checks_ = std::move(checks);
      break;
    }
    case LessonStep::Op::Question:
      question_ = int(pos_);
      revealed_ = false;
      break;
    case LessonStep::Op::Expect:
      evaluate(st);
      break;
    default:  // pause, overlay, panel: the window's business
      break;
  }
  ++pos_;
  return true;
}

void LessonPlayer::advance() {
  const size_t at = pos_;
  while (!finished() && pos_ == at) tick();
}

void LessonPlayer::play_to(size_t k) {
  restart();
  while (pos_ < k && !finished()) advance();
}

uint64_t LessonPlayer::hash() const {
  uint64_t h = 0;
  for (const auto& e : engines_) h = h * 0x100000001B3ull ^ e->state_hash();
  return h;
}

int LessonReport::passed() const {
  return int(std::count_if(checks.begin(), checks.end(), [](const CheckReport& c) { return c.pass; }));
}

int LessonReport::failed() const { return int(checks.size()) - passed(); }

bool LessonReport::required_ok() const {
  for (const auto& c : checks)
    if (c.required && !c.pass) return false;
  return true;
}

void LessonPlayer::set_recording(bool on) {
  recording_ = on;
  restart();
}

LessonReport check_lesson(const Lesson& lesson, int min_seeds, int threads, const std::string& csv_dir) {
  LessonReport rep;
  rep.id = lesson.meta.id;
  rep.file = lesson.file;
  std::vector<const LessonStep*> expects;
  int max_seeds = 1;
  for (const LessonStep& st : lesson.timeline) {
    if (st.op != LessonStep::Op::Expect) continue;
    expects.push_back(&st);
    max_seeds = std::max(max_seeds, std::max(st.seeds, min_seeds));
  }
  rep.checks.resize(expects.size());
  for (int seed = 0; seed < max_seeds; ++seed) {
    LessonPlayer p(lesson, uint64_t(seed), threads);
    const bool csv = seed == 0 && !csv_dir.empty();
    if (csv) p.set_recording(true);
    while (!p.finished()) p.advance();
    for (size_t i = 0; csv && i < p.lanes(); ++i) {
      const std::string file =
          (std::filesystem::path(csv_dir) / (lesson.meta.id + "-" + p.lane_info(i).id + ".csv")).string();
      if (std::string err = write_csv(*p.recording(i), file); !err.empty())
        rep.csv_error = err;
      else
        rep.csv_files.push_back(file);
    }
    for (size_t i = 0; i < expects.size(); ++i) {
      const int seeds = std::max(expects[i]->seeds, min_seeds);
      if (seed >= seeds) continue;
      const CheckOutcome& o = p.checks()[i];
      CheckReport& r = rep.checks[i];
      if (seed == 0) {
        r.name = o.name;
        r.pointer = o.pointer;
        r.cmp = o.cmp;
        r.actual = o.actual;
        r.expected = o.expected;
        r.seeds = seeds;
        r.rate = expects[i]->rate;
        r.required = o.required;
        r.note = o.note;
      }
      r.passes += o.pass;
    }
  }
  for (CheckReport& r : rep.checks) r.pass = double(r.passes) >= r.rate * double(r.seeds) - 1e-9;
  return rep;
}

}  // namespace mbrl
