// The parts of the plot widget that draw data: the series themselves and the hover read-out.
#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "app/gui/plots/plot.hpp"
#include "app/gui/plots/plot_frame.hpp"

namespace mbrl::gui {

using namespace plotdraw;

namespace {

// Index of the sample of ascending `x` nearest to v (x need not be strictly sorted: then linear).
int nearest(const std::vector<float>& x, double v) {
  if (x.empty()) return -1;
  const bool sorted = std::is_sorted(x.begin(), x.end());
  if (sorted) {
    const auto it = std::lower_bound(x.begin(), x.end(), float(v));
    int i = int(it - x.begin());
    if (i >= int(x.size())) return int(x.size()) - 1;
    if (i > 0 && std::abs(x[size_t(i - 1)] - v) <= std::abs(x[size_t(i)] - v)) --i;
    return i;
  }
  int best = 0;
  for (int i = 1; i < int(x.size()); ++i)
    if (std::abs(x[size_t(i)] - v) < std::abs(x[size_t(best)] - v)) best = i;
  return best;
}

}  // namespace

void Plot::draw_series(ImDrawList* dl, const PlotFrame& f, float lw, float font) const {
  std::vector<ImVec2> pts;
  std::vector<float> dx_, dy_;
  const int pixel_cols = std::max(1, int(f.hi.x - f.lo.x));
  for (const Series& s : series_) {
    if (s.hidden) continue;
    const ImU32 c = col(s.color);
    switch (s.kind) {
      case Kind::Band: {
        const ImDrawListFlags saved = dl->Flags;
        dl->Flags &= ~ImDrawListFlags_AntiAliasedFill;  // no seams between the quads
        for (size_t i = 0; i + 1 < s.x.size(); ++i) {
          const float v[5] = {s.x[i], s.y[i], s.y2[i], s.y[i + 1], s.y2[i + 1]};
          if (!std::all_of(v, v + 5, [](float a) { return std::isfinite(a); }) || !std::isfinite(s.x[i + 1])) continue;
          const ImVec2 q[4] = {f.p(s.x[i], s.y[i]), f.p(s.x[i + 1], s.y[i + 1]), f.p(s.x[i + 1], s.y2[i + 1]),
                               f.p(s.x[i], s.y2[i])};
          dl->AddConvexPolyFilled(q, 4, c);
        }
        dl->Flags = saved;
        break;
      }
      case Kind::Bars: {
        const float raw_half = std::abs(f.sx(s.width) - f.sx(0)) * 0.5f - 0.5f;  // NaN for a NaN width
        const float half = std::isfinite(raw_half) ? std::clamp(raw_half, 0.5f, f.hi.x - f.lo.x) : 0.5f;
        for (size_t i = 0; i < s.x.size(); ++i) {
          if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) continue;
          const double base = std::isfinite(s.y2[i]) ? s.y2[i] : (y_log_ ? f.yr.lo : 0.0);
          const float x = f.sx(s.x[i]);
          ImVec2 a = f.p(s.x[i], s.y[i]), b = f.p(s.x[i], base);
          a.x = x - half, b.x = x + half;
          dl->AddRectFilled({a.x, std::min(a.y, b.y)}, {b.x, std::max(a.y, b.y)}, c);
        }
        break;
      }
      case Kind::Line: {
        const float th = lw * s.width;
        if (int(s.x.size()) > 2 * pixel_cols) {  // long series: min/max per pixel column
          pm::decimate_minmax(s.x.data(), s.y.data(), int(s.x.size()), pixel_cols, dx_, dy_);
          pts.clear();
          for (size_t i = 0; i < dx_.size(); ++i) pts.push_back(f.p(dx_[i], dy_[i]));
          if (pts.size() == 1) dl->AddCircleFilled(pts[0], th * 1.5f, c);
          if (pts.size() > 1) dl->AddPolyline(pts.data(), int(pts.size()), c, 0, th);
          break;
        }
        // Runs of finite points, broken at NaN/inf.
        size_t i = 0;
        while (i < s.x.size()) {
          pts.clear();
          for (; i < s.x.size() && std::isfinite(s.x[i]) && std::isfinite(s.y[i]); ++i)
            pts.push_back(f.p(s.x[i], s.y[i]));
          if (pts.size() == 1) dl->AddCircleFilled(pts[0], th * 1.5f, c);  // an isolated point stays visible
          if (pts.size() > 1) dl->AddPolyline(pts.data(), int(pts.size()), c, 0, th);
          if (s.flag)
            for (const ImVec2& p : pts) dl->AddCircleFilled(p, th * 1.3f, c);
          ++i;
        }
        break;
      }
      case Kind::Scatter:
        for (size_t i = 0; i < s.x.size(); ++i)
          if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
            dl->AddCircleFilled(f.p(s.x[i], s.y[i]), lw * 1.8f * s.width, c);
        break;
      case Kind::HLine:
        if (std::isfinite(s.y[0])) {
          const float y = std::round(f.sy(s.y[0])) + 0.5f;
          if (s.flag)
            dashed_segment(dl, {f.lo.x, y}, {f.hi.x, y}, c, lw, font * 0.5f);
          else
            dl->AddLine({f.lo.x, y}, {f.hi.x, y}, c, lw);
        }
        break;
      case Kind::VLine:
        if (std::isfinite(s.x[0])) {
          const float x = std::round(f.sx(s.x[0])) + 0.5f;
          if (s.flag)
            dashed_segment(dl, {x, f.lo.y}, {x, f.hi.y}, c, lw, font * 0.5f);
          else
            dl->AddLine({x, f.lo.y}, {x, f.hi.y}, c, lw);
        }
        break;
    }
  }
}

void Plot::draw_readout(ImDrawList* dl, const PlotFrame& f, float mouse_x, float lw, float font) const {
  const ThemePalette& pal = palette(theme_);
  const double xv = f.dx(mouse_x);
  dl->PushClipRect(f.lo, f.hi, true);
  dl->AddLine({mouse_x, f.lo.y}, {mouse_x, f.hi.y}, col(pal.cursor), 1.f);
  struct Row {
    const Series* s;
    std::string text;
  };
  std::vector<Row> rows;
  double snapped_x = xv;
  auto yval = [&](double v) { return pm::format_value(y_log_ ? std::pow(10.0, v) : v); };
  for (const Series& s : series_) {
    if (s.hidden || s.name.empty() || s.name.rfind("##", 0) == 0) continue;
    if (s.kind == Kind::HLine) {
      rows.push_back({&s, yval(s.y[0])});
      continue;
    }
    if (s.kind == Kind::VLine) {
      rows.push_back({&s, ""});  // its name says it (e.g. "ESS = 12.3 of 100")
      continue;
    }
    const int i = nearest(s.x, xv);
    if (i < 0) continue;
    snapped_x = s.x[size_t(i)];
    if (s.kind == Kind::Band) {
      if (std::isfinite(s.y[size_t(i)]) && std::isfinite(s.y2[size_t(i)]))
        rows.push_back({&s, yval(s.y[size_t(i)]) + " .. " + yval(s.y2[size_t(i)])});
      continue;
    }
    if (!std::isfinite(s.y[size_t(i)])) {
      rows.push_back({&s, "-"});
      continue;
    }
    rows.push_back({&s, yval(s.y[size_t(i)])});
    dl->AddCircleFilled(f.p(s.x[size_t(i)], s.y[size_t(i)]), lw * 2.5f, col(s.color.with_alpha(1.f)));
    dl->AddCircle(f.p(s.x[size_t(i)], s.y[size_t(i)]), lw * 2.5f, col(pal.panel), 12, 1.f);
  }
  dl->PopClipRect();
  ImGui::BeginTooltip();
  const std::string xs = x_integer_ ? std::to_string(std::llround(snapped_x)) : pm::format_value(snapped_x);
  // The x label up to any remark in parentheses ("rank (180 of 200 ...)" -> "rank").
  const std::string xname = x_label_.empty() ? std::string("x") : x_label_.substr(0, x_label_.find(" ("));
  ImGui::TextUnformatted((xname + " = " + xs).c_str());
  for (const Row& r : rows) {
    const ImVec2 p = ImGui::GetCursorScreenPos();
    ImDrawList* tdl = ImGui::GetWindowDrawList();
    tdl->AddRectFilled({p.x, p.y + font * 0.2f}, {p.x + font * 0.8f, p.y + font * 0.8f},
                       col(r.s->color.with_alpha(1.f)));
    ImGui::Dummy({font * 0.9f, font});
    ImGui::SameLine();
    if (r.text.empty())
      ImGui::TextUnformatted(r.s->name.c_str());
    else
      ImGui::Text("%s: %s", r.s->name.c_str(), r.text.c_str());
  }
  ImGui::EndTooltip();
}

}  // namespace mbrl::gui
