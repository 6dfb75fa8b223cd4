// The tree inspector's canvas maths: zoom keeps the point under the cursor, "fit" shows every
// node, picking finds the clicked node, and the level of detail visits only what can touch the
// screen and bounds the marks drawn for a 100000-node tree.
#include <doctest/doctest.h>

#include <set>

#include "app/gui/tree/tree_view.hpp"
#include "synthetic_tree.hpp"

using namespace mbrl;
using namespace mbrl::gui;

TEST_CASE("camera: zoom about the cursor keeps that point fixed, pan moves by pixels") {
  TreeCamera cam;
  cam.ox = 10, cam.oy = 20, cam.x0 = 3, cam.d0 = -0.5f, cam.zoom = 30, cam.level_px = 50, cam.min_level_px = 8;
  const float mx = 400, my = 300, wx = cam.wx(mx), wd = cam.wd(my);
  cam.zoom_about(mx, my, 1.7f, 0.01f);
  CHECK(cam.zoom == doctest::Approx(51.f));
  CHECK(cam.sx(wx) == doctest::Approx(mx));
  CHECK(cam.sy(wd) == doctest::Approx(my));
  for (int k = 0; k < 40; ++k) cam.zoom_about(mx, my, 0.5f, 0.01f);  // levels never closer than at fit
  CHECK(cam.level_px == doctest::Approx(8.f));
  CHECK(cam.zoom == doctest::Approx(0.01f));
  CHECK(cam.sx(wx) == doctest::Approx(mx).epsilon(1e-3));
  const float before = cam.sx(5.f);
  cam.pan(12.f, -3.f);
  CHECK(cam.sx(5.f) == doctest::Approx(before + 12.f).epsilon(1e-3));
}

TEST_CASE("camera: fit shows every visible node inside the padded canvas") {
  const MctsTrace t = test::synthetic_trace(5000, 4, 3);
  TreeLayout l;
  layout_tree(t.nodes, 0, l);
  TreeCamera cam;
  cam.ox = 100, cam.oy = 50;
  cam.fit(l, 900, 600, 20, 120);
  for (size_t i = 0; i < t.nodes.size(); ++i) {
    CHECK(cam.sx(l.x[i]) >= 100 + 20 - 0.01f);
    CHECK(cam.sx(l.x[i]) <= 100 + 900 - 20 + 0.01f);
    CHECK(cam.sy(float(t.nodes[i].depth)) >= 50 + 20 - 0.01f);
    CHECK(cam.sy(float(t.nodes[i].depth)) <= 50 + 600 - 120 + 0.01f);  // room for the legend
  }
}

TEST_CASE("camera: fit also shows a 1000-level chain (levels closer than a pixel)") {
  std::vector<MctsTraceNode> chain(1001);
  for (int i = 0; i < 1001; ++i) {
    chain[size_t(i)].parent = i - 1, chain[size_t(i)].depth = i, chain[size_t(i)].visits = 1001 - i;
    if (i < 1000) chain[size_t(i)].first_child = i + 1, chain[size_t(i)].child_count = 1;
  }
  TreeLayout l;
  layout_tree(chain, 0, l);
  CHECK(l.depth == 1000);
  TreeCamera cam;
  cam.fit(l, 800, 600, 10);
  CHECK(cam.sy(1000.f) <= 590.f + 0.01f);
  CHECK(cam.sy(0.f) >= 10.f - 0.01f);
}

TEST_CASE("picking returns the node drawn under the mouse, and nothing far from any node") {
  const MctsTrace t = test::synthetic_trace(400, 3, 5);
  TreeLayout l;
  layout_tree(t.nodes, 0, l);
  TreeCamera cam;
  cam.fit(l, 4000, 800, 10);  // wide enough that nodes are several pixels apart
  REQUIRE(cam.zoom > 8.f);
  for (size_t i = 0; i < t.nodes.size(); i += 7) {
    const float sx = cam.sx(l.x[i]), sy = cam.sy(float(t.nodes[i].depth));
    CHECK(pick_node(l, cam, sx + 1.f, sy - 1.f, 4.f) == int(i));
  }
  CHECK(pick_node(l, cam, cam.sx(l.x[0]), cam.sy(-3.f), 4.f) == -1);
}

TEST_CASE("level span: exactly the nodes whose mark or edge reaches the strip") {
  const MctsTrace t = test::synthetic_trace(3000, 4, 11);
  TreeLayout l;
  layout_tree(t.nodes, 0, l);
  for (float xlo : {-5.f, 0.f, 37.5f, 200.f, 1000.f}) {
    const float xhi = xlo + 25.f;
    for (int d = 0; d < l.levels(); ++d) {
      int b = 0, e = 0;
      level_span(l, t.nodes, d, xlo, xhi, b, e);
      for (int p = 0; p < l.level_size(d); ++p) {
        const int i = l.at(d, p);
        float lo = l.x[size_t(i)], hi = lo;
        if (d > 0)
          lo = std::min(lo, l.x[size_t(t.nodes[size_t(i)].parent)]),
          hi = std::max(hi, l.x[size_t(t.nodes[size_t(i)].parent)]);
        const bool touches = hi >= xlo && lo <= xhi;
        CHECK(touches == (p >= b && p < e));
      }
    }
  }
}

TEST_CASE("level of detail: a 100000-node tree fitted to the screen draws a bounded number of marks") {
  const MctsTrace t = test::synthetic_trace(100000, 5, 2);
  TreeLayout l;
  layout_tree(t.nodes, 0, l);
  TreeCamera cam;
  const float w = 1200, h = 800, bucket = 3.f;
  cam.fit(l, w, h, 20);
  std::vector<TreeMark> marks;
  long counted = 0;
  for (int d = 0; d < l.levels(); ++d) {
    const size_t before = marks.size();
    const int visited = level_marks(l, t.nodes, cam, d, 0.f, w, bucket, marks);
    CHECK(visited == l.level_size(d));  // everything is on screen
    CHECK(marks.size() - before <= size_t(w / bucket) + 2);
    std::set<int> buckets;
    for (size_t k = before; k < marks.size(); ++k) {
      counted += marks[k].count;
      CHECK(buckets.insert(int(std::floor(marks[k].sx / bucket))).second);  // one mark per bucket
      // The mark stands for the most visited node of its bucket.
      CHECK(t.nodes[size_t(marks[k].node)].depth == d);
    }
  }
  CHECK(counted == long(t.nodes.size()));
  CHECK(marks.size() < t.nodes.size() / 5);

  // Zoomed in on a corner, only a few nodes per level are even visited.
  cam.zoom_about(600, 700, 200.f, 0.001f);
  long visited = 0;
  marks.clear();
  for (int d = 0; d < l.levels(); ++d) visited += level_marks(l, t.nodes, cam, d, 0.f, w, bucket, marks);
  CHECK(visited < 2000);
  for (const TreeMark& m : marks) CHECK(m.count == 1);
}
