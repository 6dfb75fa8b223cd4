#include "core/eigen_warnings.hpp"  // first: see there
#include "app/gui/learn/live_learner.hpp"

#include <cmath>

#include "app/cli/mbrl_run.hpp"
#include "core/learn/model_io.hpp"
#include "core/rng.hpp"

namespace mbrl::gui {

namespace {
constexpr uint64_t kInit = 0x4C560001ull, kTrain = 0x4C560002ull, kRandom = 0x4C560003ull;

bool same_architecture(const ModelParams& a, const ModelParams& b) {
  return a.members == b.members && a.layers == b.layers && a.width == b.width && a.activation == b.activation &&
         a.head == b.head;
}

double mean_of(const std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  double s = 0;
  for (double x : v) s += x;
  return s / double(v.size());
}
}  // namespace

LiveLearner::LiveLearner(const Env& env, const ModelParams& mp, const LiveLoopParams& lp, uint64_t seed)
    : env_(env),
      obs_(obs_map_for(env)),
      mp_(mp),
      lp_(lp),
      seed_(seed),
      data_(env.state_dim(), env.action_dim(), mp.dataset_cap) {
  auto e = std::make_shared<Ensemble>();
  e->init(make_spec(mp_, obs_, env.action_dim()), stream_key(seed_, kInit));
  ens_ = std::move(e);
  adopt_untrained_if_no_random_data();
}

LiveLearner::~LiveLearner() = default;  // the trainer cancels and joins its run

const CostModel& LiveLearner::cost() const {
  if (penalty_) return *penalty_;
  return env_;
}

Vec LiveLearner::random_action() {
  const ActionBounds b = env_.action_bounds();
  Rng rng(seed_, kRandom, random_draws_++);
  Vec a(env_.action_dim());
  for (int i = 0; i < a.size(); ++i) a(i) = rng.uniform(b.lo(i), b.hi(i));
  return a;
}

void LiveLearner::record(const Vec& s, const Vec& a, const Vec& next, int episode, int step) {
  const bool random = random_phase();
  if (random || lp_.version != LoopVersion::V05) {  // v0.5 learns from the random data only
    data_.add(s, a, next, version_, episode, step);
    ++since_train_;
  }
  ++episode_step_;
  if (!random && ready()) {
    if (ep_states_.empty()) ep_states_.push_back(s);
    ep_actions_.push_back(a);
    ep_states_.push_back(next);
  }
  if (random) {
    if (episode_step_ >= lp_.random_steps) {
      ++random_done_;
      episode_step_ = 0;
      reset_due_ = true;
    }
  } else if (ready() && episode_step_ >= episode_length()) {
    episode_step_ = 0;
    reset_due_ = true;
    finish_episode();
    train_at_end_ = lp_.version == LoopVersion::V10;
  }
  maybe_train();
}

bool LiveLearner::take_reset() {
  const bool r = reset_due_;
  reset_due_ = false;
  return r;
}

void LiveLearner::episode_started() {
  episode_step_ = 0;
  reset_due_ = false;
  ep_states_.clear();
  ep_actions_.clear();
}

void LiveLearner::finish_episode() {
  LoopEpisode e;
  e.number = ++episodes_done_;
  e.model_version = version_;
  if (!ep_actions_.empty()) {
    const Outcome o = env_.evaluate(EpisodeView{&ep_states_, &ep_actions_});
    e.success = o.success;
    e.detail = o.detail;
  }
  episodes_.push_back(std::move(e));
  if (episodes_.size() > kKeptEpisodes) episodes_.erase(episodes_.begin());
  ep_states_.clear();
  ep_actions_.clear();
}

void LiveLearner::adopt_untrained_if_no_random_data() {
  // No random episodes: like `run`, plan through the initial (untrained) network, which the
  // loop's own data then trains.
  if (lp_.random_episodes > 0 || ready() || job_) return;
  plan_through_new_model();
}

void LiveLearner::plan_through_new_model() {
  model_ = std::make_unique<LearnedModel>(ens_, obs_, env_.action_bounds(), mp_);
  penalty_.reset();  // it referred to the old model
  if (mp_.pessimism > 0.f) penalty_ = std::make_unique<VariancePenaltyCost>(env_, *model_, mp_.pessimism);
}

void LiveLearner::maybe_train() {
  if (trainer_.running() || job_) return;  // a finished job is taken by poll() first
  if (random_phase()) return;
  if (!ready() || fresh_pending_) {
    if (warning_.empty() && data_.size() > 0) start_training();  // after a failed first run: wait for an edit
    return;
  }
  switch (lp_.version) {
    case LoopVersion::V05:
      return;  // trained once, on the random data
    case LoopVersion::V10:
      if (train_at_end_) {
        train_at_end_ = false;
        start_training();
      }
      return;
    case LoopVersion::V15:
      if (since_train_ >= lp_.retrain_every) start_training();
      return;
  }
}

void LiveLearner::start_training() {
  since_train_ = 0;
  job_ = true;
  job_fresh_ = fresh_pending_;
  fresh_pending_ = false;
  // One training seed for every run: the holdout split (a hash of it) stays the same as the data
  // grows, so held-out transitions are never trained on by a later warm-started run.
  ++trainings_;
  trainer_.start(*ens_, obs_, data_, mp_, stream_key(seed_, kTrain));
}

bool LiveLearner::poll() {
  if (!job_ || trainer_.running()) {
    maybe_train();
    return false;
  }
  job_ = false;
  trainer_.wait();
  const TrainReport rep = trainer_.report();
  std::shared_ptr<const Ensemble> result = trainer_.result();
  last_history_ = rep.history;
  bool changed = false;
  if (rep.cancelled) {
    char buf[200];
    if (ready())
      std::snprintf(buf, sizeof buf, "training cancelled after %d epochs; planning keeps model v%d", rep.epochs_done,
                    version_);
    else
      std::snprintf(buf, sizeof buf, "training cancelled after %d epochs; no model yet: press Train now",
                    rep.epochs_done);
    warning_ = buf;
    if (job_fresh_) fresh_pending_ = true;
  } else if (!rep.ok() || !result) {
    // The trainer's summary names the epoch, the member and the loss of a divergence.
    std::string why = !rep.summary.empty() ? rep.summary : rep.error;
    if (const size_t cut = why.find("; rolled back"); cut != std::string::npos)
      why.resize(cut);  // its weights are not used
    char buf[320];
    if (ready())
      std::snprintf(buf, sizeof buf, "%s; planning keeps model v%d", why.c_str(), version_);
    else
      std::snprintf(buf, sizeof buf, "%s; no model yet: change a model parameter (e.g. a smaller lr) to retry",
                    why.c_str());
    warning_ = buf;
    if (job_fresh_) fresh_pending_ = true;  // the new architecture still wants training
  } else {
    ens_ = result;
    if (!model_ || job_fresh_)
      plan_through_new_model();
    else
      model_->set_ensemble(ens_);
    ++version_;
    warning_.clear();
    changed = true;
    evaluate();
  }
  maybe_train();
  return changed;
}

std::string LiveLearner::set_params(const ParamSet& model, const ParamSet& loop) {
  if (std::string e = validate_ranges(model); !e.empty()) return "model: " + e;
  if (std::string e = validate_ranges(loop); !e.empty()) return "loop: " + e;
  const ModelParams nm = load<ModelParams>(model);
  const LiveLoopParams nl = load<LiveLoopParams>(loop);
  if (std::string e = validate_params(nm); !e.empty()) return "model: " + e;
  if (std::string e = validate_params(nl); !e.empty()) return "loop: " + e;
  const bool arch = !same_architecture(nm, mp_);
  mp_ = nm;
  lp_ = nl;
  if (data_.cap() != mp_.dataset_cap) data_.set_cap(mp_.dataset_cap);
  warning_.clear();
  if (model_) {
    model_->set_options(mp_);
    if (mp_.pessimism <= 0.f)
      penalty_.reset();
    else if (penalty_)
      penalty_->set_beta(mp_.pessimism);
    else
      penalty_ = std::make_unique<VariancePenaltyCost>(env_, *model_, mp_.pessimism);
  }
  if (arch) {
    if (job_) {
      trainer_.cancel();
      trainer_.wait();
      job_ = false;
    }
    auto e = std::make_shared<Ensemble>();
    e->init(make_spec(mp_, obs_, env_.action_dim()), stream_key(seed_, kInit, uint64_t(trainings_)));
    ens_ = std::move(e);
    fresh_pending_ = true;
  }
  adopt_untrained_if_no_random_data();
  maybe_train();
  return "";
}

void LiveLearner::cancel_training() {
  if (job_ && trainer_.running()) trainer_.cancel();
}

void LiveLearner::retrain_now() {
  if (job_ || random_phase() || data_.size() == 0) return;
  warning_.clear();
  start_training();
}

std::string LiveLearner::save_file(const std::string& path) {
  if (!ready()) return "no model to save yet: it is still collecting random data or training";
  if (std::string err = save_model(path, model_->ensemble()); !err.empty()) return err;
  file_note_ = "saved model v" + std::to_string(version_) + " to " + path;
  return "";
}

std::string LiveLearner::load_file(const std::string& path) {
  const NetSpec expect = make_spec(mp_, obs_, env_.action_dim());
  Ensemble e;
  if (std::string err = load_model(path, e, &expect); !err.empty()) return err;
  if (job_) {  // a run on the old weights would overwrite the loaded ones
    trainer_.cancel();
    trainer_.wait();
    job_ = false;
  }
  // The file decides the architecture; the panel shows it.
  mp_.members = e.spec.members;
  mp_.layers = int(e.spec.hidden.size());
  mp_.width = e.spec.hidden.empty() ? mp_.width : e.spec.hidden.front();
  mp_.activation = e.spec.act;
  mp_.head = e.spec.head;
  ens_ = std::make_shared<const Ensemble>(std::move(e));
  plan_through_new_model();
  fresh_pending_ = false;
  random_done_ = std::max(random_done_, lp_.random_episodes);
  since_train_ = 0;
  ++version_;
  warning_.clear();
  file_note_ = "loaded " + path + " as model v" + std::to_string(version_);
  evaluate();
  return "";
}

void LiveLearner::evaluate() {
  constexpr int kHorizon = 20, kMaxWindows = 200, kMaxGhosts = 40;
  std::vector<int> all(size_t(data_.size()));
  for (int i = 0; i < data_.size(); ++i) all[size_t(i)] = i;
  int H = kHorizon;
  std::vector<int> windows = data_.window_starts(all, H);
  while (windows.empty() && H > 2) windows = data_.window_starts(all, H /= 2);
  if (windows.empty()) return;
  auto ev = std::make_shared<ModelEvaluation>();
  ev->version = version_;
  ev->objective = mp_.objective == Objective::KStep ? "K-step (K = " + std::to_string(mp_.k) + ")" : "1-step";
  ev->horizon = H;
  std::vector<int> starts;
  const uint64_t split_seed = stream_key(seed_, kTrain);
  for (int i : windows)
    if (Dataset::is_holdout(data_.serial(i), mp_.holdout, split_seed)) starts.push_back(i);
  ev->held_out = !starts.empty();
  if (starts.empty()) starts = windows;
  auto spread = [](const std::vector<int>& from, size_t n) {
    if (from.size() <= n) return from;
    std::vector<int> out;
    for (size_t j = 0; j < n; ++j) out.push_back(from[j * from.size() / n]);
    return out;
  };
  starts = spread(starts, kMaxWindows);
  ev->error = kstep_error(*model_, data_, starts, H);
  const int sd = data_.state_dim(), ad = data_.action_dim(), K = model_->ensemble().members();
  for (int i : spread(starts, kMaxGhosts)) {
    ModelEvaluation::Ghost g;
    g.truth.resize(sd, H + 1);
    Mat acts(ad, H);
    g.truth.col(0) = data_.state(i);
    for (int t = 0; t < H; ++t) {
      acts.col(t) = data_.action(i + t);
      g.truth.col(t + 1) = data_.next_state(i + t);
    }
    const Vec s0 = data_.state(i);
    for (int k = 0; k < K; ++k) g.member.push_back(open_loop(*model_, s0, acts, k));
    ev->ghosts.push_back(std::move(g));
  }
  coverage(*ev);
  eval_ = std::move(ev);
}

void LiveLearner::coverage(ModelEvaluation& ev) const {
  constexpr int kGrid = 48, kMaxPoints = 4000;
  const int n = data_.size(), sd = data_.state_dim(), ad = data_.action_dim();
  if (n == 0 || sd < 2) return;
  ModelEvaluation::Coverage& c = ev.coverage;
  Vec mean = Vec::Zero(sd);
  float x0 = 1e30f, x1 = -1e30f, y0 = 1e30f, y1 = -1e30f;
  for (int i = 0; i < n; ++i) {
    const Vec s = data_.state(i);
    mean += s / float(n);
    x0 = std::min(x0, s(0)), x1 = std::max(x1, s(0)), y0 = std::min(y0, s(1)), y1 = std::max(y1, s(1));
  }
  // The slice reaches past the data on every side, so the disagreement off the data shows.
  const float px = std::max(0.25f * (x1 - x0), 0.1f), py = std::max(0.25f * (y1 - y0), 0.1f);
  c.x0 = x0 - px, c.x1 = x1 + px, c.y0 = y0 - py, c.y1 = y1 + py;
  c.grid = kGrid;
  const int G = kGrid, N = G * G;
  Mat S(sd, N), A(ad, N);
  for (int j = 0; j < G; ++j)
    for (int i = 0; i < G; ++i) {
      Vec s = mean;
      s(0) = c.x0 + (c.x1 - c.x0) * (float(i) + 0.5f) / float(G);
      s(1) = c.y0 + (c.y1 - c.y0) * (float(j) + 0.5f) / float(G);
      S.col(j * G + i) = s;
    }
  const ActionBounds b = env_.action_bounds();
  c.variance.assign(size_t(N), 0.f);
  Vec var(N);
  for (float u : {0.f, 0.5f, 1.f}) {  // low, middle and high action: the mean disagreement
    for (int d = 0; d < ad; ++d) A.row(d).setConstant(b.lo(d) + u * (b.hi(d) - b.lo(d)));
    model_->member_variance(S, A, var);
    for (int q = 0; q < N; ++q) c.variance[size_t(q)] += var(q) / 3.f;
  }
  const int stride = std::max(1, n / kMaxPoints);
  for (int i = 0; i < n; i += stride) {
    c.px.push_back(data_.state(i)(0));
    c.py.push_back(data_.state(i)(1));
    c.source.push_back(data_.source(i));
  }
}

std::shared_ptr<const EnsembleFan> LiveLearner::fan(const Vec& s0, const Mat& actions) const {
  if (!model_ || actions.cols() == 0 || s0.size() != data_.state_dim()) return nullptr;
  auto f = std::make_shared<EnsembleFan>();
  const int K = model_->ensemble().members();
  for (int k = 0; k < K; ++k) f->member.push_back(open_loop(*model_, s0, actions, k));
  const Eigen::Index T = actions.cols() + 1, sd = s0.size();
  f->variance.assign(size_t(T), 0.f);
  for (Eigen::Index t = 0; t < T; ++t) {
    for (Eigen::Index d = 0; d < sd; ++d) {
      // Deviations from member 0 (wrapped for angles), then their variance over members.
      double sum = 0, sum2 = 0;
      for (int k = 0; k < K; ++k) {
        float x = f->member[size_t(k)](d, t) - f->member[0](d, t);
        if (obs_.is_angle(int(d))) x = wrap_angle(x);
        sum += x;
        sum2 += double(x) * x;
      }
      const double m = sum / K;
      f->variance[size_t(t)] += float(std::max(0.0, sum2 / K - m * m));
    }
  }
  return f;
}

LearnStatus LiveLearner::status() const {
  LearnStatus st;
  st.dataset = data_.size();
  st.cap = data_.cap();
  st.version = version_;
  st.random_steps = lp_.random_episodes * lp_.random_steps;
  st.training = trainer_.running();
  st.random_phase = random_phase();
  st.epochs = mp_.epochs;
  // The running run's epochs once it has one; until then the last finished run's.
  if (st.training) st.history = trainer_.history();
  st.history_running = !st.history.empty();
  if (st.history.empty()) st.history = last_history_;
  if (!st.history.empty()) {
    st.epoch = st.history.back().epoch;
    st.train_loss = mean_of(st.history.back().train_loss);
    st.holdout_loss = mean_of(st.history.back().holdout_loss);
  }
  st.warning = warning_;
  st.file_note = file_note_;
  st.eval = eval_;
  const int running_epoch = st.history_running ? st.epoch : 0;
  const char* v = loop_version_name(lp_.version);
  char buf[200];
  if (random_phase())
    std::snprintf(buf, sizeof buf, "random episode %d of %d: step %d of %d (%d transitions)", random_done_ + 1,
                  lp_.random_episodes, episode_step_, lp_.random_steps, data_.size());
  else if (!ready() && !st.training)
    std::snprintf(buf, sizeof buf, "no model yet: the first training run failed");
  else if (!ready())
    std::snprintf(buf, sizeof buf, "training the first model (epoch %d of %d); stepping waits for it", running_epoch,
                  st.epochs);
  else if (st.training)
    std::snprintf(buf, sizeof buf, "%s: %s model v%d; training v%d (epoch %d of %d)", v,
                  executes_whole_plans() ? "open-loop plans through" : "MPC through", version_, version_ + 1,
                  running_epoch, st.epochs);
  else if (lp_.version == LoopVersion::V05)
    std::snprintf(buf, sizeof buf, "v0.5: MPC through model v%d; no new data, no retraining (episode step %d of %d)",
                  version_, episode_step_, episode_length());
  else if (lp_.version == LoopVersion::V10)
    std::snprintf(buf, sizeof buf,
                  "v1.0: open-loop plans through model v%d; retrain when the episode ends (step %d of %d)", version_,
                  episode_step_, episode_length());
  else
    std::snprintf(buf, sizeof buf, "v1.5: MPC through model v%d; retrain in %d steps", version_,
                  std::max(0, lp_.retrain_every - since_train_));
  st.phase = buf;
  st.episodes = episodes_;
  char head[200];
  if (random_phase())
    std::snprintf(head, sizeof head, "MBRL %s \xC2\xB7 random episode %d of %d \xC2\xB7 %d transitions", v,
                  random_done_ + 1, lp_.random_episodes, data_.size());
  else if (!ready())
    std::snprintf(head, sizeof head, "MBRL %s \xC2\xB7 training the first model (epoch %d of %d)", v, running_epoch,
                  st.epochs);
  else
    std::snprintf(head, sizeof head, "MBRL %s \xC2\xB7 model v%d%s \xC2\xB7 %d transitions%s", v, version_,
                  st.training ? " (training the next)" : "", data_.size(),
                  lp_.version == LoopVersion::V05 ? " (frozen)" : "");
  st.headline = head;
  if (!episodes_.empty()) {
    const LoopEpisode& e = episodes_.back();
    st.headline +=
        std::string(" \xC2\xB7 episode ") + std::to_string(e.number) + (e.success ? ": success" : ": not solved");
  }
  return st;
}

}  // namespace mbrl::gui
