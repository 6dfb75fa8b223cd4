#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/model_io.hpp"

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

#include "core/learn/model_params.hpp"
#include "core/params.hpp"

namespace mbrl {

namespace {

constexpr char kMagic[8] = {'M', 'B', 'R', 'L', 'N', 'E', 'T', '\0'};

uint64_t fnv1a(const unsigned char* p, size_t n) {
  uint64_t h = 0xcbf29ce484222325ull;
  for (size_t i = 0; i < n; ++i) {
    h ^= p[i];
    h *= 0x100000001b3ull;
  }
  return h;
}

struct Writer {
  std::vector<unsigned char> buf;
  template <class T>
  void put(const T& v) {
    const auto* p = reinterpret_cast<const unsigned char*>(&v);
    buf.insert(buf.end(), p, p + sizeof(T));
  }
  void floats(const float* p, Eigen::Index n) {
    const auto* b = reinterpret_cast<const unsigned char*>(p);
    buf.insert(buf.end(), b, b + sizeof(float) * size_t(n));
  }
};

struct Reader {
  const std::vector<unsigned char>& buf;
  size_t pos = 0;
  bool ok = true;
  template <class T>
  T get() {
    T v{};
    if (pos + sizeof(T) > buf.size()) {
      ok = false;
      return v;
    }
    std::memcpy(&v, buf.data() + pos, sizeof(T));
    pos += sizeof(T);
    return v;
  }
};

Eigen::Index payload_floats(const NetSpec& s) {
  return 2 * Eigen::Index(s.in_dim()) + 2 * Eigen::Index(s.state_dim) + Eigen::Index(s.members) * s.member_params();
}

}  // namespace

std::string save_model(const std::string& path, const Ensemble& ens) {
  const NetSpec& s = ens.spec;
  Writer w;
  w.buf.insert(w.buf.end(), kMagic, kMagic + 8);
  w.put(kModelFileVersion);
  w.put(int32_t(s.state_dim));
  w.put(int32_t(s.action_dim));
  w.put(int32_t(s.obs_dim));
  w.put(int32_t(s.members));
  w.put(int32_t(s.hidden.size()));
  for (int h : s.hidden) w.put(int32_t(h));
  w.put(int32_t(s.act));
  w.put(int32_t(s.head));
  w.put(uint32_t(s.obs_name.size()));
  w.buf.insert(w.buf.end(), s.obs_name.begin(), s.obs_name.end());
  w.put(uint64_t(payload_floats(s)));
  w.floats(ens.input.mean.data(), ens.input.mean.size());
  w.floats(ens.input.std.data(), ens.input.std.size());
  w.floats(ens.target.mean.data(), ens.target.mean.size());
  w.floats(ens.target.std.data(), ens.target.std.size());
  for (const Vec& t : ens.theta) w.floats(t.data(), t.size());
  w.put(fnv1a(w.buf.data(), w.buf.size()));

  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f) return "cannot write model file '" + tmp + "': " + std::strerror(errno);
    f.write(reinterpret_cast<const char*>(w.buf.data()), std::streamsize(w.buf.size()));
    if (!f) return "cannot write model file '" + tmp + "' (disk full?)";
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    const std::string err = std::strerror(errno);
    std::remove(tmp.c_str());
    return "cannot rename '" + tmp + "' to '" + path + "': " + err;
  }
  return "";
}

namespace {

// A documented range of ModelParams (model_params.hpp): the one place the loader takes them from.
struct IntRange {
  int lo, hi;
  bool has(int v) const { return v >= lo && v <= hi; }
  std::string text() const {
    std::ostringstream os;  // (`"[" + std::to_string(...)` trips GCC 12's -Wrestrict false positive)
    os << '[' << lo << ", " << hi << ']';
    return os.str();
  }
};
IntRange documented(const char* key) {
  const ParamSet params = describe(ModelParams{});  // held: find() points into it
  const ParamInfo* info = params.find(key);
  return {int(info->lo), int(info->hi)};
}

// The header's fields, in file order (the payload follows).
struct Header {
  NetSpec spec;
  uint64_t floats = 0;  // declared payload floats
  size_t bytes = 0;     // header length: the payload starts here
};

// The longest header: magic, version, 5 sizes, a width per layer, activation, head, name, payload count.
size_t header_max_bytes() {
  return 8 + 4 + 5 * 4 + size_t(documented("layers").hi) * 4 + 3 * 4 + kModelMaxNameBytes + 8;
}

// Parses and range-checks the header in `buf` (the file's first bytes). "" or the message.
std::string parse_header(const std::vector<unsigned char>& buf, size_t file_size, const std::string& where, Header& h) {
  auto truncated = [&] {
    return where + " is truncated (" + std::to_string(file_size) + " bytes; the header or payload is incomplete)";
  };
  if (buf.size() < 12 || std::memcmp(buf.data(), kMagic, 8) != 0)
    return where + " is not an mbrl-playground model (expected the magic \"MBRLNET\" at the start)";
  Reader r{buf, 8};
  const uint32_t version = r.get<uint32_t>();
  if (version != kModelFileVersion)
    return where + " has format version " + std::to_string(version) + ", expected " + std::to_string(kModelFileVersion);
  NetSpec& s = h.spec;
  s.state_dim = r.get<int32_t>();
  s.action_dim = r.get<int32_t>();
  s.obs_dim = r.get<int32_t>();
  s.members = r.get<int32_t>();
  const int32_t nh = r.get<int32_t>();
  if (!r.ok) return truncated();
  const IntRange members = documented("members"), layers = documented("layers"), width = documented("width");
  auto bad_dim = [](int v, int hi) { return v < 1 || v > hi; };
  if (bad_dim(s.state_dim, kModelMaxStateDim) || bad_dim(s.action_dim, kModelMaxInDim) ||
      bad_dim(s.obs_dim, kModelMaxInDim) || s.obs_dim + s.action_dim > kModelMaxInDim)
    return where + " has invalid dimensions (state " + std::to_string(s.state_dim) + ", action " +
           std::to_string(s.action_dim) + ", observation " + std::to_string(s.obs_dim) + "; at most " +
           std::to_string(kModelMaxStateDim) + " states and " + std::to_string(kModelMaxInDim) +
           " inputs): corrupt file";
  if (!members.has(s.members))
    return where + " has " + std::to_string(s.members) + " members, outside model.members' range " + members.text() +
           ": corrupt file";
  if (!layers.has(nh))
    return where + " has " + std::to_string(nh) + " hidden layers, outside model.layers' range " + layers.text() +
           ": corrupt file";
  s.hidden.clear();
  for (int i = 0; i < nh; ++i) {
    s.hidden.push_back(r.get<int32_t>());
    if (!r.ok) return truncated();
    if (!width.has(s.hidden.back()))
      return where + " has a hidden layer of width " + std::to_string(s.hidden.back()) +
             ", outside model.width's range " + width.text() + ": corrupt file";
  }
  const int32_t act = r.get<int32_t>(), head = r.get<int32_t>();
  const uint32_t name_len = r.get<uint32_t>();
  if (!r.ok) return truncated();
  if (act < 0 || act > 2 || head < 0 || head > 1 || name_len > kModelMaxNameBytes)
    return where + " has an invalid header (activation, head or name): corrupt file";
  s.act = Activation(act);
  s.head = Head(head);
  if (r.pos + name_len > buf.size()) return truncated();
  s.obs_name.assign(reinterpret_cast<const char*>(buf.data() + r.pos), name_len);
  r.pos += name_len;
  h.floats = r.get<uint64_t>();
  if (!r.ok) return truncated();
  if (h.floats != uint64_t(payload_floats(s)))
    return where + " declares " + std::to_string(h.floats) + " weights but its shapes need " +
           std::to_string(payload_floats(s)) + ": corrupt file";
  h.bytes = r.pos;
  return "";
}

// What a valid model holds beyond its shapes: finite weights of a sane size, finite normalisers
// with std > 0, and finite predictions around its data (checked once the checksum holds).
std::string check_contents(const Ensemble& e, const std::string& where) {
  auto check_norm = [&](const Normalizer& n, const char* what) -> std::string {
    for (int i = 0; i < n.dim(); ++i) {
      if (!std::isfinite(n.mean(i)) || !std::isfinite(n.std(i)))
        return where + " has a non-finite " + what + " normaliser (dimension " + std::to_string(i + 1) +
               "): corrupt file";
      if (!(n.std(i) >= kModelMinStd))
        return where + " has a " + what + " normaliser std of " + std::to_string(n.std(i)) + " (dimension " +
               std::to_string(i + 1) + "); it must be >= " + std::to_string(kModelMinStd) + ": corrupt file";
    }
    return "";
  };
  if (std::string err = check_norm(e.input, "input"); !err.empty()) return err;
  if (std::string err = check_norm(e.target, "target"); !err.empty()) return err;
  for (size_t k = 0; k < e.theta.size(); ++k) {
    const Vec& t = e.theta[k];
    for (Eigen::Index i = 0; i < t.size(); ++i)
      if (!std::isfinite(t(i)) || std::abs(t(i)) > kModelMaxWeight)
        return where + " has weight " + std::to_string(i) + " of member " + std::to_string(k + 1) + " = " +
               std::to_string(t(i)) + " (weights must be finite, |w| <= " + std::to_string(int(kModelMaxWeight)) +
               "): corrupt file";
  }
  // Normalised inputs 0, +-1 and +-3 (the data's mean and a few std around it) must give finite
  // predictions, mean and variance heads alike: weights that overflow in the forward pass make
  // every rollout through the model non-finite.
  const int in = e.spec.in_dim(), out_rows = e.members() * e.spec.net_out();
  Mat x(in, 5);
  x.col(0).setZero();
  x.col(1).setConstant(1.f);
  x.col(2).setConstant(-1.f);
  x.col(3).setConstant(3.f);
  x.col(4).setConstant(-3.f);
  Mat y(out_rows, 5);
  EnsembleWorkspace ws;
  e.forward_all(x, y, ws);
  for (int k = 0; k < e.members(); ++k) {
    const auto member = y.middleRows(Eigen::Index(k) * e.spec.net_out(), e.spec.net_out());
    const auto residual =
        (member.topRows(e.spec.state_dim).array().colwise() * e.target.std.array()).colwise() + e.target.mean.array();
    if (!member.allFinite() || !residual.allFinite())
      return where + " predicts non-finite values (member " + std::to_string(k + 1) +
             ") within 3 std of its data: corrupt weights";
  }
  return "";
}

// Reads exactly n bytes at the stream's position into buf[at, at + n); false if fewer came.
bool read_bytes(std::ifstream& f, std::vector<unsigned char>& buf, size_t at, size_t n) {
  buf.resize(at + n);
  f.read(reinterpret_cast<char*>(buf.data() + at), std::streamsize(n));
  return size_t(f.gcount()) == n;
}

}  // namespace

uint64_t model_file_max_bytes() {
  NetSpec s;
  s.state_dim = kModelMaxStateDim;
  s.action_dim = 1;
  s.obs_dim = kModelMaxInDim - 1;
  s.members = documented("members").hi;
  s.hidden.assign(size_t(documented("layers").hi), documented("width").hi);
  s.head = Head::Probabilistic;
  return header_max_bytes() + uint64_t(payload_floats(s)) * sizeof(float) + sizeof(uint64_t);
}

std::string load_model(const std::string& path, Ensemble& out, const NetSpec* expect, bool same_architecture) {
  const std::string where = "model file '" + path + "'";
  // What the file is, before a byte is read: a folder, a device (/dev/zero) or a file larger than
  // any model within the documented ranges is refused without reading it.
  std::error_code ec;
  const std::filesystem::file_status st = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(st)) return "cannot open " + where + ": no such file";
  if (std::filesystem::is_directory(st)) return where + " is a folder, expected a model file";
  if (!std::filesystem::is_regular_file(st)) return where + " is not a regular file";
  const uintmax_t size = std::filesystem::file_size(path, ec);
  if (ec) return "cannot read the size of " + where + ": " + ec.message();
  const uint64_t max_bytes = model_file_max_bytes();
  if (size > max_bytes)
    return where + " has " + std::to_string(size) + " bytes, more than any model within the documented ranges (" +
           std::to_string(max_bytes) + ")";
  std::ifstream f(path, std::ios::binary);
  if (!f) return "cannot open " + where + ": " + std::strerror(errno);
  // The header first: its shapes say how long the file must be, before the payload is read.
  std::vector<unsigned char> buf;
  read_bytes(f, buf, 0, std::min<size_t>(size_t(size), header_max_bytes()));
  Header h;
  if (std::string err = parse_header(buf, size_t(size), where, h); !err.empty()) return err;
  const NetSpec& s = h.spec;
  const size_t need = h.bytes + size_t(h.floats) * sizeof(float) + sizeof(uint64_t);
  if (size < need)
    return where + " is truncated (" + std::to_string(size) + " bytes; its header declares " + std::to_string(need) +
           ")";
  if (size > need) return where + " has " + std::to_string(size - need) + " unexpected trailing bytes";
  // The rest; the file may have changed since its size was read: exactly `need` bytes, then its end.
  if (!read_bytes(f, buf, buf.size(), need - buf.size()))
    return where + " is truncated (it shrank while it was read): read it again";
  if (f.peek() != std::ifstream::traits_type::eof()) return where + " grew while it was read: read it again";
  uint64_t stored;
  std::memcpy(&stored, buf.data() + need - sizeof(uint64_t), sizeof(uint64_t));
  if (stored != fnv1a(buf.data(), need - sizeof(uint64_t))) return where + " failed its checksum: the file is corrupt";

  if (expect) {
    const bool io = expect->state_dim == s.state_dim && expect->action_dim == s.action_dim &&
                    expect->obs_dim == s.obs_dim && expect->obs_name == s.obs_name;
    if (!io || (same_architecture && !(*expect == s)))
      return where + " holds a model for '" + s.describe() + "', expected '" + expect->describe() + "'";
  }

  Ensemble e;
  e.spec = s;
  size_t pos = h.bytes;
  auto take = [&](Vec& v, Eigen::Index n) {
    v.resize(n);
    std::memcpy(v.data(), buf.data() + pos, sizeof(float) * size_t(n));
    pos += sizeof(float) * size_t(n);
  };
  take(e.input.mean, s.in_dim());
  take(e.input.std, s.in_dim());
  take(e.target.mean, s.state_dim);
  take(e.target.std, s.state_dim);
  e.theta.resize(size_t(s.members));
  for (auto& t : e.theta) take(t, s.member_params());
  e.sync();
  if (std::string err = check_contents(e, where); !err.empty()) return err;
  out = std::move(e);
  return "";
}

}  // namespace mbrl
