#include "learn_test_util.hpp"  // first: it sets up compiler diagnostics for Eigen

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "core/learn/model_io.hpp"

using namespace mbrl;

namespace {

Ensemble make(int members, Head head, uint64_t seed) {
  NetSpec sp;
  sp.state_dim = 2;
  sp.action_dim = 1;
  sp.obs_dim = 3;
  sp.obs_name = "pendulum";
  sp.members = members;
  sp.hidden = {12, 8};
  sp.act = Activation::Tanh;
  sp.head = head;
  Ensemble e;
  e.init(sp, seed);
  e.input.mean << 0.1f, 0.2f, 0.3f, 0.4f;
  e.target.std << 0.5f, 0.25f;
  return e;
}

std::string tmp_path(const char* name) {
  return (std::filesystem::temp_directory_path() / (std::string("mbrl_learn_test_") + name)).string();
}

std::vector<char> read_all(const std::string& p) {
  std::ifstream f(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}
void write_all(const std::string& p, const std::vector<char>& b) {
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f.write(b.data(), std::streamsize(b.size()));
}

bool same(const Ensemble& a, const Ensemble& b) {
  if (!(a.spec == b.spec) || a.theta.size() != b.theta.size()) return false;
  for (size_t k = 0; k < a.theta.size(); ++k)
    if (a.theta[k] != b.theta[k]) return false;
  return a.input.mean == b.input.mean && a.input.std == b.input.std && a.target.mean == b.target.mean &&
         a.target.std == b.target.std;
}

}  // namespace

TEST_CASE("A saved model loads back bit-exactly and predicts identically") {
  for (Head head : {Head::Deterministic, Head::Probabilistic}) {
    const Ensemble e = make(3, head, 4);
    const std::string path = tmp_path("roundtrip.bin");
    REQUIRE(save_model(path, e) == "");
    Ensemble back = make(1, Head::Deterministic, 9);
    REQUIRE(load_model(path, back, &e.spec, true) == "");
    CHECK(same(e, back));
    const Mat x = Mat::Random(4, 50);
    Mat y1(3 * e.spec.net_out(), 50), y2(3 * e.spec.net_out(), 50);
    EnsembleWorkspace w1, w2;
    e.forward_all(x, y1, w1);
    back.forward_all(x, y2, w2);
    CHECK(y1 == y2);
    std::remove(path.c_str());
  }
}

TEST_CASE("Corrupt, truncated, foreign or mismatched model files fail clearly and change nothing") {
  const Ensemble e = make(2, Head::Probabilistic, 4);
  const std::string path = tmp_path("good.bin"), bad = tmp_path("bad.bin");
  REQUIRE(save_model(path, e) == "");
  const std::vector<char> good = read_all(path);
  const Ensemble current = make(2, Head::Probabilistic, 77);  // the model in use before the load
  auto attempt = [&](const std::vector<char>& bytes, const NetSpec* expect = nullptr) {
    write_all(bad, bytes);
    Ensemble target = current;
    const std::string err = load_model(bad, target, expect);
    CHECK(same(target, current));               // unchanged
    CHECK(err.find(bad) != std::string::npos);  // names the file
    return err;
  };

  SUBCASE("flipped payload byte") {
    std::vector<char> b = good;
    b[b.size() - 40] ^= 0x10;
    CHECK(attempt(b).find("checksum") != std::string::npos);
  }
  SUBCASE("truncated") {
    for (size_t cut : {size_t(10), size_t(30), good.size() / 2, good.size() - 1}) {
      std::vector<char> b(good.begin(), good.begin() + std::ptrdiff_t(cut));
      const std::string err = attempt(b);
      CAPTURE(err);
      CHECK((err.find("truncated") != std::string::npos ||
             err.find("not an mbrl-playground model") != std::string::npos));
    }
  }
  SUBCASE("not a model") {
    std::vector<char> b(200, 'x');
    CHECK(attempt(b).find("expected the magic") != std::string::npos);
  }
  SUBCASE("newer format version") {
    std::vector<char> b = good;
    b[8] = 9;
    CHECK(attempt(b).find("version 9, expected 1") != std::string::npos);
  }
  SUBCASE("header shape corrupted") {
    std::vector<char> b = good;
    b[12] = 100;  // state_dim 2 -> 100: payload size no longer matches
    CHECK(attempt(b).find("corrupt") != std::string::npos);
  }
  SUBCASE("trailing garbage") {
    std::vector<char> b = good;
    b.push_back(0);
    CHECK(attempt(b).find("trailing") != std::string::npos);
  }
  SUBCASE("a model for another environment") {
    NetSpec other = e.spec;
    other.obs_name = "cartpole";
    other.state_dim = 4;
    other.obs_dim = 5;
    const std::string err = attempt(good, &other);
    CAPTURE(err);
    CHECK(err.find("expected 'cartpole") != std::string::npos);
  }
  SUBCASE("missing file") {
    Ensemble target = current;
    const std::string err = load_model(tmp_path("does_not_exist.bin"), target);
    CHECK(err.find("cannot open") != std::string::npos);
    CHECK(same(target, current));
  }
  std::remove(path.c_str());
  std::remove(bad.c_str());
}

TEST_CASE("A folder, a device, a missing file or a file larger than any model is refused by name without reading it") {
  const Ensemble current = make(2, Head::Probabilistic, 5);
  const std::string dir = tmp_path("a_folder");
  std::filesystem::create_directories(dir);
  const std::string huge = tmp_path("huge.bin");
  {
    std::ofstream f(huge, std::ios::binary);
    f.seekp(std::streamoff(3) << 30);  // a sparse 3 GB file
    f.put('x');
  }
  struct Case {
    std::string path, says;
  };
  for (const Case& c : {Case{dir, "is a folder"}, Case{"/dev/zero", "not a regular file"},
                        Case{tmp_path("missing.bin"), "no such file"}, Case{huge, "more than any model"}}) {
    Ensemble target = current;
    const std::string err = load_model(c.path, target);
    CAPTURE(err);
    CHECK(err.find(c.path) != std::string::npos);
    CHECK(err.find(c.says) != std::string::npos);
    CHECK(same(target, current));
  }
  std::filesystem::remove(huge);
  std::filesystem::remove_all(dir);
}
