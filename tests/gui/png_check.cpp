// Checks a GUI screenshot: the image is not blank, and the world view region (read from the
// FILE.png.json the app writes beside it) shows sampled-trajectory colours, i.e. pixels close to
// the viridis map the overlay uses, away from the background and from the environments' own
// role colours (so a green goal disc alone does not pass).
//   png_check FILE.png [min_trajectory_pixels]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <stb_image.h>

namespace {

struct Rgb {
  float r, g, b;
};

float dist(Rgb a, Rgb b) {
  return std::sqrt((a.r - b.r) * (a.r - b.r) + (a.g - b.g) * (a.g - b.g) + (a.b - b.b) * (a.b - b.b));
}

Rgb hex(unsigned v) { return {float((v >> 16) & 255), float((v >> 8) & 255), float(v & 255)}; }

// viridis at t = i / 9, as in app/gui/colormap.hpp.
const unsigned kViridis[10] = {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E,
                               0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C, 0xFDE725};
// Environment role colours (both themes) that must not count as trajectories.
const unsigned kRoles[] = {0x009e73, 0x00875f, 0xe69f00, 0xc77f00, 0xd55e00, 0xc04f00, 0x8c5d6b, 0x9c6b78};

std::vector<int> numbers_after(const std::string& text, const std::string& key) {
  std::vector<int> out;
  const auto at = text.find("\"" + key + "\"");
  if (at == std::string::npos) return out;
  auto p = text.find_first_of("[0123456789-", at + key.size() + 2);
  if (p == std::string::npos) return out;
  const bool list = text[p] == '[';
  std::istringstream in(text.substr(list ? p + 1 : p));
  int v;
  char sep;
  while (in >> v) {
    out.push_back(v);
    if (!list || !(in >> sep) || sep != ',') break;
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: png_check FILE.png [min_trajectory_pixels]\n");
    return 2;
  }
  const std::string file = argv[1];
  const int min_pixels = argc > 2 ? std::atoi(argv[2]) : 150;
  int w = 0, h = 0, n = 0;
  unsigned char* px = stbi_load(file.c_str(), &w, &h, &n, 3);
  if (!px) {
    std::fprintf(stderr, "FAIL: cannot load %s\n", file.c_str());
    return 1;
  }
  std::ifstream side(file + ".json");
  std::stringstream ss;
  ss << side.rdbuf();
  const std::string meta = ss.str();
  const std::vector<int> world = numbers_after(meta, "world"), bgv = numbers_after(meta, "background");
  const std::vector<int> traj = numbers_after(meta, "trajectories");
  if (world.size() != 4 || bgv.size() != 3 || traj.empty()) {
    std::fprintf(stderr, "FAIL: %s.json missing or incomplete\n", file.c_str());
    return 1;
  }
  auto at = [&](int x, int y) {
    const unsigned char* p = px + (size_t(y) * size_t(w) + size_t(x)) * 3;
    return Rgb{float(p[0]), float(p[1]), float(p[2])};
  };
  // 1. Not blank: many distinct colours and real contrast over the whole window.
  std::set<unsigned> colours;
  double sum = 0, sum2 = 0;
  for (int y = 0; y < h; y += 2)
    for (int x = 0; x < w; x += 2) {
      const Rgb c = at(x, y);
      colours.insert((unsigned(c.r) << 16) | (unsigned(c.g) << 8) | unsigned(c.b));
      const double l = 0.2126 * c.r + 0.7152 * c.g + 0.0722 * c.b;
      sum += l, sum2 += l * l;
    }
  const double cnt = double((h / 2 + h % 2) * (w / 2 + w % 2));
  const double sd = std::sqrt(std::max(0.0, sum2 / cnt - (sum / cnt) * (sum / cnt)));
  if (colours.size() < 200 || sd < 8.0) {
    std::fprintf(stderr, "FAIL: %s looks blank (%zu colours, luminance sd %.1f)\n", file.c_str(), colours.size(), sd);
    return 1;
  }
  // 2. Trajectory colours inside the world view.
  std::vector<Rgb> curve;
  for (int i = 0; i < 9; ++i)
    for (int k = 0; k < 8; ++k) {
      const Rgb a = hex(kViridis[i]), b = hex(kViridis[i + 1]);
      const float t = float(k) / 8.f;
      curve.push_back({a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t});
    }
  const Rgb bg{float(bgv[0]), float(bgv[1]), float(bgv[2])};
  int hits = 0, differs = 0;
  const int x0 = std::max(0, world[0]), y0 = std::max(0, world[1]);
  const int x1 = std::min(w, world[0] + world[2]), y1 = std::min(h, world[1] + world[3]);
  for (int y = y0; y < y1; ++y)
    for (int x = x0; x < x1; ++x) {
      const Rgb c = at(x, y);
      if (dist(c, bg) > 30.f) ++differs;
      if (dist(c, bg) < 60.f) continue;
      bool role = false;
      for (unsigned r : kRoles) role = role || dist(c, hex(r)) < 20.f;
      if (role) continue;
      for (const Rgb& v : curve)
        if (dist(c, v) < 40.f) {
          ++hits;
          break;
        }
    }
  stbi_image_free(px);
  const double area = double(x1 - x0) * double(y1 - y0);
  std::printf(
      "%s: %zu colours, luminance sd %.1f, world %dx%d, %.1f%% drawn, %d trajectory-coloured pixels, "
      "%d trajectories drawn\n",
      file.c_str(), colours.size(), sd, x1 - x0, y1 - y0, 100.0 * differs / std::max(area, 1.0), hits, traj[0]);
  if (differs < area * 0.01) {
    std::fprintf(stderr, "FAIL: the world view is almost empty\n");
    return 1;
  }
  if (traj[0] <= 0 || hits < min_pixels) {
    std::fprintf(stderr, "FAIL: no sampled trajectories visible in the world view (%d pixels, need %d)\n", hits,
                 min_pixels);
    return 1;
  }
  return 0;
}
