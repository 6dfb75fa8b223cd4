#include "app/cli/output_files.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "engine/record/csv_export.hpp"
#include "engine/record/recording_io.hpp"

namespace mbrl {

std::string parse_size(const std::string& text, ExportSettings& e) {
  int w = 0, h = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%dx%d%c", &w, &h, &tail) != 2 || w < 16 || h < 16 || w > 7680 || h > 4320)
    return "--size " + text + ": expected WIDTHxHEIGHT between 16x16 and 7680x4320, e.g. 960x540";
  e.width = w;
  e.height = h;
  return "";
}

std::string check_writable(const std::string& path, const std::string& flag) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) return flag + " " + path + ": is a folder, expected a file name";
  const std::string tmp = path + ".tmp";
  const bool existed = std::filesystem::exists(tmp, ec);
  std::ofstream probe(tmp, std::ios::binary | std::ios::app);  // app: never truncates
  if (!probe) return flag + " " + path + ": cannot write there (" + std::strerror(errno) + ")";
  probe.close();
  if (!existed) std::remove(tmp.c_str());
  return "";
}

std::string check_outputs(const RecordingOutputs& out, const RecordingExporter& exporter) {
  if (!out.record_path.empty())
    if (std::string e = check_writable(out.record_path, "--record"); !e.empty()) return e;
  if (!out.csv_path.empty())
    if (std::string e = check_writable(out.csv_path, "--csv"); !e.empty()) return e;
  if (!out.export_.path.empty()) {
    const std::string& p = out.export_.path;
    const std::string ext = p.size() >= 4 ? p.substr(p.size() - 4) : "";
    if (ext != ".gif" && ext != ".mp4" && ext != ".png")
      return "--export " + p + ": expected a .gif, .mp4 or .png (numbered frames) file name";
    if (!exporter)
      return "--export: this build has no window to render with (MBRL_BUILD_APP=OFF); --record FILE now and "
             "export it later with 'mbrl-playground replay FILE --export OUT' from a build with the window";
    if (std::string e = check_writable(p, "--export"); !e.empty()) return e;
  }
  return "";
}

int write_outputs(const Recording& rec, const RecordingOutputs& out, const RecordingExporter& exporter, bool quiet,
                  const char* command) {
  auto fail = [&](const std::string& e) {
    std::fprintf(stderr, "mbrl-playground %s: %s\n", command, e.c_str());
    return 2;
  };
  if (!rec.note().empty() && !quiet) std::printf("note: %s\n", rec.note().c_str());
  if (!out.record_path.empty()) {
    if (std::string e = save_recording(rec, out.record_path); !e.empty()) return fail("--record " + e);
    if (!quiet) std::printf("wrote %s (%lld steps)\n", out.record_path.c_str(), (long long)rec.last_frame());
  }
  if (!out.csv_path.empty()) {
    if (std::string e = write_csv(rec, out.csv_path); !e.empty()) return fail("--csv " + e);
    if (!quiet) std::printf("wrote %s and %s.json\n", out.csv_path.c_str(), out.csv_path.c_str());
  }
  if (!out.export_.path.empty()) return exporter(rec, out.export_);
  return 0;
}

}  // namespace mbrl
