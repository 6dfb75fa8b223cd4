#include "app/gui/plots/trace_plots.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "app/gui/plots/plot.hpp"
#include "app/gui/plots/plot_math.hpp"

namespace mbrl::gui {

namespace {

float plot_height(const PlotStyle& st) { return st.height > 0 ? st.height : std::round(ImGui::GetFontSize() * 13.f); }
std::string title(const PlotStyle& st, std::string s) { return st.titles ? std::move(s) : std::string(); }

std::string fmt(const char* f, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, f, v);
  return buf;
}

// The last iteration's population weights sorted descending, as (rank, weight) points: at most
// kMaxPoints of them (the curve is monotone, so evenly spaced ranks lose nothing visible). Cached
// per plan: sorting 10^5 weights every frame would cost the frame loop milliseconds.
struct SortedWeights {
  std::vector<float> rank, weight;
  int population = 0;
  int zeros = 0;  // samples with weight 0 (CEM's non-elites; MPPI's underflowed ones)
  double ess = 0;
};
const SortedWeights& sorted_weights(const PlanTrace& t) {
  constexpr int kMaxPoints = 1024;
  struct Key {
    std::string planner;
    int64_t plan = -1;
    int n = -1;
    float w0 = 0, wm = 0, wl = 0;
    bool operator==(const Key&) const = default;
  };
  static Key key;
  static SortedWeights out;
  static std::vector<float> sorted;
  const SampleSet* s = t.last();
  const int n = s ? int(s->all_weights.size()) : 0;
  const float* w = n ? s->all_weights.data() : nullptr;
  const Key k{t.planner, t.plan_index, n, n ? w[0] : 0.f, n ? w[n / 2] : 0.f, n ? w[n - 1] : 0.f};
  if (k == key) return out;
  key = k;
  sorted.assign(w, w + n);
  for (float& v : sorted)
    if (!std::isfinite(v)) v = 0.f;
  std::sort(sorted.begin(), sorted.end(), [](float a, float b) { return a > b; });
  out.population = n;
  out.zeros = int(std::count(sorted.begin(), sorted.end(), 0.f));
  out.ess = plotmath::effective_sample_size(sorted.data(), n);
  const int m = std::min(n, kMaxPoints);
  out.rank.resize(size_t(m)), out.weight.resize(size_t(m));
  for (int j = 0; j < m; ++j) {
    const int i = m > 1 ? int((long long)j * (n - 1) / (m - 1)) : 0;
    out.rank[size_t(j)] = float(i + 1), out.weight[size_t(j)] = sorted[size_t(i)];
  }
  return out;
}

// A row of a (dim x H) matrix as a vector, or empty when the matrix does not have that row.
std::vector<float> row(const Mat& m, int r) {
  std::vector<float> out;
  if (r < 0 || r >= m.rows()) return out;
  out.resize(size_t(m.cols()));
  for (int j = 0; j < m.cols(); ++j) out[size_t(j)] = m(r, j);
  return out;
}

float mean_finite(const Mat& m) {
  double s = 0;
  int n = 0;
  for (int i = 0; i < m.size(); ++i)
    if (std::isfinite(m.data()[i])) s += m.data()[i], ++n;
  return n ? float(s / n) : std::numeric_limits<float>::quiet_NaN();
}

float median_finite(const Vec& v) {
  std::vector<float> a;
  a.reserve(size_t(v.size()));
  for (int i = 0; i < v.size(); ++i)
    if (std::isfinite(v[i])) a.push_back(v[i]);
  if (a.empty()) return std::numeric_limits<float>::quiet_NaN();
  auto mid = a.begin() + std::ptrdiff_t(a.size() / 2);
  std::nth_element(a.begin(), mid, a.end());
  return *mid;
}

void action_plot_for_dim(const char* id, const PlanTrace& t, int d, const ActionBounds& bounds, const std::string& name,
                         const PlotStyle& style, float height) {
  const ThemePalette& pal = palette(style.theme);
  Plot p(id, style.theme, height);
  p.title(title(style, "Planned " + name + " over the horizon")).x_label("step ahead").y_label(name).x_integer();
  p.empty_message("no plan yet");
  const SampleSet* last = t.last();
  const std::vector<float> plan = row(t.plan_actions, d);
  std::vector<float> mean, sigma;
  if (last && last->mean_after.rows() == t.action_dim && last->mean_after.cols() == t.plan_actions.cols()) {
    mean = row(last->mean_after, d);
    if (last->sigma_after.rows() == last->mean_after.rows() && last->sigma_after.cols() == last->mean_after.cols())
      sigma = row(last->sigma_after, d);
  }
  const Rgba dist = series_color(0, style.theme);
  if (!sigma.empty()) {
    std::vector<float> lo(mean.size()), hi(mean.size());
    for (size_t i = 0; i < mean.size(); ++i) lo[i] = mean[i] - sigma[i], hi[i] = mean[i] + sigma[i];
    p.band("mean \xC2\xB1 sigma", lo.data(), hi.data(), int(lo.size()), 0, 1, dist.with_alpha(0.28f));
  }
  // The distribution's mean only when it differs from the returned plan (e.g. CEM's best elite).
  bool mean_differs = false;
  for (size_t i = 0; i < mean.size() && i < plan.size(); ++i) mean_differs |= std::abs(mean[i] - plan[i]) > 1e-6f;
  if (mean_differs) p.line("distribution mean", mean.data(), int(mean.size()), 0, 1, dist, 1.f);
  p.line("plan", plan.data(), int(plan.size()), 0, 1, pal.mean_plan, 1.4f, plan.size() <= 40);
  if (d < bounds.lo.size() && std::isfinite(bounds.lo[d])) p.hline("bounds", bounds.lo[d], pal.reference);
  if (d < bounds.hi.size() && std::isfinite(bounds.hi[d])) p.hline("bounds", bounds.hi[d], pal.reference);
  p.draw();
}

}  // namespace

void plot_cost_per_step(const char* id, const PlotHistory& h, TracePlotState& st, const PlotStyle& style) {
  ImGui::PushID(id);
  ImGui::Checkbox("predicted (plan cost / horizon)", &st.show_predicted);
  Plot p(id, style.theme, plot_height(style));
  p.title(title(style, "Cost per step")).x_label("step").y_label("cost").x_integer();
  p.empty_message("no steps yet");
  p.line("executed", h.step_cost.data(), int(h.step_cost.size()), double(h.first_step), 1.0,
         series_color(0, style.theme), 1.2f);
  if (st.show_predicted && !h.plan_step_cost.empty())
    p.line("predicted per step", h.plan_step.data(), h.plan_step_cost.data(), int(h.plan_step_cost.size()),
           series_color(1, style.theme), 1.f);
  p.draw();
  ImGui::PopID();
}

void plot_action_plan(const char* id, const PlanTrace& trace, const ActionBounds& bounds,
                      const std::vector<std::string>& action_names, TracePlotState& st, const PlotStyle& style) {
  ImGui::PushID(id);
  const int dims = std::max(trace.action_dim, int(trace.plan_actions.rows()));
  auto name_of = [&](int d) {
    if (d >= 0 && d < int(action_names.size()) && !action_names[size_t(d)].empty()) return action_names[size_t(d)];
    return "action " + std::to_string(d);
  };
  if (dims > 1) {
    std::vector<std::string> items{"all"};
    for (int d = 0; d < dims; ++d) items.push_back(name_of(d));
    int sel = std::clamp(st.action_dim, -1, dims - 1) + 1;
    ImGui::SetNextItemWidth(ImGui::GetFontSize() * 10.f);
    if (ImGui::BeginCombo("action dimension", items[size_t(sel)].c_str())) {
      for (int i = 0; i < int(items.size()); ++i)
        if (ImGui::Selectable(items[size_t(i)].c_str(), i == sel)) st.action_dim = i - 1;
      ImGui::EndCombo();
    }
  }
  const int d_sel = std::clamp(st.action_dim, -1, std::max(dims - 1, 0));
  if (d_sel >= 0 || dims <= 1) {
    action_plot_for_dim("##plan", trace, std::max(d_sel, 0), bounds, name_of(std::max(d_sel, 0)), style,
                        plot_height(style));
  } else {
    for (int d = 0; d < dims; ++d) {
      ImGui::PushID(d);
      action_plot_for_dim("##plan", trace, d, bounds, name_of(d), style, plot_height(style) * 0.8f);
      ImGui::PopID();
    }
  }
  ImGui::PopID();
}

void plot_planning_time(const char* id, const PlotHistory& h, TracePlotState& st, const PlotStyle& style) {
  const ThemePalette& pal = palette(style.theme);
  ImGui::PushID(id);
  ImGui::Checkbox("split into sampling / rollout / update", &st.time_stacked);
  Plot p(id, style.theme, plot_height(style));
  p.title(title(style, "Planning time per plan")).x_label("plan").y_label("ms").x_integer().include_y(0.0);
  p.empty_message("no plans yet");
  const int n = int(h.ms_total.size());
  if (st.time_stacked && int(h.ms_sample.size()) == n && int(h.ms_rollout.size()) == n &&
      int(h.ms_update.size()) == n) {
    std::vector<float> a(static_cast<size_t>(n)), b(static_cast<size_t>(n)), c(static_cast<size_t>(n)),
        zero(static_cast<size_t>(n), 0.f);
    for (int i = 0; i < n; ++i) {
      a[size_t(i)] = h.ms_sample[size_t(i)];
      b[size_t(i)] = a[size_t(i)] + h.ms_rollout[size_t(i)];
      c[size_t(i)] = b[size_t(i)] + h.ms_update[size_t(i)];
    }
    const double x0 = double(h.first_plan);
    p.band("sampling", zero.data(), a.data(), n, x0, 1, series_color(0, style.theme).with_alpha(0.75f));
    p.band("rollout", a.data(), b.data(), n, x0, 1, series_color(1, style.theme).with_alpha(0.75f));
    p.band("update", b.data(), c.data(), n, x0, 1, series_color(2, style.theme).with_alpha(0.75f));
  }
  p.line("total", h.ms_total.data(), n, double(h.first_plan), 1.0, pal.mean_plan, 1.f);
  p.draw();
  ImGui::PopID();
}

void plot_mppi_weights(const char* id, const PlanTrace& trace, TracePlotState& st, const PlotStyle& style) {
  const ThemePalette& pal = palette(style.theme);
  ImGui::PushID(id);
  ImGui::Checkbox("log scale", &st.weights_log);
  const SortedWeights& sw = sorted_weights(trace);
  const std::vector<float>& w = sw.weight;
  const int n = sw.population, m = int(w.size());
  const double ess = trace.ess > 0 ? double(trace.ess) : sw.ess;
  Plot p(id, style.theme, plot_height(style));
  const std::string xl =
      sw.zeros > 0 ? "rank   (" + std::to_string(sw.zeros) + " of " + std::to_string(n) + " samples have weight 0)"
                   : "rank";
  p.title(title(style, "Sample weights, heaviest first")).x_label(xl).y_label("weight").x_integer();
  p.empty_message("no weights yet");
  // All ranks on the axis, also those with zero weight (CEM's non-elites): the student sees how
  // few samples carry the update.
  if (n > 0) p.x_range(0.5, n + 0.5);
  if (st.weights_log && n > 0) {
    p.y_log();
    const double wmax = m ? double(w[0]) : 1.0;
    double wmin = wmax;
    for (float v : w)
      if (v > 0) wmin = v;  // sorted descending: the last positive one is the smallest
    // From the smallest weight (at most 8 decades below the largest) or the uniform 1/N line,
    // whichever is lower, to above the largest; at least one decade.
    const double lo = std::min(std::max(wmin, wmax * 1e-8), 1.0 / n) * 0.7, hi = std::max(wmax, 1.0 / n) * 1.5;
    if (hi > 0) p.y_range(std::min(lo, hi / 10), hi);
  }
  const Rgba c = series_color(0, style.theme);
  if (n <= 64)
    p.bars("weight", sw.rank.data(), w.data(), m, 0.8f, c);
  else
    p.line("weight", sw.rank.data(), w.data(), m, c, 1.2f);
  if (n > 0) {
    p.hline("uniform 1/N", 1.0 / n, pal.reference);
    p.vline(("ESS = " + fmt("%.1f", ess) + " of " + std::to_string(n)).c_str(), ess, pal.best_sample);
  }
  p.draw();
  ImGui::PopID();
}

void plot_cem_iterations(const char* id, const PlanTrace& trace, const PlotStyle& style) {
  const ThemePalette& pal = palette(style.theme);
  ImGui::PushID(id);
  const int k = std::min(trace.iterations_used, int(trace.iterations.size()));
  std::vector<float> it(size_t(std::max(k, 0))), elite(it.size()), best(it.size()), median(it.size());
  std::vector<float> sx(it.size() + 1), sig(it.size() + 1);
  for (int i = 0; i < k; ++i) {
    const SampleSet& s = trace.iterations[size_t(i)];
    it[size_t(i)] = float(i + 1);
    elite[size_t(i)] = s.elite_cost_mean;
    best[size_t(i)] = s.best_cost;
    median[size_t(i)] = median_finite(s.all_costs);
    sx[size_t(i + 1)] = float(i + 1);
    sig[size_t(i + 1)] = mean_finite(s.sigma_after);
  }
  sig[0] = k > 0 ? mean_finite(trace.iterations[0].sigma_before) : std::numeric_limits<float>::quiet_NaN();
  const float h = plot_height(style);
  {
    Plot p("##cost", style.theme, h);
    p.title(title(style, "Cost per refit")).x_label("refit").y_label("cost").x_integer();
    p.empty_message("no refits yet");
    if (k > 0) p.x_range(0.5, k + 0.5);
    p.line("population median", it.data(), median.data(), k, series_color(2, style.theme), 1.f, true);
    p.line("elite mean", it.data(), elite.data(), k, pal.elite, 1.3f, true);
    p.line("best", it.data(), best.data(), k, pal.best_sample, 1.3f, true);
    p.draw();
  }
  {
    Plot p("##sigma", style.theme, h * 0.8f);
    p.title(title(style, "Mean sigma after each refit"))
        .x_label("refit (0 = initial distribution)")
        .y_label("mean sigma")
        .x_integer()
        .include_y(0.0);
    p.empty_message("no refits yet");
    if (k > 0) p.x_range(-0.5, k + 0.5);
    p.line("mean sigma", sx.data(), sig.data(), k > 0 ? k + 1 : 0, series_color(0, style.theme), 1.3f, true);
    p.draw();
  }
  ImGui::PopID();
}

void draw_trace_plots(const PlanTrace* trace, const PlotHistory& h, const ActionBounds& bounds,
                      const std::vector<std::string>& action_names, TracePlotState& st, const PlotStyle& style_in) {
  static const PlanTrace none;
  const PlanTrace& t = trace ? *trace : none;
  PlotStyle style = style_in;
  style.titles = false;  // the collapsing headers name the plots
  const ImGuiTreeNodeFlags open = ImGuiTreeNodeFlags_DefaultOpen;
  if (ImGui::CollapsingHeader("Cost per step", open)) plot_cost_per_step("cost", h, st, style);
  if (ImGui::CollapsingHeader("Planned actions over the horizon", open))
    plot_action_plan("actions", t, bounds, action_names, st, style);
  const SampleSet* last = t.last();
  if (last && last->all_weights.size() > 1 && ImGui::CollapsingHeader("Sample weights, heaviest first", open))
    plot_mppi_weights("weights", t, st, style);
  if (t.iterations_used > 1 && ImGui::CollapsingHeader("Refits: cost and sigma per iteration", open))
    plot_cem_iterations("refits", t, style);
  if (ImGui::CollapsingHeader("Planning time per plan", open)) plot_planning_time("time", h, st, style);
}

}  // namespace mbrl::gui
