#pragma once
// A small plot widget drawn with ImDrawList (Debian's Dear ImGui 1.86 has no implot): axes with
// 1-2-5 ticks and labels, axis labels, a title, a legend, a hover read-out (vertical cursor and a
// tooltip with every series' value at the hovered x), and line / band / bar / scatter series plus
// horizontal and vertical reference lines. Built in immediate mode, once per frame:
//
//   Plot p("##cost", theme);
//   p.title("Cost per step").x_label("step").y_label("cost");
//   p.line("executed", ys.data(), int(ys.size()), 0, 1, series_color(0, theme));
//   p.draw();
//
// Series data are copied, so temporaries are fine. NaN/inf values are skipped (never drawn); empty
// data, a single point and constant data give a sensible range. Sizes follow the current font
// size, so the UI scale slider scales the plots too.
#include <string>
#include <vector>

#include "app/gui/render/colormap.hpp"

struct ImDrawList;

namespace mbrl::gui {

struct PlotFrame;  // plot_frame.hpp: the area's data-to-pixel mapping

class Plot {
 public:
  // height: the whole widget's height in pixels (0: about 11 lines of the current font).
  // The width is the available content width.
  Plot(const char* id, Theme theme, float height = 0.f);

  Plot& title(std::string s) {
    title_ = std::move(s);
    return *this;
  }
  Plot& x_label(std::string s) {
    x_label_ = std::move(s);
    return *this;
  }
  Plot& y_label(std::string s) {
    y_label_ = std::move(s);
    return *this;
  }
  Plot& x_range(double lo, double hi) {
    x_fixed_ = true, x_lo_ = lo, x_hi_ = hi;
    return *this;
  }
  Plot& y_range(double lo, double hi) {
    y_fixed_ = true, y_lo_ = lo, y_hi_ = hi;
    return *this;
  }
  Plot& include_y(double v) {
    y_include_.push_back(v);
    return *this;
  }  // e.g. 0 for bars
  Plot& x_integer(bool on = true) {
    x_integer_ = on;
    return *this;
  }  // ticks on whole numbers
  // A log10 y axis; set it before adding series (values <= 0 are skipped).
  Plot& y_log(bool on = true) {
    y_log_ = on;
    return *this;
  }
  Plot& legend(bool on) {
    legend_ = on;
    return *this;
  }
  Plot& empty_message(std::string s) {
    empty_msg_ = std::move(s);
    return *this;
  }

  // Series. Names starting with "##" stay out of the legend and the read-out; series sharing a
  // name share one legend entry.
  // With x == nullptr, x_i = x0 + i * dx.
  void line(const char* name, const float* x, const float* y, int n, Rgba c, float width = 1.f, bool markers = false);
  void line(const char* name, const float* y, int n, double x0, double dx, Rgba c, float width = 1.f,
            bool markers = false);
  // A filled band between lo and hi (e.g. mean +- sigma); `c` with its alpha.
  void band(const char* name, const float* x, const float* lo, const float* hi, int n, Rgba c);
  void band(const char* name, const float* lo, const float* hi, int n, double x0, double dx, Rgba c);
  // Bars of `width` (x units) from `base` (nullptr: 0 or the axis bottom on a log axis) to y.
  void bars(const char* name, const float* x, const float* y, int n, float width, Rgba c, const float* base = nullptr);
  void scatter(const char* name, const float* x, const float* y, int n, Rgba c, float radius = 1.f);
  void hline(const char* name, double y, Rgba c, bool dashed = true);
  void vline(const char* name, double x, Rgba c, bool dashed = true);

  // Lays out and draws the widget at the cursor; returns true while the mouse hovers the plot.
  // A click on a legend entry hides / shows that series (remembered per plot id and name).
  bool draw();

 private:
  enum class Kind { Line, Band, Bars, Scatter, HLine, VLine };
  struct Series {
    Kind kind;
    std::string name;
    Rgba color;
    std::vector<float> x, y, y2;  // y2: band upper edge / bar base
    float width = 1.f;            // line width / marker radius scale / bar width (x units)
    bool flag = false;            // line: markers; reference lines: dashed
    bool hidden = false;          // switched off by a click on its legend entry
  };
  Series& add(Kind k, const char* name, Rgba c);
  static void fill_x(std::vector<float>& out, const float* x, int n, double x0, double dx);
  float ty(float v) const;  // value -> axis value (log10 on a log axis)
  void draw_series(ImDrawList* dl, const PlotFrame& f, float lw, float font) const;  // plot_render.cpp
  void draw_readout(ImDrawList* dl, const PlotFrame& f, float mouse_x, float lw, float font) const;

  std::string id_, title_, x_label_, y_label_, empty_msg_ = "no data yet";
  Theme theme_;
  float height_;
  bool x_fixed_ = false, y_fixed_ = false, x_integer_ = false, y_log_ = false, legend_ = true;
  double x_lo_ = 0, x_hi_ = 1, y_lo_ = 0, y_hi_ = 1;
  std::vector<double> y_include_;
  std::vector<Series> series_;
};

}  // namespace mbrl::gui
