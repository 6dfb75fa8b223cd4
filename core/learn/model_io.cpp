#include "core/eigen_warnings.hpp"  // first: see there
#include "core/learn/model_io.hpp"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace mbrl {

namespace {

constexpr char kMagic[8] = {'M', 'B', 'R', 'L', 'N', 'E', 'T', '\0'};

// The largest model the documented ranges allow (16 members, 8 layers of 1024 units, 256 input and
// 512 output dimensions), in float weights, with room for the header and normalisers.
constexpr uint64_t kMaxModelBytes =
    uint64_t(16) * (256 * 1024 + 7 * (1024 * 1024 + 1024) + 1024 * 512 + 512 + 4096) * 4 + (1 << 20);

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
  if (size > kMaxModelBytes)
    return where + " has " + std::to_string(size) + " bytes, more than any model within the documented ranges (" +
           std::to_string(kMaxModelBytes) + ")";
  std::vector<unsigned char> buf;
  {
    std::ifstream f(path, std::ios::binary);
    if (!f) return "cannot open " + where + ": " + std::strerror(errno);
    buf.assign(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
  }
  if (buf.size() < 12 || std::memcmp(buf.data(), kMagic, 8) != 0)
    return where + " is not an mbrl-playground model (expected the magic \"MBRLNET\" at the start)";
  Reader r{buf, 8};
  const uint32_t version = r.get<uint32_t>();
  if (version != kModelFileVersion)
    return where + " has format version " + std::to_string(version) + ", expected " + std::to_string(kModelFileVersion);
  auto truncated = [&] {
    return where + " is truncated (" + std::to_string(buf.size()) + " bytes; the header or payload is incomplete)";
  };
  NetSpec s;
  s.state_dim = r.get<int32_t>();
  s.action_dim = r.get<int32_t>();
  s.obs_dim = r.get<int32_t>();
  s.members = r.get<int32_t>();
  const int32_t nh = r.get<int32_t>();
  if (!r.ok) return truncated();
  auto bad_dim = [](int v, int hi) { return v < 1 || v > hi; };
  if (bad_dim(s.state_dim, 4096) || bad_dim(s.action_dim, 4096) || bad_dim(s.obs_dim, 4096) || bad_dim(s.members, 64) ||
      bad_dim(nh, 64))
    return where + " has an invalid header (dims, members or layer count out of range): corrupt file";
  s.hidden.clear();
  for (int i = 0; i < nh; ++i) {
    s.hidden.push_back(r.get<int32_t>());
    if (!r.ok) return truncated();
    if (bad_dim(s.hidden.back(), 65536)) return where + " has an invalid hidden width: corrupt file";
  }
  const int32_t act = r.get<int32_t>(), head = r.get<int32_t>();
  const uint32_t name_len = r.get<uint32_t>();
  if (!r.ok) return truncated();
  if (act < 0 || act > 2 || head < 0 || head > 1 || name_len > 256)
    return where + " has an invalid header (activation, head or name): corrupt file";
  s.act = Activation(act);
  s.head = Head(head);
  if (r.pos + name_len > buf.size()) return truncated();
  s.obs_name.assign(reinterpret_cast<const char*>(buf.data() + r.pos), name_len);
  r.pos += name_len;
  const uint64_t nfloats = r.get<uint64_t>();
  if (!r.ok) return truncated();
  if (nfloats != uint64_t(payload_floats(s)))
    return where + " declares " + std::to_string(nfloats) + " weights but its shapes need " +
           std::to_string(payload_floats(s)) + ": corrupt file";
  const size_t need = r.pos + size_t(nfloats) * sizeof(float) + sizeof(uint64_t);
  if (buf.size() < need) return truncated();
  if (buf.size() > need) return where + " has " + std::to_string(buf.size() - need) + " unexpected trailing bytes";
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
  auto take = [&](Vec& v, Eigen::Index n) {
    v.resize(n);
    std::memcpy(v.data(), buf.data() + r.pos, sizeof(float) * size_t(n));
    r.pos += sizeof(float) * size_t(n);
  };
  take(e.input.mean, s.in_dim());
  take(e.input.std, s.in_dim());
  take(e.target.mean, s.state_dim);
  take(e.target.std, s.state_dim);
  e.theta.resize(size_t(s.members));
  for (auto& t : e.theta) take(t, s.member_params());
  if (!e.all_finite()) return where + " contains non-finite weights (NaN or inf)";
  e.sync();
  out = std::move(e);
  return "";
}

}  // namespace mbrl
