#include "app/gui/plots/plot.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "app/gui/plots/plot_frame.hpp"

namespace mbrl::gui {

using namespace plotdraw;

namespace {

// Text rotated by 90 degrees (reading upwards) centred at `center`: laid out horizontally where
// the clip rectangle lets all glyphs through, then its vertices are rotated into place.
void vertical_text(ImDrawList* dl, ImVec2 center, ImU32 c, const char* text) {
  const ImVec2 sz = ImGui::CalcTextSize(text);
  const ImVec2 clip_lo = dl->GetClipRectMin();
  const ImVec2 at{clip_lo.x + 1.f, center.y - sz.y * 0.5f};
  const ImVec2 mid{at.x + sz.x * 0.5f, at.y + sz.y * 0.5f};
  const int v0 = dl->VtxBuffer.Size;
  dl->AddText(at, c, text);
  for (int i = v0; i < dl->VtxBuffer.Size; ++i) {
    ImVec2& p = dl->VtxBuffer[i].pos;
    const ImVec2 d{p.x - mid.x, p.y - mid.y};
    p = {center.x + d.y, center.y - d.x};
  }
}

std::string tick_label(double v, double step, double axis_max, bool log) {
  if (!log) return pm::format_tick(v, step, axis_max);
  const double e = std::round(v);
  if (e >= -3 && e <= 4) return pm::format_tick(std::pow(10.0, e), std::pow(10.0, std::min(e, 0.0)));
  char buf[16];
  std::snprintf(buf, sizeof buf, "1e%d", int(e));
  return buf;
}

}  // namespace

Plot::Plot(const char* id, Theme theme, float height) : id_(id ? id : "##plot"), theme_(theme), height_(height) {}

Plot::Series& Plot::add(Kind k, const char* name, Rgba c) {
  series_.push_back(Series{k, name ? name : "", c, {}, {}, {}, 1.f, false});
  return series_.back();
}

void Plot::fill_x(std::vector<float>& out, const float* x, int n, double x0, double dx) {
  out.resize(size_t(std::max(n, 0)));
  for (int i = 0; i < n; ++i) out[size_t(i)] = x ? x[i] : float(x0 + dx * i);
}

float Plot::ty(float v) const {
  if (!y_log_) return v;
  return v > 0.f ? std::log10(v) : std::numeric_limits<float>::quiet_NaN();
}

void Plot::line(const char* name, const float* x, const float* y, int n, Rgba c, float width, bool markers) {
  Series& s = add(Kind::Line, name, c);
  fill_x(s.x, x, n, 0, 1);
  s.y.resize(s.x.size());
  for (int i = 0; i < n; ++i) s.y[size_t(i)] = ty(y[i]);
  s.width = width, s.flag = markers;
}

void Plot::line(const char* name, const float* y, int n, double x0, double dx, Rgba c, float width, bool markers) {
  Series& s = add(Kind::Line, name, c);
  fill_x(s.x, nullptr, n, x0, dx);
  s.y.resize(s.x.size());
  for (int i = 0; i < n; ++i) s.y[size_t(i)] = ty(y[i]);
  s.width = width, s.flag = markers;
}

void Plot::band(const char* name, const float* x, const float* lo, const float* hi, int n, Rgba c) {
  Series& s = add(Kind::Band, name, c);
  fill_x(s.x, x, n, 0, 1);
  s.y.resize(s.x.size()), s.y2.resize(s.x.size());
  for (int i = 0; i < n; ++i) s.y[size_t(i)] = ty(lo[i]), s.y2[size_t(i)] = ty(hi[i]);
}

void Plot::band(const char* name, const float* lo, const float* hi, int n, double x0, double dx, Rgba c) {
  std::vector<float> x;
  fill_x(x, nullptr, n, x0, dx);
  band(name, x.data(), lo, hi, n, c);
}

void Plot::bars(const char* name, const float* x, const float* y, int n, float width, Rgba c, const float* base) {
  Series& s = add(Kind::Bars, name, c);
  fill_x(s.x, x, n, 0, 1);
  s.y.resize(s.x.size()), s.y2.resize(s.x.size());
  for (int i = 0; i < n; ++i) {
    s.y[size_t(i)] = ty(y[i]);
    s.y2[size_t(i)] = base ? ty(base[i]) : std::numeric_limits<float>::quiet_NaN();  // NaN: axis base
  }
  s.width = width;
}

void Plot::scatter(const char* name, const float* x, const float* y, int n, Rgba c, float radius) {
  Series& s = add(Kind::Scatter, name, c);
  fill_x(s.x, x, n, 0, 1);
  s.y.resize(s.x.size());
  for (int i = 0; i < n; ++i) s.y[size_t(i)] = ty(y[i]);
  s.width = radius;
}

void Plot::hline(const char* name, double y, Rgba c, bool dashed) {
  Series& s = add(Kind::HLine, name, c);
  s.y = {ty(float(y))};
  s.flag = dashed;
}

void Plot::vline(const char* name, double x, Rgba c, bool dashed) {
  Series& s = add(Kind::VLine, name, c);
  s.x = {float(x)};
  s.flag = dashed;
}

bool Plot::draw() {
  const ThemePalette& pal = palette(theme_);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float font = ImGui::GetFontSize();
  const float pad = std::round(font * 0.35f);
  const float lw = std::max(1.f, font / 13.f * 1.5f);  // base line width, grows with the UI scale

  // Series switched off in the legend (ImGui's per-window state storage keeps the choice).
  ImGuiStorage* storage = ImGui::GetStateStorage();
  auto hide_key = [&](const Series& s) { return ImGui::GetID((id_ + "\x1f" + s.name).c_str()); };
  for (Series& s : series_)
    if (!s.name.empty() && s.name.rfind("##", 0) != 0) s.hidden = storage->GetBool(hide_key(s), false);

  const ImVec2 origin = ImGui::GetCursorScreenPos();
  const float W = std::max(ImGui::GetContentRegionAvail().x, font * 10.f);
  const float H = height_ > 0 ? height_ : std::round(font * 13.f);

  // ---- ranges (finite values only) ----
  pm::Extent ex, ey;
  bool any_data = false;
  for (const Series& s : series_) {
    if (s.hidden) continue;
    switch (s.kind) {
      case Kind::HLine:
        ey.add(s.y[0]);
        break;
      case Kind::VLine:
        ex.add(s.x[0]);
        break;
      default:
        for (size_t i = 0; i < s.x.size(); ++i) {
          const bool ok = std::isfinite(s.y[i]) && (s.y2.empty() || s.kind == Kind::Bars || std::isfinite(s.y2[i]));
          if (!ok || !std::isfinite(s.x[i])) continue;
          any_data = true;
          ex.add(s.x[i]);
          ey.add(s.y[i]);
          if (!s.y2.empty()) ey.add(s.y2[i]);
          if (s.kind == Kind::Bars) ex.add(s.x[i] - s.width * 0.5), ex.add(s.x[i] + s.width * 0.5);
        }
    }
  }
  for (double v : y_include_) ey.add(y_log_ ? (v > 0 ? std::log10(v) : std::numeric_limits<double>::quiet_NaN()) : v);
  const bool has_bars =
      std::any_of(series_.begin(), series_.end(), [](const Series& s) { return s.kind == Kind::Bars; });
  if (has_bars && !y_log_) ey.add(0.0);
  PlotFrame f;
  f.xr = x_fixed_ ? pm::Range{x_lo_, x_hi_} : pm::auto_range(ex, 0.0);
  if (!x_fixed_ && !(ex.hi > ex.lo) && !ex.empty()) f.xr = pm::auto_range(ex, 0.0);
  f.yr = y_fixed_ ? pm::Range{y_lo_, y_hi_} : pm::auto_range(ey, 0.06);
  if (y_fixed_ && y_log_) f.yr = {y_lo_ > 0 ? std::log10(y_lo_) : -6, y_hi_ > 0 ? std::log10(y_hi_) : 0};
  if (!f.xr.valid()) f.xr = {0, 1};
  if (!f.yr.valid()) f.yr = pm::auto_range(pm::Extent{f.yr.lo, f.yr.lo});
  if (!f.yr.valid()) f.yr = {0, 1};
  // A log axis shows at least two decade ticks: widen to the enclosing decades when needed.
  if (y_log_ && std::floor(f.yr.hi) - std::ceil(f.yr.lo) < 1) f.yr = {std::floor(f.yr.lo), std::ceil(f.yr.hi)};
  if (y_log_ && !(f.yr.hi > f.yr.lo)) f.yr.hi = f.yr.lo + 1;

  // ---- layout: title and legend rows (the legend follows the title when it fits), then the
  // area with axis margins ----
  struct LegendItem {
    const Series* s;
    ImVec2 pos;
    float w;
  };
  std::vector<LegendItem> legend_items;
  const float swatch_w = std::round(font * 1.4f);
  const float row_h = font + pad * 0.5f;
  const float title_w = title_.empty() ? 0.f : ImGui::CalcTextSize(title_.c_str()).x + font * 1.5f;
  int rows = title_.empty() ? 0 : 1;
  if (legend_) {
    const float x_start = origin.x + font * 0.25f;
    float x = x_start + title_w;
    int row = 0;
    for (const Series& s : series_) {
      if (s.name.empty() || s.name.rfind("##", 0) == 0) continue;
      // One entry per name: series sharing a name (e.g. lower and upper bound) share it.
      if (std::any_of(legend_items.begin(), legend_items.end(),
                      [&](const LegendItem& it) { return it.s->name == s.name; }))
        continue;
      const float w = swatch_w + pad + ImGui::CalcTextSize(s.name.c_str()).x + font;
      if (x + w > origin.x + W && x > x_start) x = x_start, row += 1;
      legend_items.push_back({&s, {x, origin.y + float(row) * row_h}, w - font * 0.5f});
      x += w;
    }
    if (!legend_items.empty()) rows = std::max(rows, row + 1);
  }
  const float y_cursor = origin.y + float(rows) * row_h;

  const float bottom_margin = font + pad * 2 + (x_label_.empty() ? 0.f : font + pad * 0.5f);
  f.lo.y = y_cursor + font * 0.5f;  // room for the top tick label's upper half
  f.hi.y = origin.y + H - bottom_margin;
  if (f.hi.y - f.lo.y < font * 3) f.hi.y = f.lo.y + font * 3;  // too small: overflow rather than invert

  // y ticks: at most one per ~2 lines of text.
  const int y_max_ticks = std::clamp(int((f.hi.y - f.lo.y) / (font * 2.0f)) + 1, 2, 10);
  const pm::Ticks yt =
      y_log_ ? pm::log_ticks(f.yr.lo, f.yr.hi, y_max_ticks) : pm::nice_ticks(f.yr.lo, f.yr.hi, y_max_ticks);
  std::vector<std::string> ylab;
  float ylab_w = 0;
  double y_axis_max = 0, x_axis_max = 0;
  for (double v : yt.values) y_axis_max = std::max(y_axis_max, std::abs(v));
  for (double v : yt.values) {
    ylab.push_back(tick_label(v, yt.step, y_axis_max, y_log_));
    ylab_w = std::max(ylab_w, ImGui::CalcTextSize(ylab.back().c_str()).x);
  }
  const float ylabel_w = y_label_.empty() ? 0.f : font + pad;
  f.lo.x = origin.x + ylabel_w + ylab_w + pad * 2;
  f.hi.x = origin.x + W - font * 1.2f;
  if (f.hi.x - f.lo.x < font * 4) f.hi.x = f.lo.x + font * 4;

  // x ticks: shrink the count until the widest label fits with a gap of two characters.
  pm::Ticks xt;
  std::vector<std::string> xlab;
  for (int target = std::clamp(int((f.hi.x - f.lo.x) / (font * 3.5f)) + 1, 2, 12); target >= 2; --target) {
    xt = pm::nice_ticks(f.xr.lo, f.xr.hi, target, x_integer_ ? 1.0 : 0.0);
    xlab.clear();
    float widest = 0;
    x_axis_max = 0;
    for (double v : xt.values) x_axis_max = std::max(x_axis_max, std::abs(v));
    for (double v : xt.values) {
      xlab.push_back(pm::format_tick(v, xt.step, x_axis_max));
      widest = std::max(widest, ImGui::CalcTextSize(xlab.back().c_str()).x);
    }
    const float per = xt.values.size() > 1 ? (f.hi.x - f.lo.x) * float(xt.step / f.xr.span()) : 1e9f;
    if (per >= widest + font) break;
  }

  // Reserve the space and catch the mouse over the whole widget (so dragging it does not move
  // the window).
  ImGui::PushID(id_.c_str());
  ImGui::InvisibleButton("##area", ImVec2(W, H));
  const bool hovered_item = ImGui::IsItemHovered();
  const bool clicked = ImGui::IsItemClicked();
  ImGui::PopID();
  const ImVec2 mouse = ImGui::GetIO().MousePos;
  const bool hovered = hovered_item && mouse.x >= f.lo.x && mouse.x <= f.hi.x && mouse.y >= f.lo.y && mouse.y <= f.hi.y;

  // ---- background, grid, axes ----
  dl->AddRectFilled(f.lo, f.hi, col(pal.panel));
  for (double v : yt.values) {
    const float y = std::round(f.sy(v)) + 0.5f;
    dl->AddLine({f.lo.x, y}, {f.hi.x, y}, col(pal.grid), 1.f);
  }
  if (y_log_ && yt.step == 1 && f.yr.span() <= 4.5) {  // minor decades 2..9
    for (double d = std::floor(f.yr.lo); d <= f.yr.hi; d += 1)
      for (int k = 2; k <= 9; ++k) {
        const double v = d + std::log10(double(k));
        if (v <= f.yr.lo || v >= f.yr.hi) continue;
        const float y = std::round(f.sy(v)) + 0.5f;
        dl->AddLine({f.lo.x, y}, {f.hi.x, y}, col(pal.grid, 0.45f), 1.f);
      }
  }
  for (double v : xt.values) {
    const float x = std::round(f.sx(v)) + 0.5f;
    dl->AddLine({x, f.lo.y}, {x, f.hi.y}, col(pal.grid), 1.f);
  }

  // ---- series (clipped to the area) ----
  dl->PushClipRect(f.lo, f.hi, true);
  draw_series(dl, f, lw, font);
  if (!any_data && !empty_msg_.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(empty_msg_.c_str());
    dl->AddText({(f.lo.x + f.hi.x - ts.x) * 0.5f, (f.lo.y + f.hi.y - ts.y) * 0.5f}, col(pal.text_dim),
                empty_msg_.c_str());
  }
  dl->PopClipRect();

  // ---- axes, tick labels, axis labels, title ----
  dl->AddLine({f.lo.x, f.hi.y}, {f.hi.x, f.hi.y}, col(pal.axis), 1.f);
  dl->AddLine({f.lo.x, f.lo.y}, {f.lo.x, f.hi.y}, col(pal.axis), 1.f);
  const float tick = std::round(font * 0.3f);
  for (size_t i = 0; i < yt.values.size(); ++i) {
    const float y = std::round(f.sy(yt.values[i])) + 0.5f;
    dl->AddLine({f.lo.x - tick, y}, {f.lo.x, y}, col(pal.axis), 1.f);
    const ImVec2 ts = ImGui::CalcTextSize(ylab[i].c_str());
    dl->AddText({f.lo.x - tick - pad * 0.5f - ts.x, y - ts.y * 0.5f}, col(pal.text), ylab[i].c_str());
  }
  for (size_t i = 0; i < xt.values.size(); ++i) {
    const float x = std::round(f.sx(xt.values[i])) + 0.5f;
    dl->AddLine({x, f.hi.y}, {x, f.hi.y + tick}, col(pal.axis), 1.f);
    const ImVec2 ts = ImGui::CalcTextSize(xlab[i].c_str());
    float tx = x - ts.x * 0.5f;
    tx = std::clamp(tx, origin.x, origin.x + W - ts.x);
    dl->AddText({tx, f.hi.y + tick + pad * 0.5f}, col(pal.text), xlab[i].c_str());
  }
  if (!x_label_.empty()) {
    const ImVec2 ts = ImGui::CalcTextSize(x_label_.c_str());
    dl->AddText({(f.lo.x + f.hi.x - ts.x) * 0.5f, f.hi.y + tick + pad + font}, col(pal.text_dim), x_label_.c_str());
  }
  if (!y_label_.empty())
    vertical_text(dl, {origin.x + font * 0.5f, (f.lo.y + f.hi.y) * 0.5f}, col(pal.text_dim), y_label_.c_str());
  if (!title_.empty()) dl->AddText({origin.x + font * 0.25f, origin.y}, col(pal.text), title_.c_str());

  // ---- legend ----
  for (const LegendItem& it : legend_items) {
    const Series& s = *it.s;
    const bool over =
        mouse.x >= it.pos.x && mouse.x < it.pos.x + it.w && mouse.y >= it.pos.y && mouse.y < it.pos.y + font;
    if (over && hovered_item) {
      ImGui::SetMouseCursor(ImGuiMouseCursor_Hand);
      ImGui::SetTooltip(s.hidden ? "click to show %s" : "click to hide %s", s.name.c_str());
      if (clicked) storage->SetBool(hide_key(s), !s.hidden);
    }
    const float dim = s.hidden ? 0.3f : 1.f;
    const ImU32 c = col(s.color, dim);
    const float cy = it.pos.y + font * 0.5f;
    const ImVec2 a{it.pos.x, cy}, b{it.pos.x + swatch_w, cy};
    switch (s.kind) {
      case Kind::Line:
        dl->AddLine(a, b, c, lw * s.width);
        break;
      case Kind::Band:
      case Kind::Bars:
        dl->AddRectFilled({a.x, cy - font * 0.3f}, {b.x, cy + font * 0.3f},
                          col(s.color.with_alpha(std::max(s.color.a, 0.5f) * dim)));
        break;
      case Kind::Scatter:
        dl->AddCircleFilled({(a.x + b.x) * 0.5f, cy}, lw * 2.f, c);
        break;
      case Kind::HLine:
      case Kind::VLine:
        dashed_segment(dl, a, b, c, lw, font * 0.3f);
        break;
    }
    dl->AddText({b.x + pad, it.pos.y}, col(pal.text, dim), s.name.c_str());
  }

  if (hovered && any_data) draw_readout(dl, f, mouse.x, lw, font);
  return hovered;
}

}  // namespace mbrl::gui
