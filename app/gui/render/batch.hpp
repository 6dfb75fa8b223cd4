#pragma once
// A recorded list of 2D primitives in world coordinates, ready for the GPU: instanced shapes
// (segments, rings, disks, points) and fan-triangulated polygons. Consecutive primitives of one
// pipeline form a run; the renderer issues one draw call per run, so the order in which the
// environment drew things is kept while thousands of trajectory segments are one draw call.
// No GL here: a Batch is plain data (and can be built on any thread).
//
// Non-finite input never reaches a renderer: a primitive with a NaN or infinite position, radius
// or width is dropped here (a diverged rollout's states map to NaN points), and a hairline strip
// is split at its non-finite points. Everything that draws the world goes through a Batch.
#include <cstdint>
#include <vector>

#include "app/gui/render/colormap.hpp"
#include "envs/draw.hpp"

namespace mbrl::gui {

struct ShapeInstance {
  float p0[2], p1[2];
  uint8_t color[4];
  float shape[4];  // width px, radius (world; px for points), kind, unused
};

struct FillVertex {
  float pos[2];
  uint8_t color[4];
};

enum class ShapeKind { Segment = 0, Ring = 1, Disk = 2, Point = 3 };

class Batch {
 public:
  enum class Pipe { Shape, Fill, Hairline };
  struct Run {
    Pipe pipe;  // shape instances, fill triangles or hairline strips
    int first, count;
  };

  void clear();
  bool empty() const { return runs_.empty(); }

  void segment(P2 a, P2 b, Color c, float width_px);
  // A 1 px polyline without anti-aliasing (one GL_LINE_STRIP of a multi-draw): for thousands of
  // faint sample trajectories, where it costs a twelfth of the quads' vertex work and the
  // blending hides the aliasing.
  void hair_strip(const P2* pts, int n, Color c);
  void polyline(const P2* pts, int n, Color c, float width_px, bool closed);
  void ring(P2 center, float radius, Color c, float width_px);
  void disk(P2 center, float radius, Color c);
  void point(P2 p, float size_px, Color c);
  // Convex polygon: a filled fan plus a 1 px outline in the same colour (smooth edges).
  void polygon(const P2* pts, int n, Color c);

  const std::vector<ShapeInstance>& shapes() const { return shapes_; }
  const std::vector<FillVertex>& fills() const { return fills_; }
  const std::vector<FillVertex>& lines() const { return lines_; }
  const std::vector<int>& strip_first() const { return strip_first_; }
  const std::vector<int>& strip_count() const { return strip_count_; }
  const std::vector<Run>& runs() const { return runs_; }
  // Reserve room for n shapes (trajectory overlays know their size up front).
  void reserve_shapes(size_t n) { shapes_.reserve(n); }
  void reserve_strips(size_t strips, size_t points) {
    lines_.reserve(points);
    strip_first_.reserve(strips);
    strip_count_.reserve(strips);
  }

 private:
  void add_shape(const ShapeInstance& s);
  Run& run(Pipe p, int first);
  std::vector<ShapeInstance> shapes_;
  std::vector<FillVertex> fills_, lines_;
  std::vector<int> strip_first_, strip_count_;
  std::vector<Run> runs_;
};

// RGBA8 of a colour, each channel clamped to [0, 1] (NaN: 0).
void pack_color(Color c, uint8_t out[4]);

}  // namespace mbrl::gui
