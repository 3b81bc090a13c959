// libFuzzer harness: tfviz::parseRunRecord, the reader of DIR/.tfviz-run that `tfviz render
// --resume` finds in a folder (anyone may have written it), and runRecordDifference on what it
// gives. Seeds: corpus/run_record (make_corpus.py).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "export/manifest.hpp"
#include "fuzz_check.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace tfviz;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const std::optional<RunRecord> record = parseRunRecord(text);
  if (!record) return 0;
  // What was read writes back as a record that reads the same keys, in the same order.
  const std::optional<RunRecord> again = parseRunRecord(runRecordText(*record));
  fuzz::check(again.has_value(), "a record read back from runRecordText does not parse");
  fuzz::check(again->settings.size() == record->settings.size(),
              "a record read back has another number of settings");
  for (std::size_t i = 0; i < record->settings.size(); ++i) {
    fuzz::check(again->settings[i].first == record->settings[i].first,
                "a record read back has other keys");
  }
  // As render --resume compares: the saved record with the few settings of this run (its message
  // may hold anything the file held; logError escapes it when printing).
  RunRecord now;
  now.settings = {{"section", "matmul"}, {"size", "640x360"}, {"fps", "30"}};
  (void)runRecordDifference(*record, now);
  (void)runRecordDifference(now, *record);
  return 0;
}
