// The Model panel (true dynamics or a learned ensemble trained live, its parameters and the
// loop's status) and the training-loss plot. Free functions over the state they are handed.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include <imgui.h>

#include "app/gui/learn/learn_panels.hpp"
#include "app/gui/panels/param_edits.hpp"
#include "app/gui/panels/param_widgets.hpp"
#include "app/gui/plots/plot.hpp"

namespace mbrl::gui {

namespace {
const ImVec4 kWarn(0.9f, 0.37f, 0.f, 1.f);
}

std::string learn_status_line(const SessionView& v) { return v.learned ? v.learn.headline : std::string(); }

// One small square per model-based episode of the loop, green when the environment calls it a
// success: v0.5 stays orange on the hill where v1.5 turns green.
void episode_strip(const LearnStatus& st) {
  if (st.episodes.empty()) return;
  int solved = 0;
  for (const LoopEpisode& e : st.episodes) solved += e.success;
  ImGui::TextDisabled("model-based episodes: %d of the last %d solved", solved, int(st.episodes.size()));
  const float side = ImGui::GetTextLineHeight() * 0.8f;
  for (size_t i = 0; i < st.episodes.size(); ++i) {
    const LoopEpisode& e = st.episodes[i];
    if (i % 20 != 0) ImGui::SameLine(0.f, 2.f);
    const ImVec4 c = e.success ? ImVec4(0.f, 0.62f, 0.45f, 1.f) : kWarn;
    char id[32];
    std::snprintf(id, sizeof id, "##ep%d", e.number);
    ImGui::ColorButton(id, c, ImGuiColorEditFlags_NoTooltip | ImGuiColorEditFlags_NoDragDrop, ImVec2(side, side));
    if (ImGui::IsItemHovered())
      ImGui::SetTooltip("episode %d (model v%d): %s\n%s", e.number, e.model_version,
                        e.success ? "success" : "not solved", e.detail.c_str());
  }
}

// Save the trained ensemble to a file or plan through one saved earlier (core/learn/model_io).
void model_file_row(Session& session, const SessionView& v, UiState& ui) {
  const LearnStatus& st = v.learn;
  const float button = ImGui::CalcTextSize("Load").x + 2.f * ImGui::GetStyle().FramePadding.x;
  ImGui::SetNextItemWidth(-2.f * (button + ImGui::GetStyle().ItemSpacing.x));
  ImGui::InputText("##modelfile", ui.learn.model_file, sizeof ui.learn.model_file);
  item_tooltip("Model file (versioned, checksummed; relative paths are from the directory the app was started in)");
  ImGui::SameLine();
  ImGui::BeginDisabled(st.version == 0);
  if (ImGui::Button("Save")) session.save_model(ui.learn.model_file);
  ImGui::EndDisabled();
  item_tooltip("Save the current model (weights, normalisers, architecture) to the file");
  ImGui::SameLine();
  if (ImGui::Button("Load")) session.apply(Event::load_model(ui.learn.model_file));
  item_tooltip(
      "Plan through the model in the file from now on (same environment; its architecture replaces the "
      "members .. head keys). The data so far is kept and the loop goes on from the loaded weights.");
  if (!st.file_note.empty()) ImGui::TextDisabled("%s", st.file_note.c_str());
}

void model_panel(Session& session, SessionView& v, UiState& ui) {
  const char* kinds[] = {"true dynamics", "learned ensemble (MBRL loop)"};
  int kind = v.learned ? 1 : 0;
  ImGui::SetNextItemWidth(-1.f);
  if (ImGui::Combo("##model", &kind, kinds, 2)) session.apply(Event::model(kind == 1 ? "ensemble" : "true"));
  item_tooltip(
      "What the planner plans through. True dynamics: the simulator itself (a perfect model). Learned "
      "ensemble: K neural networks f(s, a) -> s' fitted to the transitions seen so far, in the lectures' "
      "MBRL loop (loop.version): random episodes first, then v0.5 plans through that model with no more "
      "data, v1.0 executes whole plans and retrains after each episode, v1.5 replans every step and "
      "retrains every N steps. The real system always steps by its true dynamics.");
  if (!v.learned) {
    ImGui::TextDisabled("planning through the simulator itself");
    return;
  }
  const LearnStatus& st = v.learn;
  ImGui::PushTextWrapPos(0.f);
  ImGui::TextUnformatted(st.phase.c_str());
  ImGui::TextDisabled("dataset %d of %d   model v%d", st.dataset, st.cap, st.version);
  if (st.epoch > 0) {
    // Two short lines: a narrow panel must not wrap inside a number.
    ImGui::TextDisabled("%s, epoch %d of %d", st.history_running ? "training" : "last run", st.epoch, st.epochs);
    if (std::isfinite(st.holdout_loss))
      ImGui::TextDisabled("loss: train %.3g  holdout %.3g", st.train_loss, st.holdout_loss);
    else
      ImGui::TextDisabled("loss: train %.3g", st.train_loss);
  }
  if (!st.warning.empty()) ImGui::TextColored(kWarn, "%s", st.warning.c_str());
  ImGui::PopTextWrapPos();
  if (st.training) {
    if (ImGui::Button("Cancel training")) session.apply(Event::cancel_training());
    item_tooltip("Stop this training run and discard its weights: planning keeps the current model");
  } else {
    const bool can = st.dataset > 0 && !st.random_phase;
    ImGui::BeginDisabled(!can);
    if (ImGui::Button("Train now")) session.apply(Event::train_now());
    ImGui::EndDisabled();
    item_tooltip("Retrain the ensemble on all data so far now (warm start), whatever the loop's schedule says");
  }
  episode_strip(st);
  if (st.random_steps > 0 && st.version == 0 && st.dataset < st.random_steps)
    ImGui::ProgressBar(float(st.dataset) / float(st.random_steps), ImVec2(-1.f, 0.f), "random data");
  model_file_row(session, v, ui);

  section("MBRL loop");
  edit_params(session, v.loop_params, "loop");
  section("Ensemble");
  ImGui::TextDisabled("members .. head: a new network, retrained");
  edit_params(session, v.model_params, "model");
  if (ImGui::Button("Defaults##model")) {
    reset_params(session, v.model_params, "model");
    reset_params(session, v.loop_params, "loop");
  }
  item_tooltip("The ensemble's and the loop's default parameters (an architecture change retrains from scratch)");
  ImGui::SameLine();
  if (ImGui::Button("Start over")) session.apply(Event::reset(v.seed));
  item_tooltip("Forget the data and the model: a new random phase, a new ensemble");
}

void training_plot(const SessionView& v, UiState& ui) {
  const LearnStatus& st = v.learn;
  Plot p("##trainloss", ui.theme, ImGui::GetFontSize() * 17.f);
  char title[96];
  if (st.history_running)
    std::snprintf(title, sizeof title, "Training loss per member (training v%d)", st.version + 1);
  else
    std::snprintf(title, sizeof title, "Training loss per member (last run)");
  p.title(title).x_label("epoch   (bold: train, faint: holdout)").y_label("loss").x_integer().y_log();
  p.empty_message(st.version == 0 && !st.training ? "no training run yet" : "first epoch running");
  if (!st.history.empty()) {
    const size_t K = st.history.front().train_loss.size();
    std::vector<float> x, tr, ho;
    for (size_t k = 0; k < K; ++k) {
      x.clear(), tr.clear(), ho.clear();
      for (const EpochStats& e : st.history) {
        if (k >= e.train_loss.size()) continue;
        x.push_back(float(e.epoch));
        tr.push_back(float(e.train_loss[k]));
        ho.push_back(k < e.holdout_loss.size() ? float(e.holdout_loss[k]) : NAN);
      }
      char name[32];
      std::snprintf(name, sizeof name, "member %zu", k + 1);
      const Rgba c = series_color(int(k), ui.theme);
      p.line(name, x.data(), ho.data(), int(x.size()), c.with_alpha(0.45f), 1.f);
      p.line(name, x.data(), tr.data(), int(x.size()), c, 2.f);
    }
  }
  p.draw();
}

void compounding_plot(const SessionView& v, UiState& ui) {
  const ModelEvaluation* ev = v.learn.eval.get();
  Plot p("##kstep", ui.theme, ImGui::GetFontSize() * 15.f);
  char title[128];
  if (ev)
    std::snprintf(title, sizeof title, "Open-loop k-step error (model v%d, %s, %d %s starts)", ev->version,
                  ev->objective.c_str(), ev->error.windows, ev->held_out ? "held-out" : "training");
  else
    std::snprintf(title, sizeof title, "Open-loop k-step error");
  p.title(title).x_label("k (steps predicted on its own predictions)").y_label("|s^ - s|").x_integer().include_y(0.0);
  p.empty_message("no model yet");
  if (ev && ev->horizon > 0 && !ev->error.member.empty()) {
    const int H = ev->horizon;
    const KStepError& e = ev->error;
    const size_t n = size_t(H);
    std::vector<float> lo(n), hi(n), mean(n, 0.f), y(n);
    for (int t = 0; t < H; ++t) {
      lo[size_t(t)] = float(e.member_min[size_t(t)]);
      hi[size_t(t)] = float(e.member_max[size_t(t)]);
      for (const auto& m : e.member) mean[size_t(t)] += float(m[size_t(t)]) / float(e.member.size());
    }
    const Rgba neutral = palette(ui.theme).text;
    p.band("spread (min-max over members)", lo.data(), hi.data(), H, 1, 1, neutral.with_alpha(0.15f));
    for (size_t k = 0; k < e.member.size(); ++k) {
      for (int t = 0; t < H; ++t) y[size_t(t)] = float(e.member[k][size_t(t)]);
      char name[32];
      std::snprintf(name, sizeof name, "member %zu", k + 1);
      p.line(name, y.data(), H, 1, 1, series_color(int(k), ui.theme), 1.f);
    }
    p.line("mean of members", mean.data(), H, 1, 1, neutral, 2.5f, true);
  }
  const ModelEvaluation* pin = ui.learn.pinned.get();
  char pin_name[96] = "";
  if (pin && pin->horizon > 0 && !pin->error.member.empty()) {
    std::vector<float> pm(size_t(pin->horizon), 0.f);
    for (const auto& m : pin->error.member)
      for (int t = 0; t < pin->horizon; ++t) pm[size_t(t)] += float(m[size_t(t)]) / float(pin->error.member.size());
    std::snprintf(pin_name, sizeof pin_name, "pinned: v%d, %s", pin->version, pin->objective.c_str());
    p.line(pin_name, pm.data(), pin->horizon, 1, 1, series_color(5, ui.theme), 2.5f, true);
  }
  p.draw();
  if (ev && ImGui::Button("Pin this curve")) ui.learn.pinned = v.learn.eval;
  item_tooltip(
      "Keep this model's mean k-step error on the plot, then change the training objective (model.objective: "
      "1-step equation error or K-step simulation error, the compounding-error lecture's first fix) and compare after "
      "the next "
      "retraining. Note: the curves are measured on the held-out data of their own time.");
  if (pin) {
    ImGui::SameLine();
    if (ImGui::Button("Unpin")) ui.learn.pinned.reset();
  }
  if (!ev || ev->ghosts.empty()) return;
  const int n = int(ev->ghosts.size());
  ImGui::Checkbox("ghost rollouts in the world view", &ui.learn.ghosts);
  item_tooltip(
      "From the chosen start state, each member's open-loop prediction under the actions that were really "
      "taken (one colour per member, as in the plot), drawn over what really happened (thick, neutral). "
      "Where they part is the compounding error.");
  int shown = ui.learn.ghost < 0 ? n : std::min(ui.learn.ghost, n - 1) + 1;
  ImGui::SetNextItemWidth(-1.f);
  if (ImGui::SliderInt("##ghost", &shown, 1, n, "start state %d")) ui.learn.ghost = shown == n ? -1 : shown - 1;
  item_tooltip(ev->held_out ? "Which held-out start state (and its recorded action sequence) the ghosts start from"
                            : "Which start state (holdout is 0: training data) the ghosts start from");
  ImGui::TextDisabled("thick neutral: what happened; colours: members' predictions");
}

void fan_plot(const SessionView& v, UiState& ui) {
  Plot p("##fanvar", ui.theme, ImGui::GetFontSize() * 11.f);
  p.title("Disagreement over the plan's horizon").x_label("step ahead").y_label("variance").x_integer().include_y(0.0);
  p.legend(false).empty_message("no plan through a model yet");
  if (v.fan && !v.fan->variance.empty())
    p.line("variance across members", v.fan->variance.data(), int(v.fan->variance.size()), 0, 1, palette(ui.theme).text,
           2.f, true);
  p.draw();
  ImGui::Checkbox("ensemble fan in the world view", &ui.learn.fan);
  item_tooltip(
      "Each member rolls the current plan's actions out on its own from the current state (one colour per "
      "member). Where the fan opens, the members disagree: the model does not know (epistemic "
      "uncertainty, large away from the data). The plot sums the variance across members over the state "
      "dimensions at each step ahead; pessimism (beta) penalises it.");
}

void learned_plots(const SessionView& v, UiState& ui) {
  if (ImGui::CollapsingHeader("Training", ImGuiTreeNodeFlags_DefaultOpen)) {
    training_plot(v, ui);
    ImGui::PushTextWrapPos(0.f);
    ImGui::TextDisabled(
        "Each member fits its own bootstrap resample; holdout loss is measured on transitions no "
        "member trained on. Holdout far above train: the model memorises.");
    ImGui::PopTextWrapPos();
  }
  if (ImGui::CollapsingHeader("Ensemble fan", ImGuiTreeNodeFlags_DefaultOpen)) fan_plot(v, ui);
  if (ImGui::CollapsingHeader("Dataset coverage", ImGuiTreeNodeFlags_DefaultOpen)) coverage_view(v, ui);
  if (ImGui::CollapsingHeader("Compounding error", ImGuiTreeNodeFlags_DefaultOpen)) compounding_plot(v, ui);
}

}  // namespace mbrl::gui
