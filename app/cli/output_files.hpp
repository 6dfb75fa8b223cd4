#pragma once
// The files a headless command writes at its end (a model, a recording, a CSV, an animation):
// checked before the work starts, so a typo in a path fails at once, not after a long run.
#include <string>

#include "app/cli/commands.hpp"
#include "engine/record/recording.hpp"

namespace mbrl {

// "" or "FLAG PATH: cannot write there (why)". Creates nothing that was not there.
std::string check_writable(const std::string& path, const std::string& flag);

struct RecordingOutputs {
  std::string record_path, csv_path;
  ExportSettings export_;
  bool any() const { return !record_path.empty() || !csv_path.empty() || !export_.path.empty(); }
};

// "" or the first bad path (an export without the window is refused here too).
std::string check_outputs(const RecordingOutputs& out, const RecordingExporter& exporter);
// Writes them; prints "wrote FILE" lines unless quiet. Returns an exit status (0, or 2 on failure).
int write_outputs(const Recording& rec, const RecordingOutputs& out, const RecordingExporter& exporter, bool quiet,
                  const char* command);

}  // namespace mbrl
